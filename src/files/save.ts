import { processImage, type ImageOptions, type MediaOutput } from './images';
import { contentTypeFor, mediaKey, newMediaId } from './keys';
import { checkPdf } from './pdf';
import type { MediaStorage } from './storage';

export type UploadKind = 'image' | 'pdf';

export interface SavedFile {
  key: string;
  variant: string;
  format: MediaOutput['format'];
  contentType: string;
  width?: number;
  height?: number;
  bytes: number;
}

export interface SavedUpload {
  /** The random id shared by every variant's key. */
  id: string;
  kind: UploadKind;
  files: SavedFile[];
}

export interface SaveOptions {
  image?: ImageOptions;
  now?: Date;
}

/**
 * Check or process an upload and store every variant under a fresh random id. All or nothing: if a
 * write fails, what was written is deleted and the error (StorageError) is rethrown. The caller
 * inserts its row next and, if that fails, calls deleteVariants() with the returned keys.
 */
export async function saveUpload(storage: MediaStorage, input: Buffer, kind: UploadKind, opts: SaveOptions = {}): Promise<SavedUpload> {
  const outputs = kind === 'image' ? await processImage(input, opts.image) : [checkPdf(input)];
  const id = newMediaId();
  const attempted: string[] = [];
  const files: SavedFile[] = [];
  try {
    for (const { buffer, ...out } of outputs) {
      const key = mediaKey(id, out.variant, out.format, opts.now);
      const contentType = contentTypeFor(key);
      // Recorded before the write: a store without atomic writes may leave part of a failed one.
      attempted.push(key);
      await storage.put(key, buffer, contentType);
      files.push({ key, contentType, ...out });
    }
  } catch (err) {
    await deleteVariants(storage, attempted);
    throw err;
  }
  return { id, kind, files };
}

/** Best-effort delete of every key; returns the keys that could not be deleted (for the log). */
export async function deleteVariants(storage: MediaStorage, keys: Iterable<string>): Promise<string[]> {
  const list = [...keys];
  const results = await Promise.allSettled(list.map((key) => storage.delete(key)));
  return list.filter((_, i) => results[i].status === 'rejected');
}

export interface SweepResult {
  scanned: number;
  deleted: string[];
}

/**
 * Delete stored files no row knows about. Only files older than `olderThanMs` go: a younger one may
 * belong to an upload whose row is being inserted right now (saveUpload writes files first).
 */
export async function sweepOrphans(storage: MediaStorage, knownKeys: ReadonlySet<string>, olderThanMs: number, now: Date = new Date()): Promise<SweepResult> {
  const cutoff = now.getTime() - olderThanMs;
  const result: SweepResult = { scanned: 0, deleted: [] };
  for await (const object of storage.list()) {
    result.scanned++;
    if (knownKeys.has(object.key) || object.modifiedAt.getTime() >= cutoff) continue;
    await storage.delete(object.key);
    result.deleted.push(object.key);
  }
  return result;
}
