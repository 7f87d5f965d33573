// Nothing lost: a stale save gets a conflict page with both texts; every save is a revision and any
// revision can be brought back; the trash keeps everything until the camat office purges it.
import { type Agent, type TestEnv, auditActions, createTestEnv, login } from '../support/app';
import { HOST, type World, auditOf, contentWorld, createVia, createdId, everything, formOf, postForm, revisions, row, rowOrThrow, updateVia, validFields } from '../support/content';
import { solid } from '../support/images';

let env: TestEnv;
let w: World;
let op: Agent;
let op2: Agent;
let camat: Agent;
let jpeg: Buffer;

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  op2 = await login(env.app, HOST, 'op.kalilandak');
  camat = await login(env.app, HOST, 'camat');
  jpeg = await solid(320, 240).jpeg().toBuffer();
});
afterAll(() => env.close());

const send = (agent: Agent, form: { action: string; fields: Record<string, string | string[]> }) =>
  agent
    .post(form.action)
    .set('Host', HOST)
    .field(form.fields as Record<string, string>);

describe('two people editing the same version', () => {
  let id: number;
  beforeAll(async () => {
    id = createdId(await createVia(op, 'produk', { ...validFields('produk', 'Batik tulis'), body_source: 'Teks awal.', intent: 'publish' }));
  });

  test('the second save answers 409 with both texts; the first save stays; resubmitting from the conflict page wins', async () => {
    const first = formOf((await op.get(`/admin/produk/${id}/ubah`).set('Host', HOST)).text);
    const second = formOf((await op2.get(`/admin/produk/${id}/ubah`).set('Host', HOST)).text);
    expect(first.fields.version).toBe('1');
    expect(second.fields.version).toBe('1');

    const saved = await send(op, { ...first, fields: { ...first.fields, body_source: 'Teks dari Ani: motif parang.' } });
    expect(saved.status).toBe(303);

    const conflict = await send(op2, { ...second, fields: { ...second.fields, title: 'Batik tulis Kalilandak', body_source: 'Teks dari Budi: pewarna alami.' } });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('Teks dari Budi: pewarna alami.');
    expect(conflict.text).toContain('Teks dari Ani: motif parang.');
    expect(conflict.text).toContain('value="Batik tulis Kalilandak"');
    expect(await rowOrThrow(env.db, id)).toMatchObject({ title: 'Batik tulis', body_source: 'Teks dari Ani: motif parang.', version: 2 });
    expect(await revisions(env.db, id)).toHaveLength(2);

    const again = formOf(conflict.text);
    expect(again.fields.version).toBe('2');
    expect((await send(op2, again)).status).toBe(303);
    const after = await everything(env.db, 'produk', id);
    expect(after.row).toMatchObject({ title: 'Batik tulis Kalilandak', body_source: 'Teks dari Budi: pewarna alami.', version: 3, status: 'published' });
    expect(after.details).toMatchObject({ price: 25000, unit: 'bungkus', seller_name: 'Bu Sri', whatsapp: '6281234567890' });
    // Ani's text is not lost either: it is a revision.
    expect(after.revisions.map((r) => JSON.parse(r.data).body_source)).toEqual(['Teks awal.', 'Teks dari Ani: motif parang.', 'Teks dari Budi: pewarna alami.']);
  });
});

describe('revisions', () => {
  let id: number;
  beforeAll(async () => {
    id = createdId(await createVia(op, 'potensi', { ...validFields('potensi', 'Curug Genting'), body_source: 'Versi satu.' }, [{ field: 'photo_files', buffer: jpeg, name: 'curug.jpg' }]));
  });

  test('every save writes one, with every field of the item', async () => {
    const gallery = (await everything(env.db, 'potensi', id)).media.map((m) => String(m.media_id));
    for (const [n, text] of [
      [2, 'Versi dua.'],
      [3, 'Versi tiga.'],
    ] as const) {
      const res = await updateVia(op, 'potensi', id, { ...validFields('potensi', `Curug Genting ${n}`), body_source: text, opening_hours: `${n}`, media_ids: gallery, version: String(n - 1) });
      expect(res.status).toBe(303);
      expect(await revisions(env.db, id)).toHaveLength(n);
    }
    const revs = await revisions(env.db, id);
    expect(revs.map((r) => [r.version, r.kind, r.author_id])).toEqual([
      [1, 'save', w.u.kalilandak],
      [2, 'save', w.u.kalilandak],
      [3, 'save', w.u.kalilandak],
    ]);
    const data = JSON.parse(revs[2].data);
    expect(Object.keys(data).sort()).toEqual(['body_source', 'cover_alt', 'cover_media_id', 'details', 'media_ids', 'summary', 'title']);
    expect(data).toMatchObject({ title: 'Curug Genting 3', body_source: 'Versi tiga.', media_ids: gallery.map(Number) });
    expect(data.details).toEqual({ category: 'wisata', location_text: 'Dusun Kalibening', lat: -7.4167, lng: 109.5114, contact: '0812 2222 3333', opening_hours: '3' });
    const history = (await op.get(`/admin/potensi/${id}/riwayat`).set('Host', HOST)).text;
    for (const text of ['Versi satu.', 'Versi dua.', 'Versi tiga.']) expect(history).toContain(text);
  });

  test('restoring revision 1 brings back its title, body and details as a new revision', async () => {
    const [rev1] = await revisions(env.db, id);
    const res = await postForm(op, `/admin/potensi/${id}/riwayat/${rev1.id}/pulihkan`);
    expect(res.status).toBe(303);
    const after = await everything(env.db, 'potensi', id);
    expect(after.row).toMatchObject({ title: 'Curug Genting', body_source: 'Versi satu.', body: '<p>Versi satu.</p>\n', version: 4 });
    expect(after.details).toMatchObject({ opening_hours: '07.00–17.00' });
    expect(after.revisions).toHaveLength(4);
    expect(JSON.parse(after.revisions[3].data)).toEqual(JSON.parse(rev1.data));
  });

  test('a revision of another item cannot be restored through this one', async () => {
    const other = createdId(await createVia(op, 'potensi', validFields('potensi', 'Lain')));
    const foreign = (await revisions(env.db, other))[0].id;
    const before = await everything(env.db, 'potensi', id);
    expect((await postForm(op, `/admin/potensi/${id}/riwayat/${foreign}/pulihkan`)).status).toBe(404);
    expect(await everything(env.db, 'potensi', id)).toEqual(before);
  });
});

describe('trash', () => {
  let id: number;
  let before: Awaited<ReturnType<typeof everything>>;
  beforeAll(async () => {
    const files = [
      { field: 'cover_file' as const, buffer: jpeg, name: 'sampul.jpg' },
      { field: 'photo_files' as const, buffer: jpeg, name: 'a.jpg' },
      { field: 'photo_files' as const, buffer: jpeg, name: 'b.jpg' },
    ];
    id = createdId(await createVia(op, 'produk', { ...validFields('produk', 'Anyaman bambu'), intent: 'publish' }, files));
    const v1 = await rowOrThrow(env.db, id);
    const gallery = (await everything(env.db, 'produk', id)).media.map((m) => String(m.media_id));
    expect(gallery).toHaveLength(2);
    expect(
      (await updateVia(op, 'produk', id, { ...validFields('produk', 'Anyaman bambu halus'), cover_media_id: String(v1.cover_media_id), media_ids: gallery, version: '1', intent: 'publish' })).status,
    ).toBe(303);
    before = await everything(env.db, 'produk', id);
  });

  test('delete moves it to the trash: gone from the list and the edit form, shown under ?sampah=1', async () => {
    expect((await postForm(op, `/admin/produk/${id}/hapus`)).status).toBe(303);
    const trashed = await rowOrThrow(env.db, id);
    expect(trashed.deleted_at).not.toBeNull();
    expect(trashed.deleted_by).toBe(w.u.kalilandak);
    expect((await op.get('/admin/produk').set('Host', HOST)).text).not.toContain('Anyaman bambu halus');
    expect((await op.get('/admin/produk?sampah=1').set('Host', HOST)).text).toContain('Anyaman bambu halus');
    expect((await op.get(`/admin/produk/${id}/ubah`).set('Host', HOST)).status).toBe(404);
    expect((await updateVia(op, 'produk', id, { ...validFields('produk'), version: String(trashed.version) })).status).toBe(404);
    expect(await auditOf(env.db, 'content.trashed', id)).toHaveLength(1);
  });

  test('an operator cannot purge (403); nobody purges what is not in the trash', async () => {
    expect((await postForm(op, `/admin/produk/${id}/musnahkan`)).status).toBe(403);
    expect(await row(env.db, id)).toBeDefined();
    const live = createdId(await createVia(op, 'berita', validFields('berita', 'Tidak di sampah')));
    expect((await postForm(camat, `/admin/berita/${live}/musnahkan`)).status).toBe(303);
    expect(await row(env.db, live)).toMatchObject({ deleted_at: null });
    expect(await revisions(env.db, live)).toHaveLength(1);
    expect(await auditActions(env.db, 'content.purged')).toBe(0);
  });

  test('restore brings back the item with all its revisions, details and gallery', async () => {
    expect((await postForm(op, `/admin/produk/${id}/pulihkan`)).status).toBe(303);
    const after = await everything(env.db, 'produk', id);
    expect(after).toEqual(before);
    expect(after.revisions).toHaveLength(2);
    expect(after.media).toHaveLength(2);
    expect((await op.get('/admin/produk').set('Host', HOST)).text).toContain('Anyaman bambu halus');
    expect(await auditOf(env.db, 'content.restored', id)).toHaveLength(1);
  });

  test('the camat office purges from the trash: row, revisions, details and gallery gone, audited', async () => {
    expect((await postForm(camat, `/admin/produk/${id}/hapus`)).status).toBe(303);
    expect((await postForm(camat, `/admin/produk/${id}/musnahkan`)).status).toBe(303);
    expect(await everything(env.db, 'produk', id)).toEqual({ row: undefined, details: null, revisions: [], media: [] });
    const [purged] = await auditOf(env.db, 'content.purged', id);
    expect(purged).toMatchObject({ user_id: w.u.camat, role: 'district_admin', village_id: w.v.kalilandak });
    expect(JSON.parse(purged.detail!)).toMatchObject({ type: 'product', title: 'Anyaman bambu halus' });
    expect((await camat.get('/admin/produk?sampah=1').set('Host', HOST)).text).not.toContain('Anyaman bambu halus');
  });
});
