// A validation error or a refused upload re-renders the form with status 400 and everything typed
// still there; nothing is stored.
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, contentWorld, countItems, createItemVia, createVia, formOf, rowOrThrow, updateVia, validFields } from '../support/content';
import { HTML_AS_JPG, SVG, solid } from '../support/images';
import { rowCount } from '../support/db';

let env: TestEnv;
let op: Agent;

const TYPED = {
  title: 'Tempe mendoan "Mbok Darmi"',
  summary: 'Tempe tipis khas Banyumasan, digoreng setengah matang.',
  body_source: 'Dibuat **setiap pagi** dari kedelai lokal.\n\nPesan sehari sebelumnya.',
  unit: '10 potong',
  seller_name: 'Mbok Darmi & anak',
  whatsapp: '0812-3456-7890',
  category: 'makanan',
  availability: 'pesan_dulu',
  cover_alt: 'Tempe mendoan di atas daun pisang',
};

const mediaCount = () => rowCount(env.db, 'media');

/** The form's fields as a browser would post them again. */
function expectTyped(html: string, extra: Record<string, string> = {}) {
  const { fields } = formOf(html);
  const { whatsapp, ...rest } = TYPED;
  expect(fields).toMatchObject({ ...rest, ...extra });
  // Typed as 0812-…, shown back as typed or in its normalised 62… form.
  expect(['0812-3456-7890', '6281234567890']).toContain(fields.whatsapp);
}

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
});
afterAll(() => env.close());

describe('the product form', () => {
  test('a missing price: 400, the price error shown, everything else typed still there', async () => {
    const items = await countItems(env.db);
    const res = await createVia(op, 'produk', { ...TYPED, price: '', intent: 'publish' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="price-error"/);
    expectTyped(res.text, { price: '' });
    expect(await countItems(env.db)).toBe(items);
  });

  test('a malformed price and WhatsApp number: 400, what was typed is shown back as typed', async () => {
    const res = await createVia(op, 'produk', { ...TYPED, price: 'dua puluh ribu', whatsapp: '021-555' });
    expect(res.status).toBe(400);
    const { fields } = formOf(res.text);
    expect(fields).toMatchObject({ price: 'dua puluh ribu', whatsapp: '021-555', title: TYPED.title, body_source: TYPED.body_source });
    expect(res.text).toMatch(/id="whatsapp-error"/);
  });

  test.each([
    ['an HTML page named .jpg', HTML_AS_JPG, 'foto.jpg'],
    ['an SVG', SVG, 'logo.svg'],
  ])('%s as cover: 400, nothing stored, everything typed still there', async (_name, buffer, name) => {
    const items = await countItems(env.db);
    const media = await mediaCount();
    const res = await createVia(op, 'produk', { ...TYPED, price: '25000', intent: 'publish' }, [{ field: 'cover_file', buffer, name }]);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="cover_file-error"/);
    expectTyped(res.text, { price: '25000' });
    expect(await countItems(env.db)).toBe(items);
    expect(await mediaCount()).toBe(media);
  });

  test('a good photo with a bad field is kept: the re-rendered form holds its id, the next post uses it', async () => {
    const jpeg = await solid(320, 240).jpeg().toBuffer();
    const res = await createVia(op, 'produk', { ...TYPED, price: '' }, [{ field: 'cover_file', buffer: jpeg, name: 'mendoan.jpg' }]);
    expect(res.status).toBe(400);
    const form = formOf(res.text);
    const cover = form.fields.cover_media_id;
    expect(cover).toMatch(/^\d+$/);
    const again = await op
      .post(form.action)
      .set('Host', HOST)
      .field({ ...form.fields, price: 'Rp 2.500' } as Record<string, string>);
    expect(again.status).toBe(303);
    const id = Number(/\/(\d+)\/ubah$/.exec(again.headers.location)![1]);
    expect(await rowOrThrow(env.db, id)).toMatchObject({ title: TYPED.title, cover_media_id: Number(cover), cover_alt: TYPED.cover_alt });
    expect(await env.db.selectFrom('product_details').select(['price', 'whatsapp', 'availability']).where('item_id', '=', id).executeTakeFirstOrThrow()).toEqual({
      price: 2500,
      whatsapp: '6281234567890',
      availability: 'pesan_dulu',
    });
  });

  test('an edit with a refused upload keeps the item as it was and the typed edit on screen', async () => {
    const id = await createItemVia(op, 'produk', { title: 'Tempe biasa' });
    const before = await rowOrThrow(env.db, id);
    const res = await updateVia(op, 'produk', id, { ...TYPED, price: '3000', version: '1' }, [{ field: 'cover_file', buffer: HTML_AS_JPG, name: 'x.jpg' }]);
    expect(res.status).toBe(400);
    expectTyped(res.text, { price: '3000', version: '1' });
    expect(await rowOrThrow(env.db, id)).toEqual(before);
  });

  test('the other sections keep their typed fields too (potensi with a bad coordinate, agenda with a bad date)', async () => {
    const pot = await createVia(op, 'potensi', { ...validFields('potensi', 'Kebun salak'), lat: '95' });
    expect(pot.status).toBe(400);
    expect(formOf(pot.text).fields).toMatchObject({ title: 'Kebun salak', lat: '95', location_text: 'Dusun Kalibening', opening_hours: '07.00–17.00', category: 'wisata' });
    const camat = await login(env.app, HOST, 'camat');
    const ev = await createVia(camat, 'agenda', { ...validFields('agenda', 'Musrenbang'), starts_on: '2026-02-30', village_id: '' });
    expect(ev.status).toBe(400);
    expect(formOf(ev.text).fields).toMatchObject({ title: 'Musrenbang', starts_on: '2026-02-30', place: 'Pendopo Kecamatan' });
  });
});
