import request from 'supertest';
import { nowUtc } from '../../src/db/time';
import { type MediaRecord, createMedia, deleteMedia } from '../../src/modules/media/media.service';
import { type TestEnv, createTestEnv, login } from '../support/app';
import { pdfBytes, solid } from '../support/images';
import { A, B, type World, ctxFor, insertItem, world } from './media-support';

let env: TestEnv;
let w: World;
let jpeg: Buffer;

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  jpeg = await solid(900, 600).jpeg().toBuffer();
});
afterAll(() => env.close());

const newMedia = async (userId: number, buffer = jpeg, originalName = 'foto.jpg'): Promise<MediaRecord> => createMedia(await ctxFor(env.db, userId), env.storage, { buffer, originalName, alt: '' });
const url = (media: MediaRecord, variant = 'w320') => `/media/${media.files.find((f) => f.variant === variant)!.key}`;
const anon = (path: string, host = A) => request(env.app).get(path).set('Host', host);

describe('media nobody has published', () => {
  test('anonymous → 404; the uploader and the camat office → 200, never cached; another village → 404', async () => {
    const media = await newMedia(w.u.kalilandak);
    expect((await anon(url(media))).status).toBe(404);
    for (const who of ['op.kalilandak', 'camat']) {
      const res = await (await login(env.app, A, who)).get(url(media)).set('Host', A);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/webp');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.from(res.body).subarray(8, 12).toString('latin1')).toBe('WEBP');
    }
    expect((await (await login(env.app, A, 'op.pagak')).get(url(media)).set('Host', A)).status).toBe(404);
  });

  test('media attached to a draft, or to a deleted published item, stays hidden', async () => {
    const draft = await newMedia(w.u.kalilandak);
    await insertItem(env.db, { districtId: w.dA, villageId: w.v.kalilandak, status: 'draft', coverMediaId: draft.id });
    expect((await anon(url(draft))).status).toBe(404);
    const trashed = await newMedia(w.u.kalilandak);
    await insertItem(env.db, { districtId: w.dA, villageId: w.v.kalilandak, status: 'published', coverMediaId: trashed.id, deleted: true });
    expect((await anon(url(trashed))).status).toBe(404);
  });
});

describe('published media', () => {
  test('the cover of a published item → 200 with a year of immutable caching and a 304 on revalidation', async () => {
    const media = await newMedia(w.u.kalilandak);
    await insertItem(env.db, { districtId: w.dA, villageId: w.v.kalilandak, status: 'published', coverMediaId: media.id });
    for (const variant of ['w320', 'w640', 'w900', 'fallback', 'share', 'share-jpeg']) {
      const res = await anon(url(media, variant));
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toBe(variant.endsWith('jpeg') || variant === 'fallback' ? 'image/jpeg' : 'image/webp');
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    const first = await anon(url(media));
    const again = await anon(url(media)).set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    // The same key on another kecamatan's host does not exist there.
    expect((await anon(url(media), B)).status).toBe(404);
  });

  test('item photos, a village profile cover and a published project update’s photo are public', async () => {
    const [photo, cover, progress] = [await newMedia(w.u.pagak), await newMedia(w.u.pagak), await newMedia(w.u.pagak)];
    const item = await insertItem(env.db, { districtId: w.dA, villageId: w.v.pagak, status: 'published' });
    await env.db.insertInto('item_media').values({ item_id: item, media_id: photo.id, position: 0 }).execute();
    const now = nowUtc();
    await env.db
      .insertInto('village_profiles')
      .values({ village_id: w.v.pagak, head_name: '', address: '', phone: '', population_source: '', vision: '', mission: '', history: '', cover_media_id: cover.id, updated_at: now })
      .execute();
    const update = await env.db.insertInto('project_updates').values({ item_id: item, update_date: '2026-11-01', percent: 50, note: 'Separuh', created_at: now }).executeTakeFirstOrThrow();
    await env.db
      .insertInto('project_update_media')
      .values({ update_id: Number(update.insertId), media_id: progress.id, position: 0 })
      .execute();
    for (const media of [photo, cover, progress]) expect((await anon(url(media))).status).toBe(200);

    await env.db.updateTable('content_items').set({ status: 'archived' }).where('id', '=', item).execute();
    expect((await anon(url(photo))).status).toBe(404);
    expect((await anon(url(progress))).status).toBe(404);
    expect((await anon(url(cover))).status).toBe(200);
  });

  test('a PDF is served as an attachment', async () => {
    const doc = await newMedia(w.u.kalilandak, pdfBytes(), 'Perdes APBDes 2026.pdf');
    const item = await insertItem(env.db, { districtId: w.dA, villageId: w.v.kalilandak, status: 'published' });
    await env.db.insertInto('item_media').values({ item_id: item, media_id: doc.id, position: 0 }).execute();
    const res = await anon(url(doc, 'original'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="Perdes APBDes 2026.pdf"');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(res.body).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  test('deleting the media hides it at once, even where it is still attached', async () => {
    const media = await newMedia(w.u.kalilandak);
    await insertItem(env.db, { districtId: w.dA, villageId: w.v.kalilandak, status: 'published', coverMediaId: media.id });
    expect((await anon(url(media))).status).toBe(200);
    await deleteMedia(await ctxFor(env.db, w.u.kalilandak), media.id);
    expect((await anon(url(media))).status).toBe(404);
  });
});

describe('addresses that are not ours', () => {
  test.each([
    '/media/2026/11/..%2F..%2Fetc%2Fpasswd',
    '/media/2026/11/AAAAAAAAAAAAAAAAAAAAAA-w320.webp',
    '/media/2026/13/AAAAAAAAAAAAAAAAAAAAAA-w320.webp',
    '/media/2026/11/AAAAAAAAAAAAAAAAAAAAAA-w320.php',
    '/media/..%2F..%2Fpackage.json',
  ])('%s → 404', async (path) => {
    expect((await anon(path)).status).toBe(404);
  });

  test('a variant the row does not list → 404 even for the uploader', async () => {
    const media = await newMedia(w.u.kalilandak);
    const key = media.files[0].key.replace(/-w\d+\.webp$/, '-w9999.webp');
    expect((await (await login(env.app, A, 'op.kalilandak')).get(`/media/${key}`).set('Host', A)).status).toBe(404);
  });
});
