// Kept reads of the public pages (src/modules/portal/kept-reads.ts): a page's data is read once per
// kecamatan and content_version, and every publish, edit and unpublish is seen by the next request.
// The page cache is off here, so each request renders; what it shows comes from the kept reads.
import request from 'supertest';
import type { District } from '../../src/db/schema';
import { KEPT_READS_MAX, keptRead, keptReadCount } from '../../src/modules/portal/kept-reads';
import { type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, PROJECT_FIELDS, type World, contentWorld, createItemVia, statusVia, updateVia, validFields } from '../support/content';

let env: TestEnv;
let w: World;

beforeAll(async () => {
  env = await createTestEnv({ PAGE_CACHE: 'false' });
  w = await contentWorld(env);
});
afterAll(() => env.close());

const get = (path: string) => request(env.app).get(path).set('Host', HOST);
const district = () => env.db.selectFrom('districts').selectAll().where('id', '=', w.dA).executeTakeFirstOrThrow();

const PAGES = ['/', '/desa', '/desa/kalilandak', '/produk', '/potensi', '/berita', '/pembangunan'];

describe('a kept read', () => {
  it('serves a page until the content version moves, whatever the rows say', async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const id = await createItemVia(op, 'berita', { title: 'Panen raya Kalilandak', intent: 'publish' });
    expect((await get('/berita')).text).toContain('Panen raya Kalilandak');
    // A change written past the services (no new version) is not read again: the page is kept.
    await env.db.updateTable('content_items').set({ title: 'Diubah langsung' }).where('id', '=', id).execute();
    expect((await get('/berita')).text).toContain('Panen raya Kalilandak');
    // Any publish bumps the version: the next request reads afresh.
    await createItemVia(op, 'berita', { title: 'Kerja bakti Kalilandak', intent: 'publish' });
    const after = (await get('/berita')).text;
    expect(after).toContain('Kerja bakti Kalilandak');
    expect(after).toContain('Diubah langsung');
    expect(after).not.toContain('Panen raya Kalilandak');
  });

  it('shows a publish on every kept page at once', async () => {
    for (const path of PAGES) expect((await get(path)).status).toBe(200);
    const op = await login(env.app, HOST, 'op.kalilandak');
    await createItemVia(op, 'produk', { title: 'Gula semut Kalilandak', intent: 'publish' });
    await createItemVia(op, 'potensi', { title: 'Curug Kalilandak', intent: 'publish' });
    await createItemVia(op, 'pembangunan' as never, { ...PROJECT_FIELDS, title: 'Talud Kalilandak', intent: 'publish' });
    const shown = async (path: string) => (await get(path)).text;
    expect(await shown('/')).toContain('Gula semut Kalilandak');
    expect(await shown('/desa/kalilandak')).toContain('Curug Kalilandak');
    expect(await shown('/produk')).toContain('Gula semut Kalilandak');
    expect(await shown('/potensi')).toContain('Curug Kalilandak');
    expect(await shown('/pembangunan')).toContain('Talud Kalilandak');
  });

  it('keeps the feeds, the API and the sitemap index the same way', async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const id = await createItemVia(op, 'berita', { title: 'Sedekah bumi Kalilandak', intent: 'publish' });
    const pages = ['/feed.xml', '/desa/kalilandak/feed.xml', '/api/v1/news', '/api/v1/news?page=1&per_page=5'];
    for (const path of pages) expect((await get(path)).text).toContain('Sedekah bumi Kalilandak');
    const sitemap = (await get('/sitemap.xml')).text;
    // Written past the services: no new version, so every one of them still shows the old title.
    await env.db.updateTable('content_items').set({ title: 'Judul diubah langsung' }).where('id', '=', id).execute();
    await env.db.updateTable('villages').set({ updated_at: '2031-01-01 00:00:00' }).where('id', '=', w.v.kalilandak).execute();
    for (const path of pages) expect((await get(path)).text).toContain('Sedekah bumi Kalilandak');
    expect((await get('/sitemap.xml')).text).toBe(sitemap);
    // The next publish is seen by all of them at once.
    await createItemVia(op, 'berita', { title: 'Festival layang-layang', intent: 'publish' });
    for (const path of pages) {
      const text = (await get(path)).text;
      expect(text).toContain('Festival layang-layang');
      expect(text).toContain('Judul diubah langsung');
    }
    expect((await get('/sitemap.xml')).text).toContain('<lastmod>2031-01-01T00:00:00.000Z</lastmod>');
    expect((await get('/desa/tidak-ada/feed.xml')).status).toBe(404);
  });

  it('shows an edit and an archiving of a product on its page and in the list', async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const id = await createItemVia(op, 'produk', { title: 'Keripik tempe', intent: 'publish' });
    const { slug } = await env.db.selectFrom('content_items').select('slug').where('id', '=', id).executeTakeFirstOrThrow();
    expect((await get(`/produk/${slug}`)).text).toContain('Keripik tempe');
    const { version } = await env.db.selectFrom('content_items').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    const edit = await updateVia(op, 'produk', id, { ...validFields('produk', 'Keripik tempe pedas'), version: String(version), intent: 'publish' });
    expect(edit.status).toBe(303);
    expect((await get(`/produk/${slug}`)).text).toContain('Keripik tempe pedas');
    expect((await get('/produk')).text).toContain('Keripik tempe pedas');
    expect((await statusVia(op, 'produk', id, 'archive')).status).toBe(303);
    expect((await get(`/produk/${slug}`)).status).toBe(404);
    expect((await get('/produk')).text).not.toContain('Keripik tempe');
  });

  it('keeps nothing for a slug that names nothing', async () => {
    await get('/produk');
    const before = keptReadCount(env.db);
    expect((await get('/produk/tidak-ada')).status).toBe(404);
    expect((await get('/pembangunan/tidak-ada')).status).toBe(404);
    expect(keptReadCount(env.db)).toBe(before);
  });

  it('is bounded, and an older version than one seen reads afresh', async () => {
    const d: District = await district();
    let reads = 0;
    const load = async () => ++reads;
    for (let i = 0; i < KEPT_READS_MAX + 50; i++) await keptRead(env.db, d, `test\n${i}`, load);
    expect(keptReadCount(env.db)).toBe(KEPT_READS_MAX);
    expect(await keptRead(env.db, d, `test\n${KEPT_READS_MAX + 49}`, load)).toBe(KEPT_READS_MAX + 50);
    const older = { ...d, content_version: d.content_version - 1 };
    expect(await keptRead(env.db, older, 'test\nolder', load)).toBe(KEPT_READS_MAX + 51);
    expect(await keptRead(env.db, older, 'test\nolder', load)).toBe(KEPT_READS_MAX + 52);
    // A newer version drops the kecamatan's older reads.
    await keptRead(env.db, { ...d, content_version: d.content_version + 1 }, 'test\nnewer', load);
    expect(keptReadCount(env.db)).toBe(1);
  });
});
