// /cari forgives: a misspelt word finds what it meant ("did you mean", from the words of published
// titles), products and villages come before passing mentions, results show a thumbnail and a price,
// and the vocabulary never reveals anything unpublished or of another kecamatan. Both dialects.
import request from 'supertest';
import { dialectOf, searchPage } from '../../src/modules/portal/search';
import { editDistance, nearestWordsQuery } from '../../src/modules/portal/search/suggest';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { photoJpeg } from '../support/images';
import { HOST, HOST_B, type World, contentWorld, createVia, createdId, createItemVia, postForm, statusVia, validFields } from '../support/content';

let env: TestEnv;
let w: World;
let op: Agent;
let camat: Agent;
const ids: Record<string, number> = {};
const search = (q: string, host = HOST) => request(env.app).get('/cari').query({ q }).set('Host', host);
const news = (title: string, body_source = 'Kabar dari desa.') => ({ title, summary: 'Ringkasan kabar', body_source, intent: 'publish' });

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  camat = await login(env.app, HOST, 'camat');
  const opB = await login(env.app, HOST_B, 'op.susukan');
  ids.road = await createItemVia(op, 'berita', news('Pembangunan Jalan Usaha Tani'));
  ids.mention = await createItemVia(op, 'berita', news('Rapat warga bulan Desember', 'Warga juga membicarakan kopi dan gula aren.'));
  ids.kopiNews = await createItemVia(camat, 'pengumuman', news('Lomba kopi antar desa'));
  const photo = await photoJpeg(1600, 1200);
  ids.kopi = createdId(
    await createVia(op, 'produk', { ...validFields('produk', 'Kopi Robusta Kalilandak'), price: 'Rp 45.000', unit: 'bungkus', intent: 'publish' }, [
      { field: 'cover_file', buffer: photo, name: 'kopi.jpg' },
    ]),
  );
  ids.xss = await createItemVia(op, 'berita', news('<script>alert(1)</script> Gotong royong'));
  ids.draft = await createItemVia(op, 'berita', { ...news('Sengkuni rahasia'), intent: 'draft' });
  ids.trashed = await createItemVia(op, 'berita', news('Wirakarya dibuang'));
  expect((await postForm(op, `/admin/berita/${ids.trashed}/hapus`)).status).toBe(303);
  ids.archived = await createItemVia(op, 'berita', news('Tumpengan diarsipkan'));
  expect((await statusVia(op, 'berita', ids.archived, 'archive')).status).toBe(303);
  ids.other = await createItemVia(opB, 'berita', news('Kenduri Susukan'), HOST_B);
}, 60_000);
afterAll(() => env.close());

describe('did you mean', () => {
  test('"pembangnan" finds the pembangunan items, with the corrected query to follow', async () => {
    const result = await searchPage(env.db, w.dA, 'pembangnan');
    expect(result.corrected).toBe('pembangunan');
    expect(result.hits.map((h) => h.id)).toEqual([ids.road]);
    const res = await search('pembangnan');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Tidak ada hasil untuk “pembangnan”. Ditampilkan 1 hasil untuk “pembangunan”.');
    expect(res.text).toContain('Mungkin maksud Anda: <a href="/cari?q=pembangunan">pembangunan</a>');
    expect(res.text).toContain('href="/berita/pembangunan-jalan-usaha-tani"');
  });

  test('two swapped letters and a missing one are forgiven; a word far from any title is not', async () => {
    expect((await searchPage(env.db, w.dA, 'jlaan usah')).corrected).toBe('jalan usaha');
    const far = await searchPage(env.db, w.dA, 'zzqqxx');
    expect([far.hits, far.corrected]).toEqual([[], undefined]);
    expect((await search('zzqqxx')).text).not.toContain('Mungkin maksud Anda');
    expect(editDistance('pembangnan', 'pembangunan')).toBe(1);
    expect(editDistance('jlaan', 'jalan')).toBe(1);
  });

  test('a draft, a trashed or archived item and another kecamatan are never suggested', async () => {
    for (const typo of ['sengkuno', 'wirakarja', 'tumpengn', 'kendurii']) {
      const result = await searchPage(env.db, w.dA, typo);
      expect({ typo, hits: result.hits, corrected: result.corrected }).toEqual({ typo, hits: [], corrected: undefined });
      expect((await search(typo)).text).not.toContain('Mungkin maksud Anda');
    }
    // Kecamatan B learns its own words only, and finds its own item.
    expect((await searchPage(env.db, w.dB, 'pembangnan')).hits).toEqual([]);
    expect((await searchPage(env.db, w.dB, 'kendurri')).hits.map((h) => h.id)).toEqual([ids.other]);
  });

  test('a title is escaped in the results and in the line that names the corrected query', async () => {
    const res = await search('gotong royongg <script>');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/berita/');
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).not.toMatch(/<script[\s>]/);
    expect(res.text).toContain('&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;');
    expect(res.text).toContain('Mungkin maksud Anda: <a href="/cari?q=gotong%20royong%20script">gotong royong script</a>');
    expect(res.text).toContain('Tidak ada hasil untuk “gotong royongg &lt;script&gt;”');
  });
});

describe('ranking and what a hit shows', () => {
  test('the product comes before the news that only mentions the word; the village before both', async () => {
    const ranked = (await searchPage(env.db, w.dA, 'kopi')).hits.map((h) => h.id);
    expect(ranked).toEqual([ids.kopi, ids.kopiNews, ids.mention]);
    const res = await search('kalilandak');
    expect(res.text).toContain('id="hasil-desa"');
    expect(res.text.indexOf('href="/desa/kalilandak"')).toBeLessThan(res.text.indexOf('href="/produk/kopi-robusta-kalilandak"'));
    const page = (await search('kopi')).text;
    expect(page.indexOf('id="hasil-product"')).toBeLessThan(page.indexOf('id="hasil-announcement"'));
    expect(page.indexOf('id="hasil-announcement"')).toBeLessThan(page.indexOf('id="hasil-news"'));
  });

  test('a product hit shows its cover thumbnail and its price', async () => {
    const cover = await env.db.selectFrom('content_items').select('cover_media_id').where('id', '=', ids.kopi).executeTakeFirstOrThrow();
    expect(cover.cover_media_id).not.toBeNull();
    const res = await search('robusta');
    const item = res.text.slice(res.text.indexOf('<li><img'), res.text.indexOf('</li>', res.text.indexOf('<li><img')));
    expect(item).toMatch(/<img src="\/media\/[^"]+\.webp" width="80" height="80" loading="lazy"/);
    expect(item).toContain('href="/produk/kopi-robusta-kalilandak"');
    expect(item).toContain('Rp 45.000 / bungkus');
  });
});

describe('bounded at a million items', () => {
  test('the vocabulary is read along its primary key, never scanned', async () => {
    const query = nearestWordsQuery(env.db, w.dA, 'pembangnan').compile();
    if (dialectOf(env.db) === 'sqlite') {
      const rows = (await env.db.executeQuery<{ detail: string }>({ ...query, sql: `EXPLAIN QUERY PLAN ${query.sql}` })).rows;
      const details = rows.map((r) => r.detail).join('\n');
      expect(details).toMatch(/SEARCH search_vocabulary USING (COVERING )?INDEX \S+ \(district_id=\? AND trigram=\?\)/);
      expect(details).not.toMatch(/SCAN search_vocabulary/);
    } else {
      const rows = (await env.db.executeQuery<{ table: string; type: string; key: string | null }>({ ...query, sql: `EXPLAIN ${query.sql}` })).rows;
      const vocabulary = rows.find((r) => r.table === 'search_vocabulary')!;
      expect(vocabulary.key).toBe('PRIMARY');
      expect(vocabulary.type).not.toBe('ALL');
      expect(vocabulary.type).not.toBe('index');
    }
  });

  test('publishing adds the title words once; nothing else is stored', async () => {
    const rows = await env.db.selectFrom('search_vocabulary').select(['district_id', 'word']).where('word', '=', 'pembangunan').execute();
    expect(new Set(rows.map((r) => r.district_id))).toEqual(new Set([w.dA]));
    expect(rows.length).toBe(new Set(['$pe', 'pem', 'emb', 'mba', 'ban', 'ang', 'ngu', 'gun', 'una', 'nan', 'an$']).size);
    const draft = await env.db.selectFrom('search_vocabulary').select('word').where('word', '=', 'sengkuni').execute();
    expect(draft).toEqual([]);
  });
});
