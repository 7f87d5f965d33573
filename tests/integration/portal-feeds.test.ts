// Atom feeds, sitemap.xml and robots.txt: well-formed XML, absolute URLs, published items only.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia, postForm, rowOrThrow, statusVia } from '../support/content';

let env: TestEnv;
let w: World;
const slugs: Record<string, string> = {};
const get = (path: string, host = HOST) => request(env.app).get(path).set('Host', host);
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'url', 'link'].includes(name) });

/** Parses an XML body after checking it is well-formed. */
function xml(text: string) {
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text);
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  const op = await login(env.app, HOST, 'op.kalilandak');
  const opPagak = await login(env.app, HOST, 'op.pagak');
  const camat = await login(env.app, HOST, 'camat');
  const opB = await login(env.app, HOST_B, 'op.susukan');
  const make = async (key: string, agent: typeof op, section: 'berita' | 'produk' | 'pengumuman', title: string, intent: string, host = HOST) => {
    const id = await createItemVia(agent, section, { title, summary: `Ringkasan ${title} & <lain>`, intent }, host);
    slugs[key] = (await rowOrThrow(env.db, id)).slug;
    return id;
  };
  await make('live', op, 'berita', 'Panen Salak Kalilandak', 'publish');
  await make('product', op, 'produk', 'Keripik Salak', 'publish');
  await make('pagak', opPagak, 'berita', 'Kerja Bakti Pagak', 'publish');
  await make('kecamatan', camat, 'pengumuman', 'Pengumuman Camat', 'publish');
  await make('draft', op, 'berita', 'Berita Draf Rahasia', 'draft');
  await make('submitted', op, 'berita', 'Berita Kiriman Rahasia', 'submit');
  const archived = await make('archived', op, 'berita', 'Berita Arsip Rahasia', 'publish');
  expect((await statusVia(op, 'berita', archived, 'archive')).status).toBe(303);
  const trashed = await make('trashed', op, 'berita', 'Berita Sampah Rahasia', 'publish');
  expect((await postForm(op, `/admin/berita/${trashed}/hapus`)).status).toBe(303);
  await make('other', opB, 'berita', 'Berita Kecamatan Lain', 'publish', HOST_B);
});
afterAll(() => env.close());

const HIDDEN = ['draft', 'submitted', 'archived', 'trashed', 'other'];

describe('Atom feeds', () => {
  test('/feed.xml: the kecamatan and all its villages, absolute links, published only', async () => {
    const res = await get('/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = xml(res.text).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.updated).toMatch(/^\d{4}-\d\d-\d\dT/);
    const links = feed.entry.map((e: { link: { '@_href': string }[] }) => e.link[0]['@_href']);
    expect(links.sort()).toEqual(
      [`/berita/${slugs.live}`, `/produk/${slugs.product}`, `/berita/${slugs.pagak}`, `/pengumuman/${slugs.kecamatan}`].map((p) => `http://${HOST}${p}`).sort(),
    );
    for (const e of feed.entry) expect(e.updated).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(feed)).toContain('Ringkasan Panen Salak Kalilandak & <lain>');
    for (const k of HIDDEN) expect(res.text).not.toContain(slugs[k]);
  });

  test('/desa/:slug/feed.xml: that village only; an unknown village is a 404', async () => {
    const res = await get('/desa/kalilandak/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = xml(res.text).feed;
    const links = feed.entry.map((e: { link: { '@_href': string }[] }) => e.link[0]['@_href']).sort();
    expect(links).toEqual([`http://${HOST}/berita/${slugs.live}`, `http://${HOST}/produk/${slugs.product}`].sort());
    expect((await get('/desa/tidak-ada/feed.xml')).status).toBe(404);
    expect((await get('/desa/kalilandak/feed.xml', HOST_B)).status).toBe(404);
  });

  test('a village with nothing published has a valid, empty feed', async () => {
    await env.db.updateTable('content_items').set({ deleted_at: '2026-01-01 00:00:00' }).where('village_id', '=', w.v.pagak).execute();
    const res = await get('/desa/pagak/feed.xml');
    expect(res.status).toBe(200);
    expect(xml(res.text).feed.entry).toBeUndefined();
  });
});

describe('sitemap.xml and robots.txt', () => {
  test('home, villages, sections and every published item with lastmod; nothing unpublished', async () => {
    const res = await get('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    const urls: { loc: string; lastmod?: string }[] = xml(res.text).urlset.url;
    const locs = urls.map((u) => u.loc);
    for (const p of ['/', '/desa', '/desa/kalilandak', '/desa/pagak', '/berita', '/produk', '/pembangunan', `/berita/${slugs.live}`, `/produk/${slugs.product}`, `/pengumuman/${slugs.kecamatan}`])
      expect(locs).toContain(`http://${HOST}${p}`);
    const item = urls.find((u) => u.loc === `http://${HOST}/berita/${slugs.live}`)!;
    expect(item.lastmod).toMatch(/^\d{4}-\d\d-\d\dT/);
    for (const k of HIDDEN) expect(res.text).not.toContain(slugs[k]);
    // The other kecamatan's sitemap has its own host and its own item.
    const b = await get('/sitemap.xml', HOST_B);
    expect(b.text).toContain(`http://${HOST_B}/berita/${slugs.other}`);
    expect(b.text).not.toContain(slugs.live);
  });

  test('robots.txt allows all but the workspace and points to the sitemap', async () => {
    const res = await get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const lines = res.text.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['User-agent: *', 'Allow: /', 'Disallow: /admin', 'Disallow: /masuk', 'Disallow: /keluar', 'Disallow: /pasang', `Sitemap: http://${HOST}/sitemap.xml`]));
  });

  test('a hostile Host header never reaches the XML', async () => {
    const res = await request(env.app).get('/robots.txt').set('Host', 'evil.test/"><x');
    expect(res.text).not.toContain('<x');
  });
});
