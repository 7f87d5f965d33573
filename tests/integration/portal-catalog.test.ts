// The public UMKM catalog: /produk filters, search, sort and pages; /produk/:slug with its order
// link and JSON-LD; nothing unpublished reachable; bad parameters never answer 500.
import request from 'supertest';
import { createItem } from '../../src/modules/content/content.service';
import { changeStatus, trashAction } from '../../src/modules/content/workflow';
import { product } from '../../src/modules/sections/product';
import type { Ctx } from '../../src/domain/context';
import { type TestEnv, createTestEnv } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, ctxFor } from '../support/content';

let env: TestEnv;
let w: World;
let op: { kalilandak: Ctx; pagak: Ctx; camat: Ctx; opB: Ctx };
const slugs: Record<string, string> = {};

async function make(ctx: Ctx, title: string, d: Record<string, unknown>, fate: 'P' | 'D' | 'S' | 'R' | 'A' | 'T' = 'P'): Promise<number> {
  const details = { price: 10000, unit: 'bungkus', seller_name: 'Bu Sri', whatsapp: '6281234567890', category: 'makanan', availability: 'tersedia', ...d };
  const snapshot = { title, summary: `Ringkasan ${title}`, body_source: `Isi ${title}`, cover_media_id: null, cover_alt: '', media_ids: [], details };
  const intent = fate === 'D' ? 'draft' : fate === 'S' || fate === 'R' ? 'submit' : 'publish';
  const { id } = await createItem(ctx, product, { snapshot, intent, villageId: ctx.user.village_id });
  if (fate === 'R') await changeStatus(op.camat, product, id, 'return', 'Lengkapi foto.');
  if (fate === 'A') await changeStatus(op.camat, product, id, 'archive', '');
  if (fate === 'T') await trashAction(op.camat, product, id, 'delete');
  slugs[title] = (await env.db.selectFrom('content_items').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  return id;
}

const get = (path: string, host = HOST) => request(env.app).get(path).set('Host', host);
/** The product titles of a catalog page, in order. */
const titles = (html: string) => [...html.matchAll(/<h2><a href="\/produk\/[^"]+">([^<]*)<\/a><\/h2>/g)].map((m) => m[1]);

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  op = { kalilandak: await ctxFor(env.db, w.u.kalilandak), pagak: await ctxFor(env.db, w.u.pagak), camat: await ctxFor(env.db, w.u.camat), opB: await ctxFor(env.db, w.u.opB) };
  await make(op.kalilandak, 'Keripik Singkong', { price: 15000, category: 'makanan' });
  await make(op.kalilandak, 'Gula Kelapa', { price: 25000, category: 'pertanian', seller_name: 'Pak Darmo', whatsapp: null });
  await make(op.pagak, 'Batik Tulis Pagak', { price: 350000, category: 'fesyen', seller_name: 'Sanggar 100%_Asli' });
  await make(op.pagak, 'Anyaman Bambu', { price: 45000, category: 'kerajinan' });
  await make(op.pagak, '<script>alert(1)</script> Kopi', { price: 30000, category: 'minuman' });
  for (const [fate, name] of [
    ['D', 'Draf Rahasia'],
    ['S', 'Diajukan Rahasia'],
    ['R', 'Dikembalikan Rahasia'],
    ['A', 'Diarsipkan Rahasia'],
    ['T', 'Dibuang Rahasia'],
  ] as const) {
    await make(op.kalilandak, name, { price: 20000 }, fate);
  }
  await make(op.opB, 'Produk Kecamatan Lain', { price: 20000 });
});
afterAll(() => env.close());

test('the catalog lists every published product of this kecamatan and nothing else', async () => {
  const res = await get('/produk');
  expect(res.status).toBe(200);
  expect(titles(res.text).sort()).toEqual(['&lt;script&gt;alert(1)&lt;/script&gt; Kopi', 'Anyaman Bambu', 'Batik Tulis Pagak', 'Gula Kelapa', 'Keripik Singkong']);
  expect(res.text).not.toContain('<script>alert(1)');
  expect(res.text).not.toMatch(/Rahasia|Kecamatan Lain/);
  expect(res.text).toContain('Rp 15.000 / bungkus');
});

test('filters by village, category, price range and search; sorts by price', async () => {
  expect(titles((await get('/produk?desa=pagak&urut=termurah')).text)).toEqual(['&lt;script&gt;alert(1)&lt;/script&gt; Kopi', 'Anyaman Bambu', 'Batik Tulis Pagak']);
  expect(titles((await get('/produk?kategori=pertanian')).text)).toEqual(['Gula Kelapa']);
  expect(titles((await get('/produk?min=20000&max=50000&urut=termahal')).text)).toEqual(['Anyaman Bambu', '&lt;script&gt;alert(1)&lt;/script&gt; Kopi', 'Gula Kelapa']);
  // min > max is read as the range between them
  expect(titles((await get('/produk?min=50000&max=20000&urut=termurah')).text)).toEqual(['Gula Kelapa', '&lt;script&gt;alert(1)&lt;/script&gt; Kopi', 'Anyaman Bambu']);
  expect(titles((await get('/produk?q=darmo')).text)).toEqual(['Gula Kelapa']);
  expect(titles((await get('/produk?q=singkong')).text)).toEqual(['Keripik Singkong']);
  // LIKE wildcards are matched literally
  expect(titles((await get('/produk?q=100%25_')).text)).toEqual(['Batik Tulis Pagak']);
  expect(titles((await get('/produk?q=%25')).text)).toEqual(['Batik Tulis Pagak']);
  expect(titles((await get('/produk?q=Rahasia')).text)).toEqual([]);
});

test('pages of 24', async () => {
  for (let i = 0; i < 22; i++) await make(op.kalilandak, `Tempe Mendoan ${i}`, { price: 1000 + i, category: 'lainnya' });
  const first = await get('/produk?kategori=lainnya&urut=termurah');
  expect(titles(first.text)).toHaveLength(22);
  const all = await get('/produk');
  expect(titles(all.text)).toHaveLength(24);
  expect(all.text).toContain('href="/produk?page=2"');
  const second = await get('/produk?page=2');
  expect(titles(second.text)).toHaveLength(3);
  expect(second.text).not.toContain('rel="next"');
});

test('bad parameters give a normal page, never a 500', async () => {
  for (const qs of [
    'page=-5',
    'page=99999999999',
    'page=abc',
    'urut=harga;DROP',
    "desa='; DROP TABLE content_items; --",
    "kategori=' OR 1=1 --",
    'min=-1&max=1e9',
    `q=${'x'.repeat(5000)}`,
    'q[]=a&q[]=b',
    'page[x]=1',
    'min=abc',
  ]) {
    const res = await get(`/produk?${qs}`);
    expect([200, 400]).toContain(res.status);
  }
  expect((await get('/produk?page=99999999999')).status).toBe(200);
  expect(await env.db.selectFrom('content_items').select('id').executeTakeFirst()).toBeDefined();
});

test('a product page: details, WhatsApp order link, JSON-LD; unknown and unpublished slugs answer 404', async () => {
  const res = await get(`/produk/${slugs['Keripik Singkong']}`);
  expect(res.status).toBe(200);
  const url = `http://${HOST}/produk/${slugs['Keripik Singkong']}`;
  const wa = `https://wa.me/6281234567890?text=${encodeURIComponent(`Halo, saya ingin memesan Keripik Singkong (${url})`)}`;
  expect(res.text).toContain(`href="${wa}"`);
  expect(res.text).toContain('Pesan via WhatsApp');
  expect(res.text).toContain('href="/desa/kalilandak"');
  const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(res.text)![1]);
  expect(ld).toMatchObject({ '@type': 'Product', name: 'Keripik Singkong', offers: { price: 15000, priceCurrency: 'IDR' } });
  const noWa = await get(`/produk/${slugs['Gula Kelapa']}`);
  // No order button without a number (the share link to WhatsApp has no number in it).
  expect(noWa.text).not.toMatch(/wa\.me\/62/);
  const xss = await get(`/produk/${slugs['<script>alert(1)</script> Kopi']}`);
  expect(xss.text).not.toContain('<script>alert(1)');
  for (const name of ['Draf Rahasia', 'Diajukan Rahasia', 'Dikembalikan Rahasia', 'Diarsipkan Rahasia', 'Dibuang Rahasia']) {
    expect((await get(`/produk/${slugs[name]}`)).status).toBe(404);
  }
  expect((await get(`/produk/${slugs['Produk Kecamatan Lain']}`)).status).toBe(404);
  expect((await get(`/produk/${slugs['Produk Kecamatan Lain']}`, HOST_B)).status).toBe(200);
  expect((await get('/produk/tidak-ada')).status).toBe(404);
  expect((await get("/produk/'%3B%20DROP%20TABLE")).status).toBe(404);
});
