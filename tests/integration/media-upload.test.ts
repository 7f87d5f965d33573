import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { LocalStorage } from '../../src/files';
import { type TestEnv, auditActions, createTestEnv, login } from '../support/app';
import { HTML_AS_JPG, PHP, SVG, bombPng, exifTags, jpegWithPayload, pdfBytes } from '../support/images';
import { A, type World, keysOf, lastMedia, mediaRows, storedKeys, upload, uploadAction, world } from './media-support';

let env: TestEnv;
let w: World;

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

/** Every file anywhere under the store's root, relative to it. */
async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(root, p));
    }
  };
  await walk(root);
  return out.sort();
}

describe('an operator uploads a camera photo', () => {
  test('the row belongs to their village and the stored files carry no EXIF, GPS or PHP', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const res = await upload(op, A, await jpegWithPayload(), 'IMG_20261102.jpg', { alt: 'Jalan desa selesai dicor' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/media');

    const row = await lastMedia(env.db);
    expect(row).toMatchObject({
      district_id: w.dA,
      village_id: w.v.kalilandak,
      uploaded_by: w.u.kalilandak,
      kind: 'image',
      original_name: 'IMG_20261102.jpg',
      alt: 'Jalan desa selesai dicor',
      width: 800,
      height: 600,
    });
    const keys = keysOf(row);
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(keys.every((k) => k.includes(row.storage_id))).toBe(true);
    expect(await storedKeys(env.storage)).toEqual(expect.arrayContaining(keys));
    for (const key of keys) {
      const bytes = await env.storage.get(key);
      expect(bytes.includes(PHP)).toBe(false);
      expect(bytes.includes('<?php')).toBe(false);
      expect(bytes.includes('Xiaomi')).toBe(false);
      const meta = await sharp(bytes).metadata();
      expect(meta.exif ? [...exifTags(meta.exif)].filter((t) => t.startsWith('gps:')) : []).toEqual([]);
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
    }
    expect(await auditActions(env.db, 'media.uploaded')).toBe(1);

    const list = await op.get('/admin/media').set('Host', A);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Jalan desa selesai dicor');
    expect(list.text).toContain(`/media/${keys[0]}`);
  });

  test('a village_id of another village in the form is refused and nothing is stored', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const [rowsBefore, filesBefore] = [await mediaRows(env.db), await storedKeys(env.storage)];
    const res = await upload(op, A, await jpegWithPayload(), 'foto.jpg', { alt: 'Foto', village_id: String(w.v.pagak) });
    expect(res.status).toBe(400);
    expect(await mediaRows(env.db)).toEqual(rowsBefore);
    expect(await storedKeys(env.storage)).toEqual(filesBefore);
  });

  test('a camat office upload may name a village of its kecamatan or none, not one of another kecamatan', async () => {
    const camat = await login(env.app, A, 'camat');
    expect((await upload(camat, A, pdfBytes(), 'perdes.pdf', { alt: '', village_id: String(w.v.pagak) })).status).toBe(303);
    expect(await lastMedia(env.db)).toMatchObject({ village_id: w.v.pagak, kind: 'pdf', original_name: 'perdes.pdf' });
    expect((await upload(camat, A, pdfBytes(), 'kecamatan.pdf', { alt: '', village_id: '' })).status).toBe(303);
    expect(await lastMedia(env.db)).toMatchObject({ village_id: null, district_id: w.dA });
    const before = await mediaRows(env.db);
    const res = await upload(camat, A, pdfBytes(), 'x.pdf', { alt: '', village_id: String(w.v.b) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Pilih desa di kecamatan ini.');
    expect(await mediaRows(env.db)).toEqual(before);
  });
});

describe('refused uploads re-render the form and leave nothing behind', () => {
  const cases: [string, () => Buffer, string, string][] = [
    ['an HTML page named photo.jpg', () => HTML_AS_JPG, 'photo.jpg', 'Berkas ini bukan gambar yang bisa dibaca'],
    ['an SVG with a script', () => SVG, 'logo.svg', 'Gambar SVG tidak diterima'],
    ['a decompression-bomb PNG', () => bombPng(), 'bom.png', 'Gambar terlalu besar (400 megapiksel)'],
    ['a PDF without its end marker', () => Buffer.from('%PDF-1.4\n<script>alert(1)</script>'), 'surat.pdf', 'bukan dokumen PDF yang utuh'],
  ];
  test.each(cases)('%s → 400 with the Indonesian reason, typed alt text kept', async (_name, bytes, filename, reason) => {
    const op = await login(env.app, A, 'op.kalilandak');
    const [rowsBefore, filesBefore] = [await mediaRows(env.db), await storedKeys(env.storage)];
    const res = await upload(op, A, bytes(), filename, { alt: 'Balai desa <b>baru</b>' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(reason);
    expect(res.text).toContain('value="Balai desa &lt;b&gt;baru&lt;/b&gt;"');
    expect(res.text).not.toContain('<b>baru</b>');
    expect(await mediaRows(env.db)).toEqual(rowsBefore);
    expect(await storedKeys(env.storage)).toEqual(filesBefore);
  });

  test('a form without a file asks for one', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const res = await op
      .post(await uploadAction(op, A))
      .set('Host', A)
      .field('alt', 'Tanpa berkas');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Pilih foto atau dokumen PDF');
    expect(res.text).toContain('value="Tanpa berkas"');
  });
});

describe('the client file name', () => {
  test.each([
    ['../../evil.jpg', 'evil.jpg'],
    ['..\\..\\windows\\evil.jpg', 'evil.jpg'],
    ['/etc/cron.d/evil.jpg', 'evil.jpg'],
    ['foto\u202egpj.php', 'fotogpj.php'],
  ])('%j cannot escape the store and is stored as %j', async (filename, stored) => {
    const op = await login(env.app, A, 'op.pagak');
    const res = await upload(op, A, await jpegWithPayload(), filename, { alt: '' });
    expect(res.status).toBe(303);
    const row = await lastMedia(env.db);
    expect(row.original_name).toBe(stored);
    expect(row.village_id).toBe(w.v.pagak);
    const root = (env.storage as LocalStorage).root;
    const everything = await filesUnder(root);
    expect(everything.length).toBeGreaterThan(0);
    expect(everything.every((f) => /^\d{4}\/\d{2}\/[A-Za-z0-9_-]{22}-[\w-]+\.(webp|jpg|pdf)$/.test(f.split(path.sep).join('/')))).toBe(true);
    await expect(fs.stat(path.resolve(root, '..', '..', 'evil.jpg'))).rejects.toThrow();
    await expect(fs.stat(path.resolve(root, '..', 'evil.jpg'))).rejects.toThrow();
  });

  test('a long name is cut to 200 characters and shown escaped', async () => {
    const op = await login(env.app, A, 'op.pagak');
    const name = `<img src=x onerror=alert(1)>${'a'.repeat(300)}.jpg`;
    expect((await upload(op, A, await jpegWithPayload(), name, { alt: '"><script>alert(1)</script>' })).status).toBe(303);
    const row = await lastMedia(env.db);
    expect(Array.from(row.original_name)).toHaveLength(200);
    const list = (await op.get('/admin/media').set('Host', A)).text;
    expect(list).not.toContain('<img src=x');
    expect(list).not.toContain('<script>alert(1)</script>');
    expect(list).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
