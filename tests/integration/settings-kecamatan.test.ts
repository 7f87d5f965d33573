// Kecamatan settings: review mode per village and the blocked terms of the spam guard.
import { DEFAULT_BLOCKED_TERMS } from '../../src/modules/content/spam';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, type World, contentWorld, createItemVia, rowOrThrow, tokenOf } from '../support/content';

let env: TestEnv;
let w: World;
let camat: Agent;
let opK: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  camat = await login(env.app, HOST, 'camat');
  opK = await login(env.app, HOST, 'op.kalilandak');
});
afterAll(() => env.close());

const save = async (body: { review_village?: string | string[]; blocked_terms?: string }) =>
  camat
    .post('/admin/pengaturan')
    .set('Host', HOST)
    .type('form')
    .send({ _csrf: await tokenOf(camat), ...body });
const district = () => env.db.selectFrom('districts').select('blocked_terms').where('id', '=', w.dA).executeTakeFirstOrThrow();
const reviewFlags = async () =>
  Object.fromEntries((await env.db.selectFrom('villages').select(['id', 'review_required']).where('district_id', '=', w.dA).execute()).map((v) => [v.id, Number(v.review_required)]));
const audits = (action: string) => env.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
const defaults = DEFAULT_BLOCKED_TERMS.join('\n');

test('the page shows every village’s review mode and the default terms, and says what an empty box means', async () => {
  const res = await camat.get('/admin/pengaturan').set('Host', HOST);
  expect(res.status).toBe(200);
  expect(res.text.match(/name="review_village"/g)).toHaveLength(8);
  expect(res.text).toContain('setiap terbitan ditinjau kantor camat');
  expect(res.text).toMatch(/<textarea id="blocked_terms"[^>]*>slot\ngacor\ntogel/);
  expect(res.text).toContain('Kosongkan kotak ini untuk memakai daftar bawaan');
  expect(res.text).toContain('Sekarang memakai daftar bawaan.');
});

test('turning review on makes the operator’s next publish wait, audited with before and after; off again publishes', async () => {
  expect((await rowOrThrow(env.db, await createItemVia(opK, 'berita', { title: 'Sebelum tinjauan', intent: 'publish' }))).status).toBe('published');
  const on = await save({ review_village: String(w.v.kalilandak), blocked_terms: defaults });
  expect(on.status).toBe(303);
  expect(on.headers.location).toBe('/admin/pengaturan');
  expect((await reviewFlags())[w.v.kalilandak]).toBe(1);
  expect((await reviewFlags())[w.v.pagak]).toBe(0);
  expect((await rowOrThrow(env.db, await createItemVia(opK, 'berita', { title: 'Sesudah tinjauan', intent: 'publish' }))).status).toBe('submitted');
  const [row] = await audits('settings.review_mode');
  expect(row).toMatchObject({ district_id: w.dA, village_id: w.v.kalilandak, target_type: 'village', target_id: String(w.v.kalilandak), username: 'camat' });
  expect(JSON.parse(row.detail!)).toMatchObject({ before: 0, after: 1 });
  expect(await audits('settings.blocked_terms')).toHaveLength(0);

  expect((await save({ blocked_terms: defaults })).status).toBe(303);
  expect((await rowOrThrow(env.db, await createItemVia(opK, 'berita', { title: 'Langsung lagi', intent: 'publish' }))).status).toBe('published');
  expect(await audits('settings.review_mode')).toHaveLength(2);
});

test('saved blocked terms send matching content to review with the matches set; audited', async () => {
  const res = await save({ blocked_terms: '  Kopi Palsu \nmenang-besar.example\n\nkopi palsu' });
  expect(res.status).toBe(303);
  expect((await district()).blocked_terms).toBe('kopi palsu\nmenang-besar.example');
  const id = await createItemVia(opK, 'berita', { title: 'Info terbaru', body_source: 'Kunjungi https://menang-besar.example/daftar', intent: 'publish' });
  expect(await rowOrThrow(env.db, id)).toMatchObject({ status: 'submitted', spam_matches: 'menang-besar.example' });
  const queue = await camat.get('/admin/tinjauan').set('Host', HOST);
  expect(queue.text).toContain('Info terbaru');
  const [row] = await audits('settings.blocked_terms');
  expect(JSON.parse(row.detail!)).toEqual({ before: null, after: ['kopi palsu', 'menang-besar.example'] });
  const page = await camat.get('/admin/pengaturan').set('Host', HOST);
  expect(page.text).toContain('Sekarang memakai daftar kecamatan sendiri (2 kata).');
});

test('an empty box goes back to the defaults', async () => {
  expect((await save({ blocked_terms: '  \n' })).status).toBe(303);
  expect((await district()).blocked_terms).toBeNull();
  const id = await createItemVia(opK, 'berita', { title: 'Slot gacor malam ini', intent: 'publish' });
  expect((await rowOrThrow(env.db, id)).status).toBe('submitted');
  expect(await audits('settings.blocked_terms')).toHaveLength(2);
});

describe('bad input is refused whole, in Indonesian, with nothing saved', () => {
  const nothingSaved = async () => {
    expect((await district()).blocked_terms).toBeNull();
    expect((await reviewFlags())[w.v.pagak]).toBe(0);
  };

  test('a term of 101 characters', async () => {
    const res = await save({ review_village: String(w.v.pagak), blocked_terms: `judi\n${'x'.repeat(101)}` });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Baris 2 terlalu panjang (maksimal 100 karakter). Tidak ada yang disimpan.');
    expect(res.text).toContain('x'.repeat(101));
    await nothingSaved();
  });

  test('201 terms', async () => {
    const terms = Array.from({ length: 201 }, (_, i) => `kata${i}`).join('\n');
    const res = await save({ review_village: String(w.v.pagak), blocked_terms: terms });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Terlalu banyak kata (201); paling banyak 200.');
    await nothingSaved();
  });

  test('200 terms of 100 characters are fine', async () => {
    const terms = Array.from({ length: 200 }, (_, i) => `${i}`.padStart(100, 'k')).join('\n');
    expect((await save({ blocked_terms: terms })).status).toBe(303);
    expect((await district()).blocked_terms!.split('\n')).toHaveLength(200);
    expect((await save({ blocked_terms: '' })).status).toBe(303);
  });

  test('a village of another kecamatan, or junk for an id, or an unknown field', async () => {
    for (const body of [{ review_village: String(w.v.b) }, { review_village: 'abc' }, { review_village: String(w.v.pagak), village_id: '1' }]) {
      const res = await save({ blocked_terms: '', ...body });
      expect(res.status).toBe(400);
      await nothingSaved();
    }
  });
});
