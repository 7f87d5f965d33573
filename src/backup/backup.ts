import fs from 'node:fs/promises';
import path from 'node:path';
import type { DbHandle } from '../db/create-db';
import { type MediaStorage, S3Storage, StorageError } from '../files';
import { ArchiveWriter } from './archive';
import { snapshotDatabase } from './dump';
import { BackupError } from './errors';
import { MANIFEST, type Manifest, appInfo, dbEntry, mediaEntry } from './manifest';

export interface BackupSource {
  handle: DbHandle;
  storage: MediaStorage;
}

export interface BackupOptions {
  /** The archive to write; it must not exist yet. */
  out: string;
  /** Runs between the database snapshot and the media copy (tests write there to prove the order safe). */
  afterDatabase?: () => Promise<void>;
}

export interface BackupReport {
  file: string;
  bytes: number;
  ms: number;
  manifest: Manifest;
}

/** backups/pendopo-20261203-020000.tar.gz (UTC), relative to the working directory. */
export function defaultArchiveName(now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return path.join('backups', `pendopo-${stamp}.tar.gz`);
}

/**
 * One archive holding the database and the media store, taken while the app runs. The database
 * comes first: a media row is inserted only after its files are stored under a new random name
 * (src/files/save.ts, src/modules/media/media.service.ts), and stored files are removed only by
 * src/modules/media/sweep.ts, which takes files no row knows once a day old and files of media
 * deleted over 30 days ago. So the store, copied after the snapshot, holds every file of every
 * media row the snapshot has that is not long deleted. Files stored after the snapshot come along
 * as orphans, which a later media:sweep removes.
 */
export async function createBackup(source: BackupSource, opts: BackupOptions): Promise<BackupReport> {
  const started = Date.now();
  const file = path.resolve(opts.out);
  await fs.mkdir(path.dirname(file), { recursive: true });
  if (await exists(file)) throw new BackupError(`${file} already exists; choose another --out`);
  // Dumps and the archive are made beside the target (same disk, so the final rename is atomic):
  // a backup that fails or is interrupted never leaves a file that looks complete.
  const work = await fs.mkdtemp(path.join(path.dirname(file), '.pendopo-backup-'));
  try {
    const snapshot = await snapshotDatabase(source.handle, work);
    await opts.afterDatabase?.();
    const partial = path.join(work, 'archive.tar.gz');
    const archive = new ArchiveWriter(partial);
    try {
      for (const table of snapshot.tables) {
        await archive.addFile(dbEntry(table.name), table.file);
        await fs.rm(table.file);
      }
      const media = { store: source.storage instanceof S3Storage ? ('s3' as const) : ('local' as const), files: 0, bytes: 0 };
      for await (const object of source.storage.list()) {
        const data = await readStored(source.storage, object.key);
        if (!data) continue;
        await archive.addBuffer(mediaEntry(object.key), data);
        media.files++;
        media.bytes += data.length;
      }
      const manifest: Manifest = {
        format: 'pendopo-backup',
        formatVersion: 1,
        app: appInfo(),
        createdAt: new Date(started).toISOString(),
        database: {
          dialect: snapshot.dialect,
          migration: snapshot.migration,
          tables: Object.fromEntries(snapshot.tables.map((t) => [t.name, t.rows])),
        },
        media,
        files: { ...archive.sums },
      };
      await archive.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
      await archive.finish();
      await fs.rename(partial, file);
      return { file, bytes: (await fs.stat(file)).size, ms: Date.now() - started, manifest };
    } catch (err) {
      archive.abort();
      throw err;
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** A stored file's bytes, or null when a sweep removed it between listing and reading. */
async function readStored(storage: MediaStorage, key: string): Promise<Buffer | null> {
  try {
    return await storage.get(key);
  } catch (err) {
    if (err instanceof StorageError && err.reason === 'not_found') return null;
    throw err;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
