// Layanan reaches search, the sitemap, the feed and the API through the type registry alone
// (src/modules/sections/index.ts): nothing of them names the type.
import request from 'supertest';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, contentWorld, createdId, tokenOf } from '../support/content';
import { pdfBytes } from '../support/images';

let env: TestEnv;
let camat: Agent;
let slug: string;
let draftSlug: string;

const get = (path: string) => request(env.app).get(path).set('Host', HOST);

async function create(title: string, intent: 'publish' | 'draft', withPdf = false): Promise<string> {
  const req = camat.post(`/admin/layanan?_csrf=${encodeURIComponent(await tokenOf(camat))}`).set('Host', HOST);
  const fields = {
    title,
    summary: 'Rekomendasi untuk izin acara.',
    audience: 'Warga yang mengadakan hajatan',
    requirements: 'KTP\nSurat pengantar RT',
    steps: 'Datang\nTunggu',
    duration: '1 hari kerja',
    cost: '0',
    intent,
  };
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  if (withPdf) req.attach('document_files', pdfBytes('Formulir'), { filename: 'formulir-keramaian.pdf', contentType: 'application/pdf' });
  const id = createdId(await req);
  return (await env.db.selectFrom('content_items').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
}

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
  camat = await login(env.app, HOST, 'camat');
  slug = await create('Izin keramaian', 'publish', true);
  draftSlug = await create('Izin reklame', 'draft');
});
afterAll(() => env.close());

test('/cari finds a published layanan by name, under its own group, linked to its page', async () => {
  const res = await get('/cari?q=keramaian');
  expect(res.status).toBe(200);
  expect(res.text).toMatch(/<h2 id="hasil-service">Layanan/);
  expect(res.text).toContain(`href="/layanan/${slug}"`);
  expect((await get('/cari?q=reklame')).text).not.toContain(`/layanan/${draftSlug}`);
});

test('the sitemap: the item in a /sitemap-isi-*.xml child, the list page in /sitemap-halaman.xml', async () => {
  const index = (await get('/sitemap.xml')).text;
  const children = [...index.matchAll(/<loc>http:\/\/klampok\.test(\/sitemap-isi-\d+\.xml)<\/loc>/g)].map((m) => m[1]);
  const texts = await Promise.all(children.map(async (c) => (await get(c)).text));
  expect(texts.join('')).toContain(`<loc>http://${HOST}/layanan/${slug}</loc>`);
  expect(texts.join('')).not.toContain(`/layanan/${draftSlug}`);
  expect((await get('/sitemap-halaman.xml')).text).toContain(`<loc>http://${HOST}/layanan</loc>`);
});

test('/feed.xml carries it with its type label', async () => {
  const feed = (await get('/feed.xml')).text;
  expect(feed).toContain(`<link rel="alternate" href="http://${HOST}/layanan/${slug}"/>`);
  expect(feed).toContain('<category term="service" label="Layanan"/>');
});

test('/api/v1/services serves it with its fields and PDF forms; openapi.json has a Service schema', async () => {
  const res = await get('/api/v1/services');
  expect(res.status).toBe(200);
  expect(res.body.meta.total).toBe(1);
  const [item] = res.body.data;
  expect(item).toMatchObject({
    type: 'service',
    title: 'Izin keramaian',
    url: `http://${HOST}/layanan/${slug}`,
    village: null,
    audience: 'Warga yang mengadakan hajatan',
    requirements: ['KTP', 'Surat pengantar RT'],
    steps: ['Datang', 'Tunggu'],
    duration: '1 hari kerja',
    cost: 0,
    currency: 'IDR',
  });
  expect(item.documents).toEqual([{ name: 'formulir-keramaian.pdf', url: expect.stringMatching(new RegExp(`^http://${HOST}/media/.+\\.pdf$`)), bytes: expect.any(Number) }]);
  expect((await get(new URL(item.documents[0].url).pathname)).headers['content-type']).toBe('application/pdf');
  const doc = JSON.parse((await get('/api/v1/openapi.json')).text);
  expect(doc.paths['/services']).toBeDefined();
  const schema = JSON.stringify(doc.components.schemas.Service);
  for (const field of ['audience', 'requirements', 'steps', 'duration', 'cost', 'cost_note', 'place', 'contact', 'documents']) expect(schema).toContain(`"${field}"`);
});

test('the portal menu links /layanan', async () => {
  expect((await get('/')).text).toContain('<a href="/layanan">Layanan</a>');
});
