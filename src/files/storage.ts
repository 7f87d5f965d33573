import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ROOT } from '../paths';
import { StorageError, toStorageError } from './errors';
import { assertMediaKey, isMediaKey } from './keys';

export interface StoredObject {
  key: string;
  bytes: number;
  modifiedAt: Date;
}

/**
 * Where media bytes live. Every method takes a key made by mediaKey() and refuses any other
 * (StorageError 'invalid_key'); failures are StorageError. LocalStorage is the default; an
 * S3-compatible bucket is meant to implement this same interface later (list = ListObjectsV2).
 */
export interface MediaStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  stream(key: string): Promise<{ body: Readable; bytes: number }>;
  /** Idempotent: deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every stored media object (temporary and foreign files are skipped). */
  list(): AsyncIterable<StoredObject>;
}

export class LocalStorage implements MediaStorage {
  readonly root: string;

  constructor(rootDir = 'uploads') {
    this.root = path.resolve(ROOT, rootDir);
  }

  /** The absolute path of a key, after checking that it is one of ours and stays inside the root. */
  pathFor(key: string): string {
    assertMediaKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new StorageError('invalid_key', key);
    return file;
  }

  // Written to a temporary file in the same directory, flushed, then renamed over the target: a
  // reader (or a crash) sees the whole old file, the whole new one, or none, never a torn write.
  async put(key: string, data: Buffer, _contentType: string): Promise<void> {
    const file = this.pathFor(key);
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const handle = await fs.open(tmp, 'wx', 0o644);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw toStorageError(err, key);
    }
  }

  async get(key: string): Promise<Buffer> {
    const file = this.pathFor(key);
    try {
      return await fs.readFile(file);
    } catch (err) {
      throw toStorageError(err, key);
    }
  }

  async stream(key: string): Promise<{ body: Readable; bytes: number }> {
    const file = this.pathFor(key);
    // Opened before returning, so a missing file is a StorageError here rather than a stream error mid-response.
    const handle = await fs.open(file, 'r').catch((err: unknown) => {
      throw toStorageError(err, key);
    });
    try {
      const { size } = await handle.stat();
      return { body: handle.createReadStream(), bytes: size };
    } catch (err) {
      await handle.close();
      throw toStorageError(err, key);
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    try {
      await fs.unlink(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw toStorageError(err, key);
    }
  }

  async exists(key: string): Promise<boolean> {
    const file = this.pathFor(key);
    try {
      return (await fs.stat(file)).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw toStorageError(err, key);
    }
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const year of await this.entries(this.root, /^\d{4}$/)) {
      for (const month of await this.entries(path.join(this.root, year), /^(0[1-9]|1[0-2])$/)) {
        const dir = path.join(this.root, year, month);
        for (const name of await this.entries(dir, /./)) {
          const key = `${year}/${month}/${name}`;
          if (!isMediaKey(key)) continue;
          const stat = await fs.stat(path.join(dir, name)).catch(() => null);
          if (stat?.isFile()) yield { key, bytes: stat.size, modifiedAt: stat.mtime };
        }
      }
    }
  }

  private async entries(dir: string, pattern: RegExp): Promise<string[]> {
    try {
      return (await fs.readdir(dir)).filter((name) => pattern.test(name)).sort();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw toStorageError(err, dir);
    }
  }
}
