import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { BackupError } from './errors';
import type { FileSum } from './manifest';

/**
 * A .tar.gz written entry after entry. The SHA-256 of each entry is taken from the very bytes
 * handed to tar, so the manifest describes the archive, not a file that might have changed since.
 */
export class ArchiveWriter {
  readonly sums: Record<string, FileSum> = {};
  private readonly pack = tar.pack();
  private readonly written: Promise<void>;
  private failure: unknown = null;

  /** `file` must not exist; it is created readable by its owner only (it holds password hashes). */
  constructor(file: string) {
    this.written = pipeline(this.pack, zlib.createGzip(), fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    this.written.catch((err) => {
      this.failure = err;
    });
  }

  async addBuffer(name: string, data: Buffer): Promise<void> {
    this.check();
    this.sums[name] = { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    await this.entry(name, data.length, async (entry) => {
      entry.end(data);
    });
  }

  /** Streams a file into the archive (database dumps can be larger than memory). */
  async addFile(name: string, file: string): Promise<void> {
    this.check();
    const { size } = await fs.promises.stat(file);
    const hash = createHash('sha256');
    await this.entry(name, size, async (entry) => {
      for await (const chunk of fs.createReadStream(file)) {
        hash.update(chunk as Buffer);
        if (!entry.write(chunk)) await new Promise<void>((resolve) => entry.once('drain', () => resolve()));
      }
      entry.end(undefined);
    });
    this.sums[name] = { bytes: size, sha256: hash.digest('hex') };
  }

  /** Ends the archive and waits until every byte is on disk. */
  async finish(): Promise<void> {
    this.check();
    this.pack.finalize();
    await this.written;
  }

  /** Stops writing after an error elsewhere; the caller removes the partial file. */
  abort(): void {
    this.pack.destroy();
  }

  private entry(name: string, size: number, fill: (entry: ReturnType<tar.Pack['entry']>) => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const entry = this.pack.entry({ name, size, mode: 0o644, type: 'file' }, (err) => (err ? reject(err) : resolve()));
      fill(entry).catch(reject);
      // A failed output (disk full) ends the pack; without this the entry would wait forever.
      this.written.catch(reject);
    });
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

/** One entry of an archive being read; its body must be read (or skipped) before the next one. */
export interface ArchiveEntry {
  name: string;
  type: string;
  chunks(): AsyncGenerator<Buffer>;
}

function damaged(file: string, err: unknown): Error {
  if (err instanceof BackupError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return new BackupError(`${file}: no such file`);
  if (e?.code === 'EACCES' || e?.code === 'EISDIR') return new BackupError(`${file}: cannot be read (${e.code})`);
  return new BackupError(`${file} is damaged or not a .tar.gz archive (${e?.message ?? String(err)})`);
}

/**
 * The entries of a .tar.gz in order. A damaged gzip or tar stream, whether noticed between entries
 * or inside one's body, becomes a BackupError naming the file.
 */
export async function* readArchive(file: string): AsyncGenerator<ArchiveEntry> {
  const extract = tar.extract();
  let feedError: unknown = null;
  const feeding = pipeline(fs.createReadStream(file), zlib.createGunzip(), extract);
  feeding.catch((err) => {
    feedError = err;
  });
  const fault = (err: unknown) => damaged(file, feedError ?? err);
  try {
    for await (const body of extract) {
      yield {
        name: body.header.name,
        type: body.header.type ?? 'file',
        async *chunks() {
          try {
            for await (const chunk of body) yield chunk as Buffer;
          } catch (err) {
            throw fault(err);
          }
        },
      };
    }
    await feeding;
  } catch (err) {
    throw fault(err);
  } finally {
    extract.destroy();
  }
}

/** The whole body of an entry. */
export async function readEntry(entry: ArchiveEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry.chunks()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** SHA-256 and size of an entry's body, read to the end. */
export async function hashEntry(entry: ArchiveEntry): Promise<FileSum> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of entry.chunks()) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}
