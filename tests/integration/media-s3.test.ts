// Media through the app with an S3-compatible bucket (s3rver, in this process) as the store.
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { S3Storage, mediaKey, newMediaId } from '../../src/files';
import { sweepMedia } from '../../src/modules/media/sweep';
import { type TestEnv, createTestEnv, login } from '../support/app';
import { jpegWithPayload, pdfBytes } from '../support/images';
import { A, type World, insertItem, keysOf, lastMedia, mediaRows, storedKeys, upload, world } from './media-support';

const BUCKET = 'pendopo-media';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let server: S3rver;
let dir: string;
let endpoint: string;
let raw: S3Client;
let env: TestEnv;
let w: World;

const s3Storage = (bucket = BUCKET, prefix = 'pendopo') => new S3Storage({ bucket, prefix, endpoint, forcePathStyle: true, region: 'us-east-1', credentials: CREDENTIALS });

async function objectBytes(objectKey: string): Promise<Buffer> {
  const out = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: objectKey }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

/** GET as supertest does, with the body as bytes whatever the content type. */
const getBytes = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
  endpoint = `http://127.0.0.1:${(await server.run()).port}`;
  raw = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  env = await createTestEnv({}, { storage: s3Storage() });
  w = await world(env);
});
afterAll(async () => {
  await env?.close();
  raw?.destroy();
  await server?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('media in an S3-compatible bucket', () => {
  test('an upload lands in the bucket; /media/<key> gives back the bytes S3 holds, privately then publicly', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const res = await upload(op, A, await jpegWithPayload(), 'IMG_20261102.jpg', { alt: 'Jalan desa' });
    expect(res.status).toBe(303);
    const row = await lastMedia(env.db);
    expect(row).toMatchObject({ village_id: w.v.kalilandak, kind: 'image', width: 800, height: 600 });
    const keys = keysOf(row);
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(await storedKeys(env.storage)).toEqual(expect.arrayContaining(keys));

    for (const key of keys) {
      const held = await objectBytes(`pendopo/${key}`);
      const mine = await getBytes(op.get(`/media/${key}`).set('Host', A));
      expect(mine.status).toBe(200);
      expect(mine.headers['cache-control']).toBe('private, no-store');
      expect(mine.headers['content-type']).toBe(key.endsWith('.jpg') ? 'image/jpeg' : 'image/webp');
      expect(Number(mine.headers['content-length'])).toBe(held.length);
      expect(Buffer.compare(mine.body as Buffer, held)).toBe(0);
      expect((await request(env.app).get(`/media/${key}`).set('Host', A)).status).toBe(404);
    }

    await insertItem(env.db, { districtId: w.dA, villageId: w.v.kalilandak, status: 'published', coverMediaId: row.id });
    for (const key of keys) {
      const pub = await getBytes(request(env.app).get(`/media/${key}`).set('Host', A));
      expect(pub.status).toBe(200);
      expect(pub.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(Buffer.compare(pub.body as Buffer, await objectBytes(`pendopo/${key}`))).toBe(0);
    }
  });

  test('a PDF comes back as a download; an object gone from the bucket is a 404, not a 500', async () => {
    const camat = await login(env.app, A, 'camat');
    expect((await upload(camat, A, pdfBytes(), 'perdes.pdf', { alt: '' })).status).toBe(303);
    const [key] = keysOf(await lastMedia(env.db));
    const res = await getBytes(camat.get(`/media/${key}`).set('Host', A));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(Buffer.compare(res.body as Buffer, await objectBytes(`pendopo/${key}`))).toBe(0);

    await raw.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `pendopo/${key}` }));
    expect((await camat.get(`/media/${key}`).set('Host', A)).status).toBe(404);
  });

  test('the app built from MEDIA_S3_* alone (no storage passed) stores in the bucket under MEDIA_S3_PREFIX', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      MEDIA_S3_BUCKET: BUCKET,
      MEDIA_S3_ENDPOINT: endpoint,
      MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
      MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER',
      MEDIA_S3_PREFIX: 'dari-config',
    });
    const app = await createApp({ db: env.db, config, logger: createLogger(config) });
    const op = await login(app, A, 'op.pagak');
    expect((await upload(op, A, await jpegWithPayload(), 'foto.jpg', { alt: 'Balai desa' })).status).toBe(303);
    const keys = keysOf(await lastMedia(env.db));
    expect(await storedKeys(s3Storage(BUCKET, 'dari-config'))).toEqual([...keys].sort());
    const res = await getBytes(op.get(`/media/${keys[0]}`).set('Host', A));
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, await objectBytes(`dari-config/${keys[0]}`))).toBe(0);
  });

  test('a bucket that is not there → 503 with the Indonesian message and the typed alt, no row', async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    const app = await createApp({ db: env.db, config, logger: createLogger(config), storage: s3Storage('tidak-ada') });
    const before = await mediaRows(env.db);
    const op = await login(app, A, 'op.kalilandak');
    const res = await upload(op, A, await jpegWithPayload(), 'foto.jpg', { alt: 'Posyandu' });
    expect(res.status).toBe(503);
    expect(res.text).toContain('Penyimpanan berkas di server sedang bermasalah, jadi berkas belum tersimpan.');
    expect(res.text).toContain('value="Posyandu"');
    expect(await mediaRows(env.db)).toEqual(before);
  });

  test('the sweep lists the bucket and removes only the orphan', async () => {
    const known = await storedKeys(env.storage);
    const orphan = mediaKey(newMediaId(), 'w320', 'webp');
    await env.storage.put(orphan, Buffer.from('yatim'), 'image/webp');
    await new Promise((r) => setTimeout(r, 1100)); // S3 dates have whole seconds
    const report = await sweepMedia(env.db, env.storage, { orphanAgeMs: 1, purgeAfterMs: 30 * 24 * 3600_000 });
    expect(report).toMatchObject({ orphansDeleted: 1, failedDeletes: [] });
    expect(await storedKeys(env.storage)).toEqual(known);
  });
});
