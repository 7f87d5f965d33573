import { NotFoundError } from '../../src/domain/errors';
import { MediaInputError, attachableMedia, createMedia, deleteMedia, getMedia, listMedia, updateAlt } from '../../src/modules/media/media.service';
import { type Agent, type TestEnv, auditActions, createTestEnv, csrfFrom, login } from '../support/app';
import { pdfBytes, solid } from '../support/images';
import { A, B, type World, ctxFor, mediaRows, world } from './media-support';

let env: TestEnv;
let w: World;
/** Media ids: of Kalilandak, of Pagak, kecamatan-level of A, of kecamatan B's village, and a deleted one of Kalilandak. */
const m: Record<'kalilandak' | 'pagak' | 'district' | 'b' | 'deleted', number> = { kalilandak: 0, pagak: 0, district: 0, b: 0, deleted: 0 };

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  const jpeg = await solid(400, 300).jpeg().toBuffer();
  const make = async (userId: number, villageId?: number | null) =>
    (await createMedia(await ctxFor(env.db, userId), env.storage, { buffer: jpeg, originalName: 'foto.jpg', alt: 'Asli', villageId })).id;
  m.kalilandak = await make(w.u.kalilandak);
  m.pagak = await make(w.u.pagak);
  m.district = await make(w.u.camat, null);
  m.b = await make(w.u.opB);
  m.deleted = await make(w.u.kalilandak);
  await deleteMedia(await ctxFor(env.db, w.u.kalilandak), m.deleted);
});
afterAll(() => env.close());

async function post(agent: Agent, host: string, path: string, body: Record<string, string>) {
  const _csrf = csrfFrom((await agent.get('/admin/media').set('Host', host)).text);
  return agent
    .post(path)
    .set('Host', host)
    .type('form')
    .send({ _csrf, ...body });
}

describe('over HTTP, an operator only reaches their own village’s media', () => {
  test('the list shows only their village', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const html = (await op.get('/admin/media').set('Host', A)).text;
    expect(html).toContain(`/admin/media/${m.kalilandak}/ubah`);
    for (const other of [m.pagak, m.district, m.b, m.deleted]) expect(html).not.toContain(`/admin/media/${other}/ubah`);
  });

  test('another village’s, the kecamatan’s and another kecamatan’s media: 404 on edit, update and delete; rows unchanged', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const before = await mediaRows(env.db);
    const deletes = await auditActions(env.db, 'media.deleted');
    for (const id of [m.pagak, m.district, m.b, m.deleted]) {
      expect((await op.get(`/admin/media/${id}/ubah`).set('Host', A)).status).toBe(404);
      expect((await post(op, A, `/admin/media/${id}`, { alt: 'Diubah orang lain' })).status).toBe(404);
      expect((await post(op, A, `/admin/media/${id}/hapus`, {})).status).toBe(404);
    }
    expect(await mediaRows(env.db)).toEqual(before);
    expect(await auditActions(env.db, 'media.deleted')).toBe(deletes);
  });

  test('their own: alt text updated (unknown fields refused), then deleted softly', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    expect((await op.get(`/admin/media/${m.kalilandak}/ubah`).set('Host', A)).status).toBe(200);
    expect((await post(op, A, `/admin/media/${m.kalilandak}`, { alt: 'Baru', village_id: String(w.v.pagak) })).status).toBe(400);
    const res = await post(op, A, `/admin/media/${m.kalilandak}`, { alt: 'Balai desa Kalilandak' });
    expect(res.status).toBe(303);
    const row = await env.db.selectFrom('media').selectAll().where('id', '=', m.kalilandak).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ alt: 'Balai desa Kalilandak', village_id: w.v.kalilandak, deleted_at: null });

    const ctx = await ctxFor(env.db, w.u.kalilandak);
    const extra = await createMedia(ctx, env.storage, { buffer: pdfBytes(), originalName: 'lama.pdf', alt: '' });
    const deletes = await auditActions(env.db, 'media.deleted');
    expect((await post(op, A, `/admin/media/${extra.id}/hapus`, {})).status).toBe(303);
    const gone = await env.db.selectFrom('media').selectAll().where('id', '=', extra.id).executeTakeFirstOrThrow();
    expect(gone.deleted_at).not.toBeNull();
    expect(await auditActions(env.db, 'media.deleted')).toBe(deletes + 1);
    expect((await op.get('/admin/media').set('Host', A)).text).not.toContain(`/admin/media/${extra.id}/ubah`);
    // Soft: the files stay until the sweep.
    expect(await env.storage.exists(extra.files[0].key)).toBe(true);
  });

  test('the camat office reaches every village of its kecamatan, not another kecamatan', async () => {
    const camat = await login(env.app, A, 'camat');
    const html = (await camat.get('/admin/media').set('Host', A)).text;
    for (const id of [m.kalilandak, m.pagak, m.district]) expect(html).toContain(`/admin/media/${id}/ubah`);
    expect(html).not.toContain(`/admin/media/${m.b}/ubah`);
    expect((await camat.get(`/admin/media/${m.b}/ubah`).set('Host', A)).status).toBe(404);
    const camatB = await login(env.app, B, 'camat.susukan');
    expect((await post(camatB, B, `/admin/media/${m.pagak}/hapus`, {})).status).toBe(404);
    expect((await post(camat, A, `/admin/media/${m.pagak}`, { alt: 'Oleh camat' })).status).toBe(303);
  });
});

describe('the service, with a ctx as ctxOf builds it', () => {
  test('listMedia and getMedia are scoped by the same rules', async () => {
    const op = await ctxFor(env.db, w.u.pagak);
    const { rows, total } = await listMedia(op, { page: 1, perPage: 50, offset: 0 });
    expect(rows.map((r) => r.id)).toEqual([m.pagak]);
    expect(total).toBe(1);
    await expect(getMedia(op, m.kalilandak)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateAlt(op, m.kalilandak, 'x')).rejects.toBeInstanceOf(NotFoundError);
  });

  test('an operator of village A cannot attach village B’s media, nor deleted or kecamatan-level media', async () => {
    const op = await ctxFor(env.db, w.u.kalilandak);
    const refused = (ids: number[], villageId: number | null) => expect(attachableMedia(op, ids, villageId)).rejects.toBeInstanceOf(MediaInputError);
    await refused([m.pagak], w.v.kalilandak);
    await refused([m.pagak], w.v.pagak);
    await refused([m.kalilandak, m.pagak], w.v.kalilandak);
    await refused([m.b], w.v.b);
    await refused([m.district], null);
    await refused([m.district], w.v.kalilandak);
    await refused([m.deleted], w.v.kalilandak);
    await refused([0], w.v.kalilandak);
    await refused([m.kalilandak], w.v.pagak);
    const ok = await attachableMedia(op, [m.kalilandak, m.kalilandak], w.v.kalilandak);
    expect(ok.map((r) => r.id)).toEqual([m.kalilandak]);
    expect(ok[0].files.length).toBeGreaterThan(0);
    expect(await attachableMedia(op, [], w.v.kalilandak)).toEqual([]);
  });

  test('the camat office attaches only within the item’s own scope', async () => {
    const camat = await ctxFor(env.db, w.u.camat);
    expect((await attachableMedia(camat, [m.district], null)).map((r) => r.id)).toEqual([m.district]);
    expect((await attachableMedia(camat, [m.pagak], w.v.pagak)).map((r) => r.id)).toEqual([m.pagak]);
    await expect(attachableMedia(camat, [m.district], w.v.pagak)).rejects.toBeInstanceOf(MediaInputError);
    await expect(attachableMedia(camat, [m.pagak, m.kalilandak], w.v.pagak)).rejects.toBeInstanceOf(MediaInputError);
    await expect(attachableMedia(camat, [m.b], w.v.b)).rejects.toBeInstanceOf(MediaInputError);
  });

  test('an operator cannot create media for another village through the service either', async () => {
    const op = await ctxFor(env.db, w.u.kalilandak);
    const before = await mediaRows(env.db);
    await expect(createMedia(op, env.storage, { buffer: pdfBytes(), originalName: 'a.pdf', alt: '', villageId: w.v.pagak })).rejects.toBeInstanceOf(MediaInputError);
    await expect(createMedia(op, env.storage, { buffer: pdfBytes(), originalName: 'a.pdf', alt: '', villageId: null })).rejects.toBeInstanceOf(MediaInputError);
    expect(await mediaRows(env.db)).toEqual(before);
  });
});
