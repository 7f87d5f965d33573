// Mass assignment: what the server decides (village, kecamatan, status, author, dates, slug, spam
// flags, pending edits, version) cannot be posted in a content form.
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, type World, contentWorld, countItems, createItemVia, createVia, everything, rowOrThrow, updateVia, validFields } from '../support/content';

let env: TestEnv;
let w: World;
let op: Agent;
let camat: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  camat = await login(env.app, HOST, 'camat');
});
afterAll(() => env.close());

const FORBIDDEN: Record<string, string> = {
  district_id: '2',
  status: 'published',
  author_id: '1',
  updated_by: '1',
  deleted_at: '',
  published_at: '2020-01-01 00:00:00',
  slug: 'slot-gacor',
  spam_matches: '',
  pending_revision_id: '1',
  review_note: 'Disetujui',
  type: 'announcement',
  id: '1',
  item_id: '1',
  created_at: '2020-01-01 00:00:00',
};

describe('creating', () => {
  test('an operator’s village_id is ignored: the item is their own village’s, by them, a draft, in their kecamatan', async () => {
    const id = await createItemVia(op, 'produk', { title: 'Keripik tempe', village_id: String(w.v.pagak), version: '99' });
    expect(await rowOrThrow(env.db, id)).toMatchObject({
      village_id: w.v.kalilandak,
      district_id: w.dA,
      author_id: w.u.kalilandak,
      status: 'draft',
      version: 1,
      published_at: null,
      deleted_at: null,
      spam_matches: null,
      pending_revision_id: null,
      slug: 'keripik-tempe',
    });
  });

  test.each(Object.entries(FORBIDDEN))('a posted %s is refused with 400 and nothing is stored', async (field, value) => {
    const items = await countItems(env.db);
    const media = await env.db.selectFrom('media').select('id').execute();
    const res = await createVia(op, 'produk', { ...validFields('produk', `Selundupan ${field}`), [field]: value, intent: 'publish' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Selundupan'); // the form comes back with what was typed
    expect(await countItems(env.db)).toBe(items);
    expect(await env.db.selectFrom('media').select('id').execute()).toEqual(media);
  });

  test('an unknown intent or a malformed version or village is refused', async () => {
    const items = await countItems(env.db);
    const extras: Record<string, string>[] = [{ intent: 'published' }, { version: 'x1' }, { village_id: '-1' }, { village_id: 'abc' }, { media_ids: '1;2' }];
    for (const extra of extras) {
      expect((await createVia(op, 'berita', { ...validFields('berita'), ...extra })).status).toBe(400);
    }
    expect(await countItems(env.db)).toBe(items);
  });
});

describe('updating', () => {
  let id: number;
  beforeAll(async () => {
    id = await createItemVia(op, 'potensi', { title: 'Curug Sikopel', intent: 'publish' });
  });

  test.each(Object.entries(FORBIDDEN))('a posted %s is refused with 400; the item is unchanged', async (field, value) => {
    const before = await everything(env.db, 'potensi', id);
    const res = await updateVia(op, 'potensi', id, { ...validFields('potensi', 'Diubah lewat selundupan'), version: String(before.row!.version), [field]: value });
    expect(res.status).toBe(400);
    expect(await everything(env.db, 'potensi', id)).toEqual(before);
  });

  test('a version from the future, the past or none: 409, nothing saved', async () => {
    const before = await everything(env.db, 'potensi', id);
    const v = before.row!.version;
    for (const version of [String(v + 1), String(v - 1), '0', undefined]) {
      const fields = { ...validFields('potensi', 'Versi palsu'), ...(version === undefined ? {} : { version }) };
      expect((await updateVia(op, 'potensi', id, fields)).status).toBe(409);
    }
    expect(await everything(env.db, 'potensi', id)).toEqual(before);
  });

  test('village_id on an edit is ignored, for an operator and for the camat office alike', async () => {
    const before = await rowOrThrow(env.db, id);
    expect((await updateVia(op, 'potensi', id, { ...validFields('potensi', 'Curug Sikopel baru'), version: String(before.version), village_id: String(w.v.pagak) })).status).toBe(303);
    const mid = await rowOrThrow(env.db, id);
    expect(mid).toMatchObject({ title: 'Curug Sikopel baru', village_id: w.v.kalilandak, author_id: w.u.kalilandak, updated_by: w.u.kalilandak, published_at: before.published_at, slug: before.slug });
    expect((await updateVia(camat, 'potensi', id, { ...validFields('potensi', 'Curug Sikopel (camat)'), version: String(mid.version), village_id: String(w.v.pagak) })).status).toBe(303);
    expect(await rowOrThrow(env.db, id)).toMatchObject({ title: 'Curug Sikopel (camat)', village_id: w.v.kalilandak, district_id: w.dA, author_id: w.u.kalilandak, updated_by: w.u.camat });
  });

  test('the slug of a published item does not follow a new title', async () => {
    const row = await rowOrThrow(env.db, id);
    expect(row.slug).toBe('curug-sikopel');
  });
});
