// The scoping matrix: an operator reaches only their own village's items, never another village's
// nor the kecamatan's; a camat office reaches only its own kecamatan.
import { ForbiddenError } from '../../src/domain/errors';
import { createItem } from '../../src/modules/content/content.service';
import { createMedia } from '../../src/modules/media/media.service';
import { announcement } from '../../src/modules/sections/plain';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import {
  DISTRICT_SECTIONS,
  HOST,
  HOST_B,
  type Section,
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
} from '../support/content';
import { solid } from '../support/images';

let env: TestEnv;
let w: World;
let jpeg: Buffer;
let pagak: Agent;
let op: Agent;
/** Per section: Pagak's published item (cover + gallery), a draft, a trashed one. */
const of: Record<string, { live: number; draft: number; trashed: number }> = {};
/** Media of Pagak (an operator of Kalilandak must not attach it). */
let pagakMedia: number;

const mediaCount = async () =>
  Number(
    (
      await env.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  jpeg = await solid(320, 240).jpeg().toBuffer();
  pagakMedia = (await createMedia(await ctxFor(env.db, w.u.pagak), env.storage, { buffer: jpeg, originalName: 'p.jpg', alt: 'Pagak' })).id;
  pagak = await login(env.app, HOST, 'op.pagak');
  op = await login(env.app, HOST, 'op.kalilandak');
  for (const s of VILLAGE_SECTIONS) {
    const files = [
      { field: 'cover_file' as const, buffer: jpeg, name: 'sampul.jpg' },
      { field: 'photo_files' as const, buffer: jpeg, name: 'galeri.jpg' },
    ];
    const res = await createVia(pagak, s, { ...validFields(s, `Pagak ${s} tayang`), intent: 'publish' }, files);
    expect(res.status).toBe(303);
    const live = Number(/\/(\d+)\/ubah$/.exec(res.headers.location)![1]);
    const draft = await createItemVia(pagak, s, { title: `Pagak ${s} draf` });
    const trashed = await createItemVia(pagak, s, { title: `Pagak ${s} sampah` });
    expect((await postForm(pagak, `/admin/${s}/${trashed}/hapus`)).status).toBe(303);
    of[s] = { live, draft, trashed };
  }
});
afterAll(() => env.close());

describe.each(VILLAGE_SECTIONS)('an operator of Kalilandak against Pagak’s %s', (s: Section) => {
  test('every action answers 404 and nothing of Pagak’s items changes', async () => {
    const { live, draft, trashed } = of[s];
    expect((await rowOrThrow(env.db, live)).status).toBe('published');
    expect((await itemMedia(env.db, live)).length).toBe(1);
    const rev = (await revisions(env.db, live))[0].id;
    const before = await Promise.all([live, draft, trashed].map((id) => everything(env.db, s, id)));
    const media = await mediaCount();
    const items = await countItems(env.db);
    const hijack = { ...validFields(s, 'Judul dibajak'), version: '1', intent: 'publish' };
    const attempts: [string, () => Promise<{ status: number }>][] = [
      ['edit form', () => op.get(`/admin/${s}/${live}/ubah`).set('Host', HOST)],
      ['history', () => op.get(`/admin/${s}/${live}/riwayat`).set('Host', HOST)],
      ['update', () => updateVia(op, s, live, hijack)],
      ['update of a draft', () => updateVia(op, s, draft, hijack)],
      ['upload into it', () => updateVia(op, s, live, hijack, [{ field: 'cover_file', buffer: jpeg, name: 'x.jpg' }])],
      ['submit', () => statusVia(op, s, draft, 'submit')],
      ['publish', () => statusVia(op, s, draft, 'publish')],
      ['archive', () => statusVia(op, s, live, 'archive')],
      ['return', () => statusVia(op, s, live, 'return', 'x')],
      ['trash', () => postForm(op, `/admin/${s}/${live}/hapus`)],
      ['restore from trash', () => postForm(op, `/admin/${s}/${trashed}/pulihkan`)],
      ['purge', () => postForm(op, `/admin/${s}/${trashed}/musnahkan`)],
      ['restore a revision', () => postForm(op, `/admin/${s}/${live}/riwayat/${rev}/pulihkan`)],
    ];
    for (const [name, attempt] of attempts) expect([name, (await attempt()).status]).toEqual([name, 404]);
    expect(await Promise.all([live, draft, trashed].map((id) => everything(env.db, s, id)))).toEqual(before);
    expect(await mediaCount()).toBe(media);
    expect(await countItems(env.db)).toBe(items);
  });

  test('the list shows none of Pagak’s items, not even in the trash or by ?desa=', async () => {
    for (const q of ['', '?sampah=1', `?desa=${w.v.pagak}`]) {
      const html = (await op.get(`/admin/${s}${q}`).set('Host', HOST)).text;
      expect(html).not.toContain('Pagak');
      expect(html).not.toContain(`/admin/${s}/${of[s].live}/`);
    }
  });

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
});

describe('kecamatan-level content is the camat office’s', () => {
  let camat: Agent;
  const district: Record<string, number> = {};
  beforeAll(async () => {
    camat = await login(env.app, HOST, 'camat');
    for (const s of [...DISTRICT_SECTIONS, 'berita'] as const) district[s] = await createItemVia(camat, s, { title: `Kecamatan ${s} rahasia`, village_id: '' });
  });

  test('the camat office’s berita is kecamatan-level and invisible to an operator', async () => {
    expect((await rowOrThrow(env.db, district.berita)).village_id).toBeNull();
    expect((await op.get('/admin/berita').set('Host', HOST)).text).not.toContain('Kecamatan berita rahasia');
    expect((await op.get(`/admin/berita/${district.berita}/ubah`).set('Host', HOST)).status).toBe(404);
    expect((await statusVia(op, 'berita', district.berita, 'submit')).status).toBe(404);
    expect((await postForm(op, `/admin/berita/${district.berita}/hapus`)).status).toBe(404);
  });

  test.each(DISTRICT_SECTIONS)('an operator gets 403 on /admin/%s: list, new form, create, an item', async (s) => {
    const items = await countItems(env.db);
    const before = await everything(env.db, s, district[s]);
    expect((await op.get(`/admin/${s}`).set('Host', HOST)).status).toBe(403);
    expect((await op.get(`/admin/${s}/baru`).set('Host', HOST)).status).toBe(403);
    expect((await createVia(op, s, { ...validFields(s, `Operator ${s}`), intent: 'publish' })).status).toBe(403);
    expect([403, 404]).toContain((await op.get(`/admin/${s}/${district[s]}/ubah`).set('Host', HOST)).status);
    expect([403, 404]).toContain((await updateVia(op, s, district[s], { ...validFields(s, 'Dibajak'), version: '1' })).status);
    expect(await countItems(env.db)).toBe(items);
    expect(await everything(env.db, s, district[s])).toEqual(before);
  });

  test('the service itself refuses an operator’s kecamatan-level item', async () => {
    const snapshot = { title: 'Pengumuman desa', summary: '', body_source: '', cover_media_id: null, cover_alt: '', media_ids: [], details: {} };
    const attempt = createItem(await ctxFor(env.db, w.u.kalilandak), announcement, { snapshot, intent: 'publish', villageId: null });
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

  test('the camat office of another kecamatan gets 404 for every item of this one', async () => {
    const other = await login(env.app, HOST_B, 'camat.susukan');
    const ids: [Section, number][] = [
      ['berita', district.berita],
      ['pengumuman', district.pengumuman],
      ['produk', of.produk.live],
      ['potensi', of.potensi.draft],
    ];
    for (const [s, id] of ids) {
      const before = await everything(env.db, s, id);
      expect((await other.get(`/admin/${s}/${id}/ubah`).set('Host', HOST_B)).status).toBe(404);
      expect((await other.get(`/admin/${s}/${id}/riwayat`).set('Host', HOST_B)).status).toBe(404);
      expect((await updateVia(other, s, id, { ...validFields(s, 'Dari kecamatan lain'), version: '1' }, [], HOST_B)).status).toBe(404);
      expect((await statusVia(other, s, id, 'publish', '', HOST_B)).status).toBe(404);
      expect((await postForm(other, `/admin/${s}/${id}/hapus`, {}, HOST_B)).status).toBe(404);
      expect(await everything(env.db, s, id)).toEqual(before);
      expect((await other.get(`/admin/${s}`).set('Host', HOST_B)).text).not.toContain(`/admin/${s}/${id}/`);
    }
    // A village of kecamatan A named in kecamatan B's create form: refused, nothing created.
    const items = await countItems(env.db);
    expect((await createVia(other, 'berita', { ...validFields('berita', 'Salah kecamatan'), village_id: String(w.v.pagak) }, [], HOST_B)).status).toBe(400);
    expect(await countItems(env.db)).toBe(items);
  });
});
