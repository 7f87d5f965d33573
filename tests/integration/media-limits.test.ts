import type { Kysely } from 'kysely';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { Database } from '../../src/db/schema';
import { LocalStorage, type MediaStorage, StorageError } from '../../src/files';
import { createMedia } from '../../src/modules/media/media.service';
import { type TestEnv, createTestEnv, csrfOf, login } from '../support/app';
import { jpegWithPayload } from '../support/images';
import { A, ctxFor, mediaRows, storedKeys, upload, uploadAction, world, type World } from './media-support';

/** A LocalStorage whose Nth put (1-based) fails like a full disk. */
class FullDisk implements MediaStorage {
  puts = 0;
  constructor(
    readonly inner: LocalStorage,
    readonly failOnPut: number,
  ) {}
  async put(key: string, data: Buffer, contentType: string) {
    if (++this.puts >= this.failOnPut) throw new StorageError('no_space', key);
    return this.inner.put(key, data, contentType);
  }
  get = (key: string) => this.inner.get(key);
  stream = (key: string) => this.inner.stream(key);
  delete = (key: string) => this.inner.delete(key);
  exists = (key: string) => this.inner.exists(key);
  list = () => this.inner.list();
}

describe('with UPLOAD_MAX_MB=1', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ UPLOAD_MAX_MB: '1' });
    await world(env);
  });
  afterAll(() => env.close());

  test('an oversized file is refused with the limit named, the typed alt kept, nothing stored', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const big = Buffer.concat([await jpegWithPayload(), Buffer.alloc(1536 * 1024, 0x41)]);
    const res = await upload(op, A, big, 'besar.jpg', { alt: 'Sawah di Kalilandak' });
    expect(res.status).toBe(413);
    expect(res.text).toContain('Berkas terlalu besar. Batasnya 1 MB');
    expect(res.text).toContain('value="Sawah di Kalilandak"');
    expect(await mediaRows(env.db)).toEqual([]);
    expect(await storedKeys(env.storage)).toEqual([]);
    // The form says the limit too, and a file under it still goes through.
    expect((await op.get('/admin/media/baru').set('Host', A)).text).toContain('paling besar 1 MB');
    expect((await upload(op, A, await jpegWithPayload(), 'kecil.jpg', { alt: '' })).status).toBe(303);
  });

  test('two files in the one-file field are refused', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const before = await mediaRows(env.db);
    const jpeg = await jpegWithPayload();
    const res = await op
      .post(await uploadAction(op, A))
      .set('Host', A)
      .field('alt', 'Dua')
      .attach('file', jpeg, { filename: 'a.jpg', contentType: 'image/jpeg' })
      .attach('file', jpeg, { filename: 'b.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(400);
    expect(await mediaRows(env.db)).toEqual(before);
  });

  test('a multipart POST without or with a wrong CSRF token → 403 before the body is read; nothing written', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const [rows, files] = [await mediaRows(env.db), await storedKeys(env.storage)];
    const jpeg = await jpegWithPayload();
    for (const url of ['/admin/media', '/admin/media?_csrf=0000', '/admin/media?_csrf=']) {
      const res = await op.post(url).set('Host', A).field('alt', 'x').attach('file', jpeg, { filename: 'a.jpg', contentType: 'image/jpeg' });
      expect(res.status).toBe(403);
      expect(res.text).toContain('Formulir sudah kedaluwarsa');
    }
    // A token in the multipart body does not count: it would only be read after the file.
    const token = await csrfOf(op, A, '/admin/media');
    const inBody = await op.post('/admin/media').set('Host', A).field('_csrf', token).attach('file', jpeg, { filename: 'a.jpg', contentType: 'image/jpeg' });
    expect(inBody.status).toBe(403);
    expect(await mediaRows(env.db)).toEqual(rows);
    expect(await storedKeys(env.storage)).toEqual(files);
  });

  test('an anonymous multipart POST with a valid token is sent to the login page, nothing written', async () => {
    const anon = request.agent(env.app);
    const token = await csrfOf(anon, A);
    const res = await anon
      .post(`/admin/media?_csrf=${token}`)
      .set('Host', A)
      .attach('file', await jpegWithPayload(), { filename: 'a.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/masuk\?next=/);
    expect((await mediaRows(env.db)).length).toBe(1);
  });
});

describe('a failing store', () => {
  let env: TestEnv;
  let dir: string;
  let w: World;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-full-'));
    env = await createTestEnv({}, { storage: new FullDisk(new LocalStorage(dir), 3) });
    w = await world(env);
  });
  afterAll(async () => {
    await env.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('a full disk → 503 with the Indonesian message and the typed alt, no row, no file left', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const res = await upload(op, A, await jpegWithPayload(), 'foto.jpg', { alt: 'Posyandu' });
    expect(res.status).toBe(503);
    expect(res.text).toContain('Ruang penyimpanan server penuh, jadi berkas belum tersimpan.');
    expect(res.text).toContain('value="Posyandu"');
    expect(await mediaRows(env.db)).toEqual([]);
    expect(await storedKeys(env.storage)).toEqual([]);
  });

  test('when the row insert fails, the stored files are removed and the error goes on', async () => {
    const storage = new LocalStorage(dir);
    const ctx = await ctxFor(env.db, w.u.kalilandak);
    const failingDb = new Proxy(env.db, {
      get(target, prop) {
        if (prop === 'insertInto')
          return () => {
            throw new Error('database went away');
          };
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Kysely<Database>;
    await expect(createMedia({ ...ctx, db: failingDb }, storage, { buffer: await jpegWithPayload(), originalName: 'a.jpg', alt: '' })).rejects.toThrow('database went away');
    expect(await storedKeys(storage)).toEqual([]);
    expect(await mediaRows(env.db)).toEqual([]);
  });
});
