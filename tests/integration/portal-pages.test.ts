// The public portal pages (beranda, desa, berita, pengumuman, agenda, halaman, potensi):
// they render from an empty kecamatan and from published content, hide everything unpublished,
// escape titles, survive bad query parameters and carry sharing tags.
import request from 'supertest';
import { dayFromToday } from '../../src/cli/demo/ctx';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import type { ContentType, Timezone } from '../../src/db/schema';
import { VILLAGE_SEGMENTS, itemPath } from '../../src/modules/portal/paths';
import { SECTIONS } from '../../src/modules/sections';
import { bumpContentVersion } from '../../src/modules/content/content-version';
import { HOST, HOST_B, type Section, type World, contentWorld, createItemVia, defOf, postForm, statusVia, validFields, villageLevel } from '../support/content';

let env: TestEnv;
let w: World;
let op: Agent;
let camat: Agent;
const XSS = '<script>alert("x")</script> Kopi';
const SLUG_OF: Record<number, string> = {};

// Every type of the registry (src/modules/sections/index.ts): village-level ones written by an operator, the others by the camat office.
const agentOf = (section: Section) => (villageLevel(defOf(section)) ? op : camat);
/** The public path of a section's published item. */
const pathOf = (section: Section, id: number) => itemPath(defOf(section).type, SLUG_OF[id]);

async function create(section: Section, title: string, intent: 'draft' | 'publish', extra: Record<string, string> = {}, agent = agentOf(section)): Promise<number> {
  const id = await createItemVia(agent, section, { ...validFields(section, title), intent, ...extra });
  SLUG_OF[id] = (await env.db.selectFrom('content_items').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  return id;
}

const get = (path: string, host = HOST) => request(env.app).get(path).set('Host', host);
const statusOf = async (id: number) => (await env.db.selectFrom('content_items').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

/** Puts an item in `state` through the workspace (falling back to the row when a role may not make that move). */
async function toState(section: Section, id: number, state: 'submitted' | 'returned' | 'archived' | 'trashed') {
  const a = agentOf(section);
  if (state === 'submitted' || state === 'returned') await statusVia(a, section, id, 'submit');
  if (state === 'returned') await statusVia(camat, section, id, 'return', 'Perbaiki');
  if (state === 'archived' || state === 'trashed') await statusVia(a, section, id, 'publish');
  if (state === 'archived') await statusVia(a, section, id, 'archive');
  if (state === 'trashed') await postForm(a, `/admin/${section}/${id}/hapus`);
  const want = state === 'trashed' ? 'published' : state;
  if ((await statusOf(id)) !== want) await env.db.updateTable('content_items').set({ status: want }).where('id', '=', id).execute();
  if (state === 'trashed') {
    const row = await env.db.selectFrom('content_items').select('deleted_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  }
}

let villageSlug: string;
let villageSlugB: string;
let tz: Timezone;
const LISTS = (slug: string) => [
  '/',
  '/desa',
  `/desa/${slug}`,
  ...VILLAGE_SEGMENTS.map((segment) => `/desa/${slug}/${segment}`),
  ...SECTIONS.filter((d) => d.public.listed).map((d) => d.public.path),
  '/agenda?page=2',
  '/potensi?kategori=wisata',
];

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  camat = await login(env.app, HOST, 'camat');
  villageSlug = (await env.db.selectFrom('villages').select('slug').where('id', '=', w.v.kalilandak).executeTakeFirstOrThrow()).slug;
  villageSlugB = (await env.db.selectFrom('villages').select('slug').where('id', '=', w.v.b).executeTakeFirstOrThrow()).slug;
  // Event dates are days of the kecamatan's own calendar, as the portal's "today" is.
  tz = (await env.db.selectFrom('districts').select('timezone').where('id', '=', w.dA).executeTakeFirstOrThrow()).timezone;
});
afterAll(() => env.close());

describe('an empty kecamatan', () => {
  test.each([...LISTS('SLUG')])('%s renders', async (path) => {
    const res = await get(path.replace('SLUG', villageSlugB), HOST_B);
    expect(res.status).toBe(200);
    expect(res.text.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.text).toMatch(/<main id="konten"/);
  });
});

describe('with content', () => {
  const published: Record<string, number> = {};
  const hidden: { section: Section; id: number; state: string }[] = [];

  beforeAll(async () => {
    for (const { section } of SECTIONS) {
      published[section] = await create(section, `${XSS} ${section}`, 'publish', section === 'agenda' ? { starts_on: dayFromToday(20, tz) } : {});
      expect(await statusOf(published[section])).toBe('published');
      for (const state of ['draft', 'submitted', 'returned', 'archived', 'trashed'] as const) {
        const id = await create(section, `Rahasia ${state} ${section}`, 'draft');
        if (state !== 'draft') await toState(section, id, state);
        hidden.push({ section, id, state });
      }
    }
    published.pastEvent = await create('agenda', 'Rapat lama', 'publish', { starts_on: '2025-01-10' });
    published.kecNews = await create('berita', 'Kabar dari kecamatan', 'publish', {}, camat);
    await env.db.updateTable('project_details').set({ progress: 40 }).where('item_id', '=', published.pembangunan).execute();
  });

  test.each(LISTS('SLUG'))('%s shows published items, escaped, and nothing unpublished', async (path) => {
    const res = await get(path.replace('SLUG', villageSlug));
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/Rahasia/);
    expect(res.text).not.toContain('<script>alert');
    expect(res.text.match(/<h1[ >]/g)).toHaveLength(1);
  });

  test('the home page lists news, products, projects under way with progress, announcements, agenda and villages', async () => {
    const res = await get('/');
    for (const s of ['berita', 'produk', 'pembangunan', 'pengumuman', 'agenda']) expect(res.text).toContain(`href="${pathOf(s, published[s])}"`);
    expect(res.text).toMatch(/Kabar dari kecamatan<\/a><\/h3>\s*<p class="muted">Kecamatan ·/);
    expect(res.text).toMatch(/<progress max="100" value="40"/);
    expect(res.text).toContain('&lt;script&gt;alert');
    expect(res.text).toMatch(/Terakhir memuat \d{1,2} \w+ \d{4}/);
    expect(res.text).not.toContain('Rapat lama');
  });

  test('the directory and the village home count published items only', async () => {
    const dir = await get('/desa');
    expect(dir.text).toContain('1 potensi · 1 produk · 1 proyek');
    const home = await get(`/desa/${villageSlug}`);
    expect(home.text).toContain('1 potensi · 1 produk · 1 proyek · 1 berita');
    for (const s of VILLAGE_SEGMENTS) expect(home.text).toContain(`href="/desa/${villageSlug}/${s}"`);
    expect(home.text).toContain(`href="/produk/${SLUG_OF[published.produk]}"`);
    expect(home.text).toContain(`href="/pembangunan/${SLUG_OF[published.pembangunan]}"`);
  });

  test('agenda shows upcoming events first, then past ones', async () => {
    const res = await get('/agenda');
    const up = res.text.indexOf(SLUG_OF[published.agenda]);
    const past = res.text.indexOf(SLUG_OF[published.pastEvent]);
    expect(up).toBeGreaterThan(0);
    expect(past).toBeGreaterThan(up);
  });

  test('agenda: an event still running is upcoming, one that ended yesterday is past; each list in date order', async () => {
    const running = await create('agenda', 'Pameran berjalan', 'publish', { starts_on: dayFromToday(-3, tz), ends_on: dayFromToday(2, tz) });
    const ended = await create('agenda', 'Pameran selesai', 'publish', { starts_on: dayFromToday(-5, tz), ends_on: dayFromToday(-1, tz) });
    const today = await create('agenda', 'Rapat hari ini', 'publish', { starts_on: dayFromToday(0, tz) });
    const res = await get('/agenda');
    const [upcoming, past] = res.text.split('id="lewat"');
    const at = (html: string, id: number) => html.indexOf(`/agenda/${SLUG_OF[id]}"`);
    expect(at(upcoming, running)).toBeGreaterThan(0);
    expect(at(upcoming, today)).toBeGreaterThan(at(upcoming, running));
    expect(at(upcoming, published.agenda)).toBeGreaterThan(at(upcoming, today));
    expect(at(upcoming, ended)).toBe(-1);
    expect(at(past, ended)).toBeGreaterThan(0);
    expect(at(past, published.pastEvent)).toBeGreaterThan(at(past, ended));
    expect(at(past, running)).toBe(-1);
    // The beranda shows the first upcoming ones in the same order.
    const home = (await get('/')).text;
    expect(at(home, running)).toBeGreaterThan(0);
    expect(at(home, today)).toBeGreaterThan(at(home, running));
    expect(at(home, ended)).toBe(-1);
  });

  test('potensi filters by an allowlisted category', async () => {
    expect((await get('/potensi?kategori=wisata')).text).toContain(SLUG_OF[published.potensi]);
    expect((await get('/potensi?kategori=budaya')).text).not.toContain(SLUG_OF[published.potensi]);
  });

  test('a potensi category is read no further than its published count: one it counts none of is not read at all', async () => {
    // Moved to "budaya" past the services, the potensi is still counted under "wisata" in
    // published_counts, and a new content_version drops the kept reads. Read, the budaya list
    // would find it; the count says budaya has none, so nothing is read (at 1,000,000 items that
    // read walked all 120,000 potensi: docs/render-path.md).
    const bump = async () => bumpContentVersion({ db: env.db, district: await env.db.selectFrom('districts').selectAll().where('id', '=', w.dA).executeTakeFirstOrThrow() });
    const move = (category: 'wisata' | 'budaya') => env.db.updateTable('potential_details').set({ category }).where('item_id', '=', published.potensi).execute();
    await move('budaya');
    await bump();
    try {
      expect((await get('/potensi?kategori=budaya')).text).not.toContain(SLUG_OF[published.potensi]);
    } finally {
      await move('wisata');
      await bump();
    }
    expect((await get('/potensi?kategori=wisata')).text).toContain(SLUG_OF[published.potensi]);
  });

  // The schema.org type of an item page's JSON-LD, where the type has one the test knows.
  const LD_TYPE: Partial<Record<ContentType, string>> = { news: 'NewsArticle', announcement: 'NewsArticle', event: 'Event', potential: 'Place' };
  test.each(SECTIONS.map((d) => [d.public.path, d] as const))('%s/:slug renders with canonical, OpenGraph, JSON-LD and share links', async (_path, def) => {
    const section = def.section;
    const path = pathOf(section, published[section]);
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<link rel="canonical" href="http://${HOST}${path}">`);
    expect(res.text).toMatch(/<meta property="og:title" content="&lt;script&gt;alert/);
    expect(res.text).not.toContain('<script>alert');
    if (LD_TYPE[def.type]) expect(res.text).toContain(`"@type":"${LD_TYPE[def.type]}"`);
    expect(res.text).toContain(`https://wa.me/?text=${encodeURIComponent(`${XSS} ${section} http://${HOST}${path}`)}`.replace(/&/g, '&amp;').replace(/"/g, '&#34;'));
    expect(res.text).toContain(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(`http://${HOST}${path}`)}`);
  });

  test('Place JSON-LD carries geo coordinates', async () => {
    const res = await get(`/potensi/${SLUG_OF[published.potensi]}`);
    expect(res.text).toContain('"geo":{"@type":"GeoCoordinates","latitude":-7.4167,"longitude":109.5114}');
  });

  test('unpublished items answer 404 by their slug', async () => {
    expect(hidden.length).toBe(5 * SECTIONS.length);
    for (const h of hidden) {
      const path = pathOf(h.section, h.id);
      expect([path, h.state, (await get(path)).status]).toEqual([path, h.state, 404]);
    }
  });

  test('items of another kecamatan are not reachable here', async () => {
    expect((await get(`/berita/${SLUG_OF[published.berita]}`, HOST_B)).status).toBe(404);
    expect((await get(`/desa/${villageSlug}`, HOST_B)).status).toBe(404);
  });

  test.each([
    '/berita?page=-1',
    '/berita?page=99999999',
    '/berita?page=abc',
    '/berita?page[]=2',
    '/pengumuman?page=0',
    '/agenda?page=99999999',
    '/potensi?kategori=%3Cscript%3E',
    "/potensi?kategori=' OR 1=1--",
    '/potensi?kategori[]=wisata&page=-3',
    '/potensi?sort=zzz&x=1',
    '/desa/SLUG/potensi?page=-5',
    '/desa/SLUG/berita?page=99999999',
  ])('%s gives a normal page, never a 500', async (path) => {
    const res = await get(path.replace('SLUG', villageSlug));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>');
  });

  test.each([
    '/berita/tidak-ada',
    '/berita/%3Cscript%3E',
    '/pengumuman/tidak-ada',
    '/agenda/tidak-ada',
    '/halaman/tidak-ada',
    '/potensi/tidak-ada',
    '/desa/tidak-ada',
    '/desa/SLUG/lainnya',
    '/desa/tidak-ada/berita',
  ])('%s is the Indonesian 404 page', async (path) => {
    const res = await get(path.replace('SLUG', villageSlug));
    expect(res.status).toBe(404);
    expect(res.text).toContain('Halaman tidak ditemukan');
  });
});
