// Atom feeds, the sitemap index and its children, robots.txt: well-formed XML, absolute URLs, published items only.
import crypto from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import type { ContentStatus } from '../../src/db/schema';
import { nowUtc } from '../../src/db/time';
import { itemPath } from '../../src/modules/portal/paths';
import { IDS_PER_CHILD } from '../../src/modules/portal/sitemap.routes';
import { type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia, postForm, rowOrThrow, statusVia } from '../support/content';

let env: TestEnv;
let w: World;
const slugs: Record<string, string> = {};
const get = (path: string, host = HOST) => request(env.app).get(path).set('Host', host);
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'url', 'link', 'sitemap'].includes(name) });

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
  const markup = await createItemVia(op, 'berita', { title: MARKUP_TITLE, summary: MARKUP_SUMMARY, intent: 'publish' });
  slugs.markup = (await rowOrThrow(env.db, markup)).slug;
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
  // Items far along the id space, written directly: they spread the kecamatan over several sitemap children.
  const far = async (key: string, id: number, status: ContentStatus, deleted = false) => {
    const now = nowUtc();
    slugs[key] = `jauh-${key}`;
    await env.db
      .insertInto('content_items')
      .values({
        id,
        district_id: w.dA,
        village_id: null,
        type: 'announcement',
        title: `Jauh ${key}`,
        slug: slugs[key],
        summary: '',
        cover_alt: '',
        body_source: 'x',
        body: '<p>x</p>',
        status,
        published_at: now,
        created_at: now,
        updated_at: now,
        deleted_at: deleted ? now : null,
      })
      .execute();
  };
  await far('farLive', 2 * IDS_PER_CHILD + 7, 'published');
  await far('farDraft', 2 * IDS_PER_CHILD + 8, 'draft');
  await far('farTrashed', 2 * IDS_PER_CHILD + 9, 'published', true);
  await far('farthestDraft', 4 * IDS_PER_CHILD + 1, 'draft');
});
afterAll(() => env.close());

// Operators' titles and summaries are plain text: shown as typed, never as markup (an Atom reader
// renders type="html" as HTML).
const MARKUP_TITLE = 'Panen <b>x</b> <script>alert(1)</script> ]]> &amp; selesai';
const MARKUP_SUMMARY = 'Ringkasan <img src=x onerror=alert(2)> <i>miring</i>';

const HIDDEN = ['draft', 'submitted', 'archived', 'trashed', 'other', 'farDraft', 'farTrashed', 'farthestDraft'];

/** The sitemap index of a host and every URL of its children (each child checked: 200, well-formed, same host). */
async function sitemap(host = HOST) {
  const index = await get('/sitemap.xml', host);
  expect(index.status).toBe(200);
  expect(index.headers['content-type']).toMatch(/xml/);
  const children: { loc: string; lastmod?: string }[] = xml(index.text).sitemapindex.sitemap;
  const urls: { loc: string; lastmod?: string }[] = [];
  const texts: string[] = [];
  const sizes: Record<string, number> = {};
  for (const child of children) {
    const loc = new URL(child.loc);
    expect(loc.host).toBe(host);
    const res = await get(loc.pathname, host);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    const found: { loc: string; lastmod?: string }[] = xml(res.text).urlset.url ?? [];
    sizes[loc.pathname] = found.length;
    urls.push(...found);
    texts.push(res.text);
  }
  return { children, urls, text: texts.join('\n'), sizes };
}

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
      [`/berita/${slugs.live}`, `/berita/${slugs.markup}`, `/produk/${slugs.product}`, `/berita/${slugs.pagak}`, `/pengumuman/${slugs.kecamatan}`, `/pengumuman/${slugs.farLive}`]
        .map((p) => `http://${HOST}${p}`)
        .sort(),
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
    expect(links).toEqual([`http://${HOST}/berita/${slugs.live}`, `http://${HOST}/berita/${slugs.markup}`, `http://${HOST}/produk/${slugs.product}`].sort());
    expect((await get('/desa/tidak-ada/feed.xml')).status).toBe(404);
    expect((await get('/desa/kalilandak/feed.xml', HOST_B)).status).toBe(404);
  });

  test.each(['/feed.xml', '/desa/kalilandak/feed.xml'])('%s: titles and summaries are plain text, markup shown as typed', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    const feed = xml(res.text).feed;
    const entry = feed.entry.find((e: { link: { '@_href': string }[] }) => e.link[0]['@_href'].endsWith(`/berita/${slugs.markup}`));
    expect(entry.title).toEqual({ '#text': MARKUP_TITLE, '@_type': 'text' });
    expect(entry.summary).toEqual({ '#text': MARKUP_SUMMARY, '@_type': 'text' });
    expect(feed.title['@_type']).toBe('text');
    // Nothing the operator typed is markup in the XML: no element, no CDATA section, no html type.
    expect(res.text).not.toMatch(/<(b|i|img|script)\b|CDATA|type="(html|xhtml)"/);
    expect(res.text).toContain('<title type="text">Panen &lt;b&gt;x&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp; selesai</title>');
    for (const e of feed.entry) for (const k of ['title', 'summary']) if (e[k] !== undefined) expect([k, e[k]['@_type']]).toEqual([k, 'text']);
  });

  test('a village with nothing published has a valid, empty feed', async () => {
    await env.db.updateTable('content_items').set({ deleted_at: '2026-01-01 00:00:00' }).where('village_id', '=', w.v.pagak).execute();
    const res = await get('/desa/pagak/feed.xml');
    expect(res.status).toBe(200);
    expect(xml(res.text).feed.entry).toBeUndefined();
  });
});

describe('sitemap.xml and robots.txt', () => {
  test('home, villages, sections and every published item with lastmod, through the index; nothing unpublished', async () => {
    const { urls, text } = await sitemap();
    const locs = urls.map((u) => u.loc);
    for (const p of [
      '/',
      '/desa',
      '/desa/kalilandak',
      '/desa/pagak',
      '/berita',
      '/produk',
      '/pembangunan',
      `/berita/${slugs.live}`,
      `/produk/${slugs.product}`,
      `/pengumuman/${slugs.kecamatan}`,
      `/pengumuman/${slugs.farLive}`,
    ])
      expect(locs).toContain(`http://${HOST}${p}`);
    const item = urls.find((u) => u.loc === `http://${HOST}/berita/${slugs.live}`)!;
    expect(item.lastmod).toMatch(/^\d{4}-\d\d-\d\dT/);
    for (const k of HIDDEN) expect(text).not.toContain(slugs[k]);
    // The other kecamatan's sitemap has its own host and its own item.
    const b = await sitemap(HOST_B);
    expect(b.text).toContain(`http://${HOST_B}/berita/${slugs.other}`);
    expect(b.text).not.toContain(slugs.live);
  });

  test('the index lists the fixed pages and one child per id range up to the last published id', async () => {
    const { children, sizes } = await sitemap();
    expect(children.map((c) => new URL(c.loc).pathname)).toEqual(['/sitemap-halaman.xml', '/sitemap-isi-0.xml', '/sitemap-isi-1.xml', '/sitemap-isi-2.xml']);
    expect(children[0].lastmod).toMatch(/^\d{4}-\d\d-\d\dT/);
    // A child holds its id range only: the range between the items is empty, the far item alone in its child.
    expect(sizes['/sitemap-isi-1.xml']).toBe(0);
    expect(sizes['/sitemap-isi-2.xml']).toBe(1);
    for (const n of Object.values(sizes)) expect(n).toBeLessThanOrEqual(IDS_PER_CHILD);
    const child2 = await get('/sitemap-isi-2.xml');
    expect(child2.text).toContain(`http://${HOST}/pengumuman/${slugs.farLive}`);
    expect((await get('/sitemap-isi-0.xml')).text).not.toContain(slugs.farLive);
  });

  test('the index goes out as kept bytes with the ETag Express gives a body, and a 304 to it', async () => {
    // A logged-in reader is answered by the route itself, not from the page cache (which sets its own ETag).
    const op = await login(env.app, HOST, 'op.kalilandak');
    const index = await op.get('/sitemap.xml').set('Host', HOST);
    expect(index.headers['x-cache']).toBeUndefined();
    expect(index.headers['content-type']).toBe('application/xml; charset=utf-8');
    const body = Buffer.from(index.text);
    const sha1 = crypto.createHash('sha1').update(body).digest('base64').slice(0, 27);
    expect(index.headers.etag).toBe(`W/"${body.length.toString(16)}-${sha1}"`);
    const again = await op.get('/sitemap.xml').set('Host', HOST).set('If-None-Match', index.headers.etag);
    expect([again.status, again.text]).toEqual([304, '']);
  });

  test.each([HOST, HOST_B])('%s: every published item is in exactly one child, and nothing else is', async (host) => {
    const district = host === HOST ? w.dA : w.dB;
    const published = await env.db.selectFrom('content_items').select(['type', 'slug']).where('district_id', '=', district).where('status', '=', 'published').where('deleted_at', 'is', null).execute();
    expect(published.length).toBeGreaterThan(0);
    const { children } = await sitemap(host);
    const inChildren: string[] = [];
    for (const child of children.filter((c) => c.loc.includes('/sitemap-isi-'))) {
      const found: { loc: string }[] = xml((await get(new URL(child.loc).pathname, host)).text).urlset.url ?? [];
      inChildren.push(...found.map((u) => u.loc));
    }
    expect(inChildren.sort()).toEqual(published.map((i) => `http://${host}${itemPath(i.type, i.slug)}`).sort());
  });

  test('a child past the last published id, or not a number, is a 404; another kecamatan has fewer children', async () => {
    for (const path of [
      '/sitemap-isi-3.xml',
      '/sitemap-isi-4.xml',
      '/sitemap-isi-99999.xml',
      '/sitemap-isi--1.xml',
      '/sitemap-isi-1x.xml',
      '/sitemap-isi-.xml',
      '/sitemap-isi-00000000001.xml',
      '/sitemap-isi-01.xml',
    ])
      expect([path, (await get(path)).status]).toEqual([path, 404]);
    const b = await sitemap(HOST_B);
    expect(b.children.map((c) => new URL(c.loc).pathname)).toEqual(['/sitemap-halaman.xml', '/sitemap-isi-0.xml']);
    expect((await get('/sitemap-isi-2.xml', HOST_B)).status).toBe(404);
  });

  test('robots.txt allows all but the workspace and points to the sitemap', async () => {
    const res = await get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const lines = res.text.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining(['User-agent: *', 'Allow: /', 'Disallow: /admin', 'Disallow: /masuk', 'Disallow: /keluar', 'Disallow: /pasang', `Sitemap: http://${HOST}/sitemap.xml`]),
    );
  });

  test('a hostile Host header never reaches the XML', async () => {
    const res = await request(env.app).get('/robots.txt').set('Host', 'evil.test/"><x');
    expect(res.text).not.toContain('<x');
  });
});
