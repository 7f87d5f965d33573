import { migrations } from '../../migrations';
import type { DbHandle } from '../db/create-db';
import { migrateToLatest } from '../db/migrator';
import { type MediaStorage, contentTypeFor } from '../files';
import { type ArchiveEntry, hashEntry, readArchive, readEntry } from './archive';
import { BackupError, RestoreRefused } from './errors';
import { loadTables } from './load';
import { type FileSum, MANIFEST, type Manifest, dbEntry, mediaKeyOf, parseManifest, tableOf } from './manifest';
import { assertKnownMigration, migrateTo, migrationLevel, tablesWithRows } from './tables';

export interface RestoreTarget {
  handle: DbHandle;
  storage: MediaStorage;
}

export interface RestoreReport {
  manifest: Manifest;
  rows: number;
  mediaFiles: number;
  /** Files that were in the store before a --force restore and are not in the backup. */
  mediaRemoved: number;
  /** Migrations of this Pendopo newer than the backup, applied after the rows were loaded. */
  migrated: string[];
  ms: number;
}

/**
 * Reads the whole archive once and checks it against its manifest: every entry's SHA-256 and size,
 * no entry missing, none extra, only names a backup writes. Returns the manifest.
 */
export async function verifyArchive(file: string): Promise<Manifest> {
  const seen = new Map<string, FileSum>();
  let manifest: Manifest | null = null;
  for await (const entry of readArchive(file)) {
    if (entry.type !== 'file') throw new BackupError(`${file}: unexpected ${entry.type} entry ${entry.name}`);
    if (entry.name === MANIFEST) {
      manifest = parseManifest(await readEntry(entry));
      continue;
    }
    if (!tableOf(entry.name) && !mediaKeyOf(entry.name)) throw new BackupError(`${file}: unexpected entry ${entry.name}: not a Pendopo backup`);
    if (seen.has(entry.name)) throw new BackupError(`${file}: entry ${entry.name} appears twice`);
    seen.set(entry.name, await hashEntry(entry));
  }
  if (!manifest) throw new BackupError(`${file} has no manifest.json: not a Pendopo backup, or cut short`);
  for (const [name, want] of Object.entries(manifest.files)) {
    const got = seen.get(name);
    if (!got) throw new BackupError(`${file}: ${name} is listed in the manifest but missing from the archive`);
    if (got.sha256 !== want.sha256 || got.bytes !== want.bytes) throw new BackupError(`${file}: checksum mismatch for ${name}: the archive is damaged`);
  }
  for (const name of seen.keys()) if (!manifest.files[name]) throw new BackupError(`${file}: ${name} is not listed in the manifest`);
  for (const table of Object.keys(manifest.database.tables)) {
    if (!manifest.files[dbEntry(table)]) throw new BackupError(`${file}: the rows of table ${table} are missing`);
  }
  return manifest;
}

/**
 * Restores an archive into an empty database and media store: checks the archive first, refuses
 * (RestoreRefused, nothing changed) a target holding data unless `force`, migrates the target to
 * the backup's schema, loads the rows, stores the media, then applies this Pendopo's newer
 * migrations. The app must not be running against the target meanwhile.
 */
export async function restoreBackup(file: string, target: RestoreTarget, opts: { force?: boolean } = {}): Promise<RestoreReport> {
  const started = Date.now();
  const manifest = await verifyArchive(file);
  assertKnownMigration(manifest.database.migration);
  const { db, dialect } = target.handle;
  if (!opts.force) {
    const busy = await tablesWithRows(db, dialect);
    const stored = await hasFiles(target.storage);
    if (busy.length || stored) {
      const what = [busy.length ? `the database has rows (${busy.slice(0, 5).join(', ')}${busy.length > 5 ? ', …' : ''})` : '', stored ? 'the media store has files' : '']
        .filter(Boolean)
        .join(' and ');
      throw new RestoreRefused(`the target is not empty: ${what}. Nothing was changed. Restore into an empty database and media store, or pass --force to replace their contents.`);
    }
  }

  const level = manifest.database.migration;
  // Kysely's migrator takes a server-wide lock on MySQL/MariaDB: skipped when there is nothing to do.
  if ((await migrationLevel(db, dialect)) !== level) await migrateTo(db, level);
  const entries = readArchive(file);
  const restored = new Set<string>();
  let rows: number;
  try {
    const loaded = await loadTables(db, dialect, manifest, entries);
    rows = loaded.rows;
    for (let entry: ArchiveEntry | null = loaded.next; entry; entry = (await entries.next()).value ?? null) {
      const key = mediaKeyOf(entry.name);
      if (!key) {
        await readEntry(entry);
        continue;
      }
      await target.storage.put(key, await readEntry(entry), contentTypeFor(key));
      restored.add(key);
    }
  } finally {
    await entries.return(undefined);
  }
  let mediaRemoved = 0;
  if (opts.force) {
    for await (const object of target.storage.list()) {
      if (restored.has(object.key)) continue;
      await target.storage.delete(object.key);
      mediaRemoved++;
    }
  }
  const migrated = level === Object.keys(migrations).at(-1) ? [] : await migrateToLatest(db);
  return { manifest, rows, mediaFiles: restored.size, mediaRemoved, migrated, ms: Date.now() - started };
}

async function hasFiles(storage: MediaStorage): Promise<boolean> {
  for await (const _ of storage.list()) return true;
  return false;
}
