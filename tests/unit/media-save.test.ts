import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { MediaRejected, StorageError } from '../../src/files/errors';
import { mediaKey, newMediaId } from '../../src/files/keys';
import { deleteVariants, saveUpload, sweepOrphans } from '../../src/files/save';
import { LocalStorage, type MediaStorage, type StoredObject } from '../../src/files/storage';
import { HTML_AS_JPG, PHP, jpegWithPayload, pdfBytes, solid } from '../support/images';

/** A LocalStorage whose Nth put (1-based) fails like a full disk; it records what it was asked to do. */
class FlakyStorage implements MediaStorage {
  puts: string[] = [];
  deletes: string[] = [];
  constructor(
    readonly inner: LocalStorage,
    readonly failOnPut = Infinity,
  ) {}
  async put(key: string, data: Buffer, contentType: string) {
    this.puts.push(key);
    if (this.puts.length === this.failOnPut) throw new StorageError('no_space', key);
    return this.inner.put(key, data, contentType);
  }
  get = (key: string) => this.inner.get(key);
  stream = (key: string) => this.inner.stream(key);
  exists = (key: string) => this.inner.exists(key);
  list = () => this.inner.list();
  async delete(key: string) {
    this.deletes.push(key);
    return this.inner.delete(key);
  }
}

let dir: string;
let local: LocalStorage;

async function listKeys(storage: MediaStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of storage.list()) keys.push(o.key);
  return keys.sort();
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-media-'));
  local = new LocalStorage(dir);
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

describe('saveUpload', () => {
  it('stores every image variant under one fresh random id, clean of metadata', async () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const saved = await saveUpload(local, await jpegWithPayload(), 'image', { now });
    expect(saved.kind).toBe('image');
    expect(saved.files.map((f) => f.variant)).toEqual(['w320', 'w640', 'w800', 'fallback', 'share', 'share-jpeg']);
    expect(saved.files.map((f) => f.key)).toEqual(['w320.webp', 'w640.webp', 'w800.webp', 'fallback.jpg', 'share.webp', 'share-jpeg.jpg'].map((s) => `2026/11/${saved.id}-${s}`));
    expect(await listKeys(local)).toEqual(saved.files.map((f) => f.key).sort());
    for (const file of saved.files) {
      const stored = await local.get(file.key);
      expect(stored.length).toBe(file.bytes);
      expect(stored.includes(PHP)).toBe(false);
      const meta = await sharp(stored).metadata();
      expect([meta.width, meta.height, meta.exif]).toEqual([file.width, file.height, undefined]);
      expect(file.contentType).toBe(file.format === 'webp' ? 'image/webp' : 'image/jpeg');
    }
    const again = await saveUpload(local, await solid(100, 100).png().toBuffer(), 'image');
    expect(again.id).not.toBe(saved.id);
  });

  it('stores a PDF as it is', async () => {
    const pdf = pdfBytes();
    const saved = await saveUpload(local, pdf, 'pdf');
    expect(saved.files).toEqual([expect.objectContaining({ variant: 'original', format: 'pdf', contentType: 'application/pdf', bytes: pdf.length })]);
    expect(saved.files[0].key).toMatch(/-original\.pdf$/);
    expect((await local.get(saved.files[0].key)).equals(pdf)).toBe(true);
  });

  it('refused input writes nothing', async () => {
    await expect(saveUpload(local, HTML_AS_JPG, 'image')).rejects.toBeInstanceOf(MediaRejected);
    await expect(saveUpload(local, HTML_AS_JPG, 'pdf')).rejects.toBeInstanceOf(MediaRejected);
    await expect(saveUpload(local, pdfBytes(), 'image')).rejects.toBeInstanceOf(MediaRejected);
    expect(await listKeys(local)).toEqual([]);
  });

  it.each([1, 3, 6])('when put #%i fails, the variants already written are deleted and the error rethrown', async (n) => {
    const flaky = new FlakyStorage(local, n);
    const err = await saveUpload(flaky, await solid(2000, 1500).jpeg().toBuffer(), 'image').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).reason).toBe('no_space');
    expect(flaky.puts).toHaveLength(n);
    expect(flaky.deletes.sort()).toEqual([...flaky.puts].sort());
    expect(await listKeys(local)).toEqual([]);
  });
});

describe('deleteVariants', () => {
  it('deletes every key, tolerates missing ones and reports the ones it could not delete', async () => {
    const saved = await saveUpload(local, await solid(400, 300).png().toBuffer(), 'image');
    const keys = saved.files.map((f) => f.key);
    expect(await deleteVariants(local, [...keys, mediaKey(newMediaId(), 'w320', 'webp')])).toEqual([]);
    expect(await listKeys(local)).toEqual([]);
    expect(await deleteVariants(local, ['../../etc/passwd'])).toEqual(['../../etc/passwd']);
  });
});

describe('sweepOrphans', () => {
  const HOUR = 3600_000;

  async function put(variant: string, ageMs: number): Promise<string> {
    const key = mediaKey(newMediaId(), variant, 'webp');
    await local.put(key, Buffer.from(variant), 'image/webp');
    const when = new Date(Date.now() - ageMs);
    await fs.utimes(local.pathFor(key), when, when);
    return key;
  }

  it('deletes only unknown files older than the threshold', async () => {
    const knownOld = await put('w320', 48 * HOUR);
    const orphanOld = await put('w640', 48 * HOUR);
    const orphanNew = await put('w1280', 5 * 60_000); // an upload whose row may be being inserted
    const knownNew = await put('share', 60_000);
    await fs.writeFile(path.join(path.dirname(local.pathFor(knownOld)), 'README'), 'not media');

    const result = await sweepOrphans(local, new Set([knownOld, knownNew]), 24 * HOUR);
    expect(result).toEqual({ scanned: 4, deleted: [orphanOld] });
    expect(await listKeys(local)).toEqual([knownOld, orphanNew, knownNew].sort());
    expect(await fs.readdir(path.dirname(local.pathFor(knownOld)))).toContain('README');
  });

  it('works on any MediaStorage through list()', async () => {
    const old = new Date('2026-01-01T00:00:00Z');
    const objects: StoredObject[] = [{ key: mediaKey(newMediaId(), 'w320', 'webp', old), bytes: 1, modifiedAt: old }];
    const deleted: string[] = [];
    const fake = {
      async *list() {
        yield* objects;
      },
      delete: async (key: string) => void deleted.push(key),
    } as unknown as MediaStorage;
    expect(await sweepOrphans(fake, new Set(), HOUR, new Date('2026-02-01T00:00:00Z'))).toEqual({ scanned: 1, deleted: [objects[0].key] });
    expect(deleted).toEqual([objects[0].key]);
  });
});
