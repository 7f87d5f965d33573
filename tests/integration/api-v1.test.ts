// /api/v1: shape, pagination, nothing unpublished or of another kecamatan, 400 on bad params,
// and an OpenAPI document that names every list.
import request from 'supertest';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, contentWorld, createItemVia, multipart, postForm, statusVia } from '../support/content';

let env: TestEnv;
let op: Agent;

const PROJECT = {
  title: 'Rabat beton jalan RT 02',
  summary: 'Jalan lingkungan dicor.',
  body_source: 'Pengecoran jalan sepanjang 250 meter.',
  fiscal_year: '2026',
  location_text: 'RT 02 RW 01',
  lat: '-7.4231',
  lng: '109.4567',
  executor: 'TPK Desa Kalilandak',
  output_volume: '250 m',
  start_date: '2026-03-01',
  target_date: '2026-06-30',
  project_status: 'berjalan',
  budget_dana_desa: 'Rp 150.000.000',
  budget_swadaya: '5000000',
  intent: 'publish',
};

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  for (let i = 1; i <= 5; i++) await createItemVia(op, 'berita', { title: `Berita ${i}`, intent: 'publish' });
  await createItemVia(op, 'berita', { title: 'Berita draf rahasia', intent: 'draft' });
  await createItemVia(op, 'produk', { title: 'Keripik salak', price: '25000', intent: 'publish' });
  await createItemVia(op, 'potensi', { title: 'Curug Kalibening', intent: 'publish' });
  const res = await multipart(op, HOST, '/admin/pembangunan', PROJECT);
  expect(res.status).toBe(303);
  const opB = await login(env.app, HOST_B, 'op.susukan');
  await createItemVia(opB, 'berita', { title: 'Berita Susukan', intent: 'publish' }, HOST_B);
});
afterAll(() => env.close());

const api = (path: string, host = HOST) => request(env.app).get(`/api/v1${path}`).set('Host', host);

describe('lists', () => {
  it('news: only this kecamatan, only published, newest first, each with its public URL', async () => {
    const res = await api('/news');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const titles = res.body.data.map((n: { title: string }) => n.title);
    expect(titles).toHaveLength(5);
    expect(titles).not.toContain('Berita draf rahasia');
    expect(titles).not.toContain('Berita Susukan');
    const first = res.body.data[0];
    expect(first).toMatchObject({ type: 'news', url: expect.stringMatching(/^http:\/\/klampok\.test\/berita\/[a-z0-9-]+$/), village: { slug: 'kalilandak' } });
    expect(first.published_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(res.body.meta).toEqual({ page: 1, per_page: 20, total: 5, total_pages: 1 });
  });

  it('paginates with page and per_page, with next and prev links', async () => {
    const p1 = await api('/news?per_page=2');
    expect(p1.body.data).toHaveLength(2);
    expect(p1.body.meta).toEqual({ page: 1, per_page: 2, total: 5, total_pages: 3 });
    expect(p1.body.links.next).toBe('http://klampok.test/api/v1/news?page=2&per_page=2');
    expect(p1.body.links.prev).toBeNull();
    const p3 = await api('/news?per_page=2&page=3');
    expect(p3.body.data).toHaveLength(1);
    expect(p3.body.links.next).toBeNull();
    const all = [...p1.body.data, ...(await api('/news?per_page=2&page=2')).body.data, ...p3.body.data].map((n: { id: number }) => n.id);
    expect(new Set(all).size).toBe(5);
    expect((await api('/news?page=99')).body.data).toEqual([]);
  });

  it('products, potentials and projects carry their typed fields; projects their budgets and progress', async () => {
    const [prod] = (await api('/products')).body.data;
    expect(prod).toMatchObject({ type: 'product', title: 'Keripik salak', price: 25000, currency: 'IDR', url: expect.stringContaining('/produk/') });
    const [pot] = (await api('/potentials')).body.data;
    expect(pot).toMatchObject({ type: 'potential', category: 'wisata', lat: -7.4167, lng: 109.5114, url: expect.stringContaining('/potensi/') });
    const [proj] = (await api('/projects')).body.data;
    expect(proj).toMatchObject({ type: 'project', fiscal_year: 2026, status: 'berjalan', progress: 0, executor: 'TPK Desa Kalilandak', url: expect.stringContaining('/pembangunan/') });
    expect(proj.budgets).toEqual(
      expect.arrayContaining([
        { source: 'dana_desa', amount: 150_000_000 },
        { source: 'swadaya', amount: 5_000_000 },
      ]),
    );
    expect(proj.budget_total).toBe(155_000_000);
  });

  it('total (read from the published_counts aggregate) follows publish, archive, trash, restore and purge and equals a recount', async () => {
    const recount = async (type: string) =>
      Number(
        (
          await env.db
            .selectFrom('content_items')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('district_id', '=', (await env.db.selectFrom('district_hosts').select('district_id').where('host', '=', HOST).executeTakeFirstOrThrow()).district_id)
            .where('type', '=', type as 'news')
            .where('status', '=', 'published')
            .where('deleted_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const totals = async () => ({
      news: (await api('/news')).body.meta.total,
      potentials: (await api('/potentials')).body.meta.total,
      products: (await api('/products')).body.meta.total,
      projects: (await api('/projects')).body.meta.total,
    });
    const recounts = async () => ({ news: await recount('news'), potentials: await recount('potential'), products: await recount('product'), projects: await recount('project') });
    const start = await totals();
    expect(start).toEqual(await recounts());
    const a = await createItemVia(op, 'berita', { title: 'Berita hitung A', intent: 'publish' });
    const b = await createItemVia(op, 'berita', { title: 'Berita hitung B', intent: 'publish' });
    await createItemVia(op, 'potensi', { title: 'Potensi hitung', intent: 'publish' });
    expect(await totals()).toEqual({ ...start, news: start.news + 2, potentials: start.potentials + 1 });
    await statusVia(op, 'berita', a, 'archive');
    await postForm(op, `/admin/berita/${b}/hapus`);
    expect((await totals()).news).toBe(start.news);
    const p2 = await api('/news?per_page=2');
    expect(p2.body.meta).toEqual({ page: 1, per_page: 2, total: start.news, total_pages: Math.ceil(start.news / 2) });
    await postForm(op, `/admin/berita/${b}/pulihkan`);
    expect((await totals()).news).toBe(start.news + 1);
    await postForm(op, `/admin/berita/${b}/hapus`);
    await postForm(op, `/admin/berita/${b}/musnahkan`);
    expect(await totals()).toEqual(await recounts());
    expect((await totals()).news).toBe(start.news);
    // The other kecamatan's aggregate rows never count here.
    expect((await api('/news', HOST_B)).body.meta.total).toBe(1);
  });

  it('villages: every village of the kecamatan with its URL', async () => {
    const res = await api('/villages?per_page=100');
    expect(res.body.meta.total).toBe(8);
    expect(res.body.data.find((v: { slug: string }) => v.slug === 'kalilandak')).toMatchObject({ code: '33.04.02.2006', kind: 'desa', url: 'http://klampok.test/desa/kalilandak' });
  });
});

describe('bad requests', () => {
  it.each(['?page=0', '?page=-1', '?page=abc', '?per_page=101', '?per_page=0', '?per_page=1.5', '?page[x]=1', '?page=1&page=2', '?sort=title'])('%s answers 400 JSON', async (q) => {
    const res = await api(`/news${q}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('an unknown list answers 404 JSON', async () => {
    const res = await api('/drafts');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('openapi.json', () => {
  it('is an OpenAPI 3.1 document describing every list', async () => {
    const res = await api('/openapi.json');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/news', '/potentials', '/products', '/projects', '/services', '/villages']);
    expect(doc.servers[0].url).toBe('http://klampok.test/api/v1');
    for (const p of Object.values(doc.paths) as { get: { parameters: { name: string }[] } }[]) expect(p.get.parameters.map((x) => x.name)).toEqual(['page', 'per_page']);
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/(\w+)/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas[ref.split('/').pop()!]).toBeDefined();
  });
});
