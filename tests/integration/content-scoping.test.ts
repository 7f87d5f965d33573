// The scoping matrix, over every type of the registry: an operator reaches only their own village's
// items, never another village's nor the kecamatan's; a camat office reaches only its own kecamatan.
// Village-level types are owned by Pagak's operator, kecamatan-only types by the camat office.
import { ForbiddenError } from '../../src/domain/errors';
import type { SectionDef } from '../../src/modules/content/section';
import { createItem } from '../../src/modules/content/content.service';
import { createMedia } from '../../src/modules/media/media.service';
import { SECTIONS } from '../../src/modules/sections';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import {
  DISTRICT_SECTIONS,
  HOST,
  HOST_B,
  VILLAGE_SECTIONS,
  type World,
  contentWorld,
  countItems,
  createItemVia,
  createVia,
  ctxFor,
  everything,
  formOf,
  itemMedia,
  postForm,
  revisions,
  rowOrThrow,
  statusVia,
  updateVia,
  validFields,
  villageLevel,
} from '../support/content';
import { solid } from '../support/images';
import { rowCount } from '../support/db';

let env: TestEnv;
let w: World;
let jpeg: Buffer;
let pagak: Agent;
let op: Agent;
let camat: Agent;
let camatB: Agent;
/** Per section: the owner's published item (cover + gallery), a draft, a trashed one. */
const of: Record<string, { live: number; draft: number; trashed: number }> = {};
/** Media of Pagak (an operator of Kalilandak, or another kecamatan, must not attach it). */
let pagakMedia: number;

const mediaCount = () => rowCount(env.db, 'media');

/** Who writes a section's items here: Pagak's operator, or the camat office for kecamatan-only types. */
const ownerOf = (def: SectionDef) => (villageLevel(def) ? pagak : camat);
/** The marker in the titles of a section's owned items, which no list of an intruder may show. */
const secret = (s: string) => `Rahasia ${s}`;

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  jpeg = await solid(320, 240).jpeg().toBuffer();
  pagakMedia = (await createMedia(await ctxFor(env.db, w.u.pagak), env.storage, { buffer: jpeg, originalName: 'p.jpg', alt: 'Pagak' })).id;
  pagak = await login(env.app, HOST, 'op.pagak');
  op = await login(env.app, HOST, 'op.kalilandak');
  camat = await login(env.app, HOST, 'camat');
  camatB = await login(env.app, HOST_B, 'camat.susukan');
  for (const def of SECTIONS) {
    const s = def.section;
    const agent = ownerOf(def);
    const files = [
      { field: 'cover_file' as const, buffer: jpeg, name: 'sampul.jpg' },
      { field: 'photo_files' as const, buffer: jpeg, name: 'galeri.jpg' },
    ];
    const res = await createVia(agent, s, { ...validFields(s, `${secret(s)} tayang`), intent: 'publish' }, files);
    expect(res.status).toBe(303);
    const live = Number(/\/(\d+)\/ubah$/.exec(res.headers.location)![1]);
    const draft = await createItemVia(agent, s, { title: `${secret(s)} draf` });
    const trashed = await createItemVia(agent, s, { title: `${secret(s)} sampah` });
    expect((await postForm(agent, `/admin/${s}/${trashed}/hapus`)).status).toBe(303);
    of[s] = { live, draft, trashed };
  }
});
afterAll(() => env.close());

// Kalilandak's operator gets 404 for another village's item and 403 for every page of a kecamatan-only
// section; the camat office of another kecamatan, on its own host, gets 404 for everything here.
const intruders = (def: SectionDef) => [
  { who: 'an operator of Kalilandak', agent: () => op, host: HOST, status: villageLevel(def) ? 404 : 403 },
  { who: 'the camat office of Susukan', agent: () => camatB, host: HOST_B, status: 404 },
];

describe.each(SECTIONS.map((d) => [d.section, d] as const))('%s of its owner', (s, def) => {
  test.each(intruders(def))('$who: every action answers $status and nothing of the items changes', async ({ agent, host, status }) => {
    const intruder = agent();
    const { live, draft, trashed } = of[s];
    expect((await rowOrThrow(env.db, live)).status).toBe('published');
    expect((await itemMedia(env.db, live)).length).toBe(1);
    const rev = (await revisions(env.db, live))[0].id;
    const before = await Promise.all([live, draft, trashed].map((id) => everything(env.db, s, id)));
    const media = await mediaCount();
    const items = await countItems(env.db);
    const hijack = { ...validFields(s, 'Judul dibajak'), version: '1', intent: 'publish' };
    const attempts: [string, () => Promise<{ status: number }>][] = [
      ['edit form', () => intruder.get(`/admin/${s}/${live}/ubah`).set('Host', host)],
      ['history', () => intruder.get(`/admin/${s}/${live}/riwayat`).set('Host', host)],
      ['update', () => updateVia(intruder, s, live, hijack, [], host)],
      ['update of a draft', () => updateVia(intruder, s, draft, hijack, [], host)],
      ['upload into it', () => updateVia(intruder, s, live, hijack, [{ field: 'cover_file', buffer: jpeg, name: 'x.jpg' }], host)],
      ['submit', () => statusVia(intruder, s, draft, 'submit', '', host)],
      ['publish', () => statusVia(intruder, s, draft, 'publish', '', host)],
      ['archive', () => statusVia(intruder, s, live, 'archive', '', host)],
      ['return', () => statusVia(intruder, s, live, 'return', 'x', host)],
      ['trash', () => postForm(intruder, `/admin/${s}/${live}/hapus`, {}, host)],
      ['restore from trash', () => postForm(intruder, `/admin/${s}/${trashed}/pulihkan`, {}, host)],
      ['purge', () => postForm(intruder, `/admin/${s}/${trashed}/musnahkan`, {}, host)],
      ['restore a revision', () => postForm(intruder, `/admin/${s}/${live}/riwayat/${rev}/pulihkan`, {}, host)],
    ];
    for (const [name, attempt] of attempts) expect([name, (await attempt()).status]).toEqual([name, status]);
    expect(await Promise.all([live, draft, trashed].map((id) => everything(env.db, s, id)))).toEqual(before);
    expect(await mediaCount()).toBe(media);
    expect(await countItems(env.db)).toBe(items);
  });

  test.each(intruders(def))('$who: no list shows the items, not even the trash or by ?desa=', async ({ agent, host }) => {
    for (const q of ['', '?sampah=1', `?desa=${w.v.pagak}`]) {
      const html = (await agent().get(`/admin/${s}${q}`).set('Host', host)).text;
      expect(html).not.toContain(secret(s));
      expect(html).not.toContain(`/admin/${s}/${of[s].live}/`);
    }
  });
});

describe.each(VILLAGE_SECTIONS)('%s, written by an operator of Kalilandak', (s) => {
  test('a create naming Pagak as village lands in Kalilandak', async () => {
    const id = await createItemVia(op, s, { title: `Kiriman ${s} berdesa lain`, village_id: String(w.v.pagak) });
    expect(await rowOrThrow(env.db, id)).toMatchObject({ village_id: w.v.kalilandak, district_id: w.dA, author_id: w.u.kalilandak });
  });

  test('Pagak’s media as cover or gallery: refused (400), nothing created or attached', async () => {
    const own = await createItemVia(op, s, { title: `Milik Kalilandak ${s}` });
    const before = await everything(env.db, s, own);
    const items = await countItems(env.db);
    for (const field of ['cover_media_id', 'media_ids']) {
      const created = await createVia(op, s, { ...validFields(s, `Curian ${field}`), [field]: String(pagakMedia) });
      expect(created.status).toBe(400);
      expect(created.text).toContain('Foto yang dipilih tidak ditemukan');
      const updated = await updateVia(op, s, own, { ...validFields(s, 'Diubah'), version: '1', [field]: String(pagakMedia) });
      expect(updated.status).toBe(400);
    }
    expect(await countItems(env.db)).toBe(items);
    expect(await everything(env.db, s, own)).toEqual(before);
    const attached = await env.db.selectFrom('item_media').select('item_id').where('media_id', '=', pagakMedia).execute();
    expect(attached).toEqual([]);
  });

  test('the camat office of another kecamatan naming one of this kecamatan’s villages: refused, nothing created', async () => {
    const items = await countItems(env.db);
    expect((await createVia(camatB, s, { ...validFields(s, 'Salah kecamatan'), village_id: String(w.v.pagak) }, [], HOST_B)).status).toBe(400);
    expect(await countItems(env.db)).toBe(items);
  });
});

describe('kecamatan-level content is the camat office’s', () => {
  const BOTH = SECTIONS.filter((d) => d.levels.includes('village') && d.levels.includes('district')).map((d) => d.section);
  const district: Record<string, number> = {};
  beforeAll(async () => {
    for (const s of BOTH) district[s] = await createItemVia(camat, s, { title: `Kecamatan ${s} rahasia`, village_id: '' });
  });

  test.each(BOTH)('the camat office’s %s is kecamatan-level and invisible to an operator', async (s) => {
    expect((await rowOrThrow(env.db, district[s])).village_id).toBeNull();
    expect((await op.get(`/admin/${s}`).set('Host', HOST)).text).not.toContain(`Kecamatan ${s} rahasia`);
    expect((await op.get(`/admin/${s}/${district[s]}/ubah`).set('Host', HOST)).status).toBe(404);
    expect((await statusVia(op, s, district[s], 'submit')).status).toBe(404);
    expect((await postForm(op, `/admin/${s}/${district[s]}/hapus`)).status).toBe(404);
  });

  test.each(DISTRICT_SECTIONS)('an operator gets 403 on /admin/%s: list, new form, create', async (s) => {
    const items = await countItems(env.db);
    expect((await op.get(`/admin/${s}`).set('Host', HOST)).status).toBe(403);
    expect((await op.get(`/admin/${s}/baru`).set('Host', HOST)).status).toBe(403);
    expect((await createVia(op, s, { ...validFields(s, `Operator ${s}`), intent: 'publish' })).status).toBe(403);
    expect(await countItems(env.db)).toBe(items);
  });

  test.each(SECTIONS.filter((d) => !villageLevel(d)).map((d) => [d.section, d] as const))('the service itself refuses an operator’s kecamatan-level %s', async (_s, def) => {
    const snapshot = { title: 'Kiriman desa', summary: '', body_source: '', cover_media_id: null, cover_alt: '', media_ids: [], details: {} };
    const attempt = createItem(await ctxFor(env.db, w.u.kalilandak), def, { snapshot, intent: 'publish', villageId: null });
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
  });

  test('the camat office edits a village item: its cover stays, a new upload lands in the item’s village', async () => {
    const res = await createVia(pagak, 'produk', validFields('produk', 'Gula semut Pagak'), [{ field: 'cover_file', buffer: jpeg, name: 'gula.jpg' }]);
    const id = Number(/\/(\d+)\/ubah$/.exec(res.headers.location)![1]);
    const cover = (await rowOrThrow(env.db, id)).cover_media_id;
    expect(cover).not.toBeNull();
    const page = formOf((await camat.get(`/admin/produk/${id}/ubah`).set('Host', HOST)).text);
    expect(page.fields.cover_media_id).toBe(String(cover));
    const saved = await camat
      .post(page.action)
      .set('Host', HOST)
      .field({ ...page.fields, title: 'Gula semut Pagak (dirapikan)' } as Record<string, string>);
    expect(saved.status).toBe(303);
    expect(await rowOrThrow(env.db, id)).toMatchObject({ title: 'Gula semut Pagak (dirapikan)', cover_media_id: cover, village_id: w.v.pagak, version: 2 });
    const again = await updateVia(camat, 'produk', id, { ...validFields('produk', 'Gula semut'), version: '2' }, [{ field: 'photo_files', buffer: jpeg, name: 'baru.jpg' }]);
    expect(again.status).toBe(303);
    const [gallery] = await itemMedia(env.db, id);
    expect((await env.db.selectFrom('media').select('village_id').where('id', '=', gallery.media_id).executeTakeFirstOrThrow()).village_id).toBe(w.v.pagak);
  });
});
