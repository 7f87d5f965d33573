// A return sticks: an item the camat office returned goes back through review when resubmitted,
// in a direct-publish village too, by any request; its note stays until approval or withdrawal.
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, type World, auditOf, contentWorld, createItemVia, everything, postForm, rowOrThrow, statusVia, updateVia, validFields } from '../support/content';

let env: TestEnv;
let w: World;
let opK: Agent; // Kalilandak: review required
let opP: Agent; // Pagak: publishes directly
let camat: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  await env.db.updateTable('villages').set({ review_required: 1 }).where('id', '=', w.v.kalilandak).execute();
  opK = await login(env.app, HOST, 'op.kalilandak');
  opP = await login(env.app, HOST, 'op.pagak');
  camat = await login(env.app, HOST, 'camat');
});
afterAll(() => env.close());

const NOTE = 'Foto belum jelas, mohon diganti.';
const editPage = async (agent: Agent, id: number) => (await agent.get(`/admin/berita/${id}/ubah`).set('Host', HOST)).text;
const version = async (id: number) => String((await rowOrThrow(env.db, id)).version);

/** A Pagak item the operator sent for review and the camat office returned with NOTE. */
async function returnedInPagak(title: string): Promise<number> {
  const id = await createItemVia(opP, 'berita', { title, intent: 'submit' });
  expect((await statusVia(camat, 'berita', id, 'return', NOTE)).status).toBe(303);
  const row = await rowOrThrow(env.db, id);
  expect(row).toMatchObject({ status: 'returned', review_note: NOTE });
  expect(row.returned_at).not.toBeNull();
  return id;
}

describe('a direct-publish village', () => {
  let id: number;

  test('the returned item offers "Ajukan ulang", not "Terbitkan"; the note is shown', async () => {
    id = await returnedInPagak('Kerja bakti');
    const page = await editPage(opP, id);
    expect(page).toContain('Ajukan ulang');
    expect(page).not.toContain('>Terbitkan<');
    expect(page).toContain(NOTE);
    expect(JSON.parse((await auditOf(env.db, 'content.return', id))[0].detail!)).toMatchObject({ from: 'submitted', to: 'returned', note: NOTE });
  });

  test('a crafted publish of the status action is refused: the row is unchanged, still not published', async () => {
    const before = await everything(env.db, 'berita', id);
    expect((await statusVia(opP, 'berita', id, 'publish')).status).toBe(403);
    expect(await everything(env.db, 'berita', id)).toEqual(before);
    expect(before.row).toMatchObject({ status: 'returned', published_at: null });
    expect(await auditOf(env.db, 'content.publish', id)).toEqual([]);
  });

  test('a crafted intent=publish save goes to review instead: submitted, the note kept, audited as a resubmission', async () => {
    const res = await updateVia(opP, 'berita', id, { ...validFields('berita', 'Kerja bakti Minggu'), version: await version(id), intent: 'publish' });
    expect(res.status).toBe(303);
    const row = await rowOrThrow(env.db, id);
    expect(row).toMatchObject({ title: 'Kerja bakti Minggu', status: 'submitted', published_at: null, review_note: NOTE });
    expect(row.returned_at).not.toBeNull();
    expect(await auditOf(env.db, 'content.resubmit', id)).toHaveLength(1);
    expect(await editPage(opP, id)).toContain(NOTE);
    // Submitted now, still the camat office's to publish.
    expect((await statusVia(opP, 'berita', id, 'publish')).status).toBe(403);
    expect((await rowOrThrow(env.db, id)).status).toBe('submitted');
  });

  test('the camat office approves: published, the note and the return gone, audited as an approval', async () => {
    expect((await statusVia(camat, 'berita', id, 'publish')).status).toBe(303);
    expect(await rowOrThrow(env.db, id)).toMatchObject({ status: 'published', review_note: null, returned_at: null });
    expect((await auditOf(env.db, 'content.approve', id))[0]).toMatchObject({ user_id: w.u.camat, role: 'district_admin' });
    expect(await editPage(opP, id)).not.toContain(NOTE);
  });

  test('once approved, the village publishes directly again', async () => {
    const res = await updateVia(opP, 'berita', id, { ...validFields('berita', 'Kerja bakti Minggu pagi'), version: await version(id), intent: 'publish' });
    expect(res.status).toBe(303);
    expect(await rowOrThrow(env.db, id)).toMatchObject({ title: 'Kerja bakti Minggu pagi', status: 'published', pending_revision_id: null });
  });

  test('withdrawn to draft: the note goes, the return stays; publishing is still refused', async () => {
    const other = await returnedInPagak('Posyandu');
    const res = await updateVia(opP, 'berita', other, { ...validFields('berita', 'Posyandu'), version: await version(other), intent: 'draft' });
    expect(res.status).toBe(303);
    const row = await rowOrThrow(env.db, other);
    expect(row).toMatchObject({ status: 'draft', review_note: null });
    expect(row.returned_at).not.toBeNull();
    expect(await auditOf(env.db, 'content.withdraw', other)).toHaveLength(1);
    expect(await editPage(opP, other)).not.toContain(NOTE);
    expect((await statusVia(opP, 'berita', other, 'publish')).status).toBe(403);
    expect((await rowOrThrow(env.db, other)).status).toBe('draft');
    await updateVia(opP, 'berita', other, { ...validFields('berita', 'Posyandu'), version: await version(other), intent: 'publish' });
    expect(await rowOrThrow(env.db, other)).toMatchObject({ status: 'submitted', published_at: null });
  });

  test('withdrawn to the trash: the note goes; restored, it still needs review', async () => {
    const other = await returnedInPagak('Ronda malam');
    expect((await postForm(opP, `/admin/berita/${other}/hapus`)).status).toBe(303);
    expect(await rowOrThrow(env.db, other)).toMatchObject({ review_note: null });
    expect(JSON.parse((await auditOf(env.db, 'content.trashed', other))[0].detail!)).toMatchObject({ withdrawn: true });
    expect((await postForm(opP, `/admin/berita/${other}/pulihkan`)).status).toBe(303);
    expect((await statusVia(opP, 'berita', other, 'publish')).status).toBe(403);
    expect(await rowOrThrow(env.db, other)).toMatchObject({ status: 'returned', deleted_at: null, published_at: null });
  });
});

describe('a review-required village', () => {
  test('resubmitted by the status action: the note stays until approval, both steps audited', async () => {
    const id = await createItemVia(opK, 'berita', { title: 'Lomba desa', intent: 'submit' });
    expect((await statusVia(camat, 'berita', id, 'return', NOTE)).status).toBe(303);
    expect((await statusVia(opK, 'berita', id, 'submit')).status).toBe(303);
    expect(await rowOrThrow(env.db, id)).toMatchObject({ status: 'submitted', review_note: NOTE });
    expect(await auditOf(env.db, 'content.resubmit', id)).toHaveLength(1);
    expect(await auditOf(env.db, 'content.submit', id)).toEqual([]);
    expect((await statusVia(camat, 'berita', id, 'publish')).status).toBe(303);
    expect(await rowOrThrow(env.db, id)).toMatchObject({ status: 'published', review_note: null, returned_at: null });
    expect(await auditOf(env.db, 'content.approve', id)).toHaveLength(1);
  });

  test('a returned pending edit: the next edit is a resubmission with the note kept; approval clears it', async () => {
    const id = await createItemVia(camat, 'berita', { title: 'Jalan desa', village_id: String(w.v.kalilandak), intent: 'publish' });
    await updateVia(opK, 'berita', id, { ...validFields('berita', 'Jalan desa rusak'), version: await version(id), intent: 'publish' });
    expect((await statusVia(camat, 'berita', id, 'return', NOTE)).status).toBe(303);
    await updateVia(opK, 'berita', id, { ...validFields('berita', 'Jalan desa diperbaiki'), version: await version(id), intent: 'publish' });
    const row = await rowOrThrow(env.db, id);
    expect(row).toMatchObject({ title: 'Jalan desa', status: 'published', review_note: NOTE });
    expect(row.pending_revision_id).not.toBeNull();
    expect(await auditOf(env.db, 'content.resubmit', id)).toHaveLength(1);
    expect(await editPage(opK, id)).toContain('Ajukan ulang');
    expect((await statusVia(camat, 'berita', id, 'publish')).status).toBe(303);
    expect(await rowOrThrow(env.db, id)).toMatchObject({ title: 'Jalan desa diperbaiki', review_note: null, returned_at: null, pending_revision_id: null });
  });
});
