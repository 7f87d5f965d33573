// S3Storage against a real S3-protocol server (s3rver) running in this process.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';
import { StorageError, type StorageFailure } from '../../src/files/errors';
import { mediaKey, newMediaId } from '../../src/files/keys';
import { S3Storage, type S3StorageOptions } from '../../src/files/s3-storage';
import { saveUpload } from '../../src/files/save';
import { mediaMessages } from '../../src/files/messages';
import { solid } from '../support/images';

const BUCKET = 'pendopo-test';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let server: S3rver;
let dir: string;
let endpoint: string;
let raw: S3Client;

const options = (more: Partial<S3StorageOptions> = {}): S3StorageOptions => ({
  bucket: BUCKET,
  endpoint,
  forcePathStyle: true,
  region: 'us-east-1',
  credentials: CREDENTIALS,
  ...more,
});
const key = (variant = 'w640', format: 'webp' | 'jpeg' | 'pdf' = 'webp') => mediaKey(newMediaId(), variant, format);

async function storageError(promise: Promise<unknown>, reason: StorageFailure): Promise<StorageError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  expect((err as StorageError).reason).toBe(reason);
  return err as StorageError;
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
  endpoint = `http://127.0.0.1:${(await server.run()).port}`;
  raw = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
});
afterAll(async () => {
  raw.destroy();
  await server.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('S3Storage on an S3-compatible server', () => {
  test('put, get, stream, exists, list and delete round trip under the prefix, with the content type', async () => {
    const storage = new S3Storage(options({ prefix: 'klampok' }));
    const k = key('fallback', 'jpeg');
    const data = Buffer.from('bukan-foto-sungguhan');
    await storage.put(k, data, 'image/jpeg');

    const object = await raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `klampok/${k}` }));
    expect(object.ContentType).toBe('image/jpeg');
    expect(object.ContentLength).toBe(data.length);
    expect(await storage.get(k)).toEqual(data);
    const { body, bytes } = await storage.stream(k);
    expect(bytes).toBe(data.length);
    expect(Buffer.concat(await all<Buffer>(body))).toEqual(data);
    expect(await storage.exists(k)).toBe(true);
    const listed = (await all(storage.list())).find((o) => o.key === k);
    expect(listed).toEqual({ key: k, bytes: data.length, modifiedAt: expect.any(Date) });
    expect(Math.abs(listed!.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);

    await storage.delete(k);
    expect(await storage.exists(k)).toBe(false);
    await expect(storage.delete(k)).resolves.toBeUndefined();
  });

  test('list strips the prefix and skips foreign objects', async () => {
    const storage = new S3Storage(options({ prefix: 'listed/' }));
    const keys = [key(), key('w320'), key('share'), key('original', 'pdf'), key('share-jpeg', 'jpeg')];
    for (const k of keys) await storage.put(k, Buffer.from(k), 'application/octet-stream');
    for (const foreign of ['listed/readme.txt', 'listed/2026/11/x.webp', `other/${keys[0]}`, keys[1]]) {
      await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: foreign, Body: 'x' }));
    }
    const listed = await all(storage.list());
    expect(listed.map((o) => o.key).sort()).toEqual([...keys].sort());
    expect(listed.every((o) => o.bytes === Buffer.byteLength(o.key))).toBe(true);
  });

  // s3rver cannot make continuation tokens on OpenSSL 3 (it ciphers them with DES), so the paging
  // itself is checked against the pages a real S3 would send.
  test('list follows ListObjectsV2 continuation tokens to the last page', async () => {
    const client = new S3Client({ region: 'us-east-1', credentials: CREDENTIALS });
    const [a, b, c] = [key(), key(), key()];
    const pages = [
      { Contents: [{ Key: `p/${a}`, Size: 1, LastModified: new Date('2026-01-01') }], IsTruncated: true, NextContinuationToken: 't1' },
      {
        Contents: [
          { Key: `p/${b}`, Size: 2 },
          { Key: 'p/catatan.txt', Size: 3 },
        ],
        IsTruncated: true,
        NextContinuationToken: 't2',
      },
      { Contents: [{ Key: `p/${c}`, Size: 4, LastModified: new Date('2026-02-01') }], IsTruncated: false },
    ];
    const send = jest.spyOn(client, 'send').mockImplementation((async () => pages.shift()) as never);
    const listed = await all(new S3Storage({ bucket: BUCKET, prefix: 'p', client, listPageSize: 1 }).list());
    expect(listed.map((o) => [o.key, o.bytes])).toEqual([
      [a, 1],
      [b, 2],
      [c, 4],
    ]);
    expect(listed[1].modifiedAt.getTime()).toBeGreaterThan(Date.now() - 60_000); // no date: never an old orphan
    const inputs = send.mock.calls.map(([command]) => (command as unknown as { input: Record<string, unknown> }).input);
    expect(inputs).toEqual([
      { Bucket: BUCKET, Prefix: 'p/', MaxKeys: 1, ContinuationToken: undefined },
      { Bucket: BUCKET, Prefix: 'p/', MaxKeys: 1, ContinuationToken: 't1' },
      { Bucket: BUCKET, Prefix: 'p/', MaxKeys: 1, ContinuationToken: 't2' },
    ]);
    client.destroy();
  });

  test.each(['../../x', '/etc/passwd', '2026/11/../../etc/passwd', '', 'uploads/2026/11/aaaaaaaaaaaaaaaaaaaaaa-w320.webp'])('an invalid key (%j) is refused before any request', async (bad) => {
    const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
    const send = jest.spyOn(client, 'send');
    const storage = new S3Storage({ bucket: BUCKET, client });
    await storageError(storage.put(bad, Buffer.from('x'), 'image/webp'), 'invalid_key');
    await storageError(storage.get(bad), 'invalid_key');
    await storageError(storage.stream(bad), 'invalid_key');
    await storageError(storage.delete(bad), 'invalid_key');
    await storageError(storage.exists(bad), 'invalid_key');
    expect(send).not.toHaveBeenCalled();
    client.destroy();
  });

  test('a missing key is not_found for get and stream, false for exists, fine for delete', async () => {
    const storage = new S3Storage(options());
    const k = key();
    const err = await storageError(storage.get(k), 'not_found');
    expect(err.message).toBe(mediaMessages['media.storage.notFound']);
    expect(err.key).toBe(k);
    await storageError(storage.stream(k), 'not_found');
    expect(await storage.exists(k)).toBe(false);
    await expect(storage.delete(k)).resolves.toBeUndefined();
  });

  test('wrong credentials → permission, with the Indonesian message and no key id in the cause', async () => {
    const storage = new S3Storage(options({ credentials: { accessKeyId: 'KUNCI-SALAH-123', secretAccessKey: 'rahasia' } }));
    const err = await storageError(storage.put(key(), Buffer.from('x'), 'image/webp'), 'permission');
    expect(err.message).toBe(mediaMessages['media.storage.unavailable']);
    expect(String(err.cause)).toContain('InvalidAccessKeyId');
    expect(String(err.cause)).not.toMatch(/KUNCI-SALAH|rahasia/);
    await storageError(storage.get(key()), 'permission');
    await storageError(storage.exists(key()), 'permission');
    await storageError(all(storage.list()), 'permission');
  });

  test('a missing bucket → io (the server’s fault, not a missing file), for every method but exists', async () => {
    const storage = new S3Storage(options({ bucket: 'tidak-ada' }));
    const err = await storageError(storage.put(key(), Buffer.from('x'), 'image/webp'), 'io');
    expect(err.message).toBe(mediaMessages['media.storage.unavailable']);
    expect(String(err.cause)).toContain('NoSuchBucket');
    await storageError(storage.get(key()), 'io');
    await storageError(storage.delete(key()), 'io');
    await storageError(all(storage.list()), 'io');
  });

  test('a server that does not answer → io', async () => {
    const storage = new S3Storage(options({ endpoint: 'http://127.0.0.1:9' }));
    const err = await storageError(storage.get(key()), 'io');
    expect(err.message).toBe(mediaMessages['media.storage.unavailable']);
  });

  test('saveUpload of a real JPEG stores every variant with its content type', async () => {
    const storage = new S3Storage(options({ prefix: 'save' }));
    const saved = await saveUpload(storage, await solid(1400, 1000, '#8d6e63').jpeg().toBuffer(), 'image');
    expect(saved.files.map((f) => f.variant)).toEqual(expect.arrayContaining(['w320', 'w640', 'w1280', 'fallback', 'share']));
    for (const file of saved.files) {
      const object = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: `save/${file.key}` }));
      expect(object.ContentType).toBe(file.contentType);
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      expect(bytes.length).toBe(file.bytes);
      expect(await storage.get(file.key)).toEqual(bytes);
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe(file.format);
      if (file.width) expect(meta.width).toBe(file.width);
    }
    expect((await all(storage.list())).map((o) => o.key).sort()).toEqual(saved.files.map((f) => f.key).sort());
  });
});
