// Progress updates of a pembangunan item: the dated "0% / 50% / 100%" photo record, its rights,
// its spam guard, and the project's progress and status that follow the latest update.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema';
import { type Agent, type TestEnv, addUser, auditActions, createTestEnv, csrfFrom, login, provision, villageId } from '../support/app';
import { HTML_AS_JPG, solid } from '../support/images';
import { rowCount } from '../support/db';

const A = 'klampok.test';
let env: TestEnv;
let v: { kalilandak: number; pagak: number; review: number };
let u: { kalilandak: number; camat: number };
let photo: Buffer;

beforeAll(async () => {
  env = await createTestEnv();
  const { districtId } = await provision(env.db, '33.04.02', A);
  v = { kalilandak: await villageId(env.db, '33.04.02.2006'), pagak: await villageId(env.db, '33.04.02.2002'), review: 0 };
  v.review = (await env.db.selectFrom('villages').select('id').where('district_id', '=', districtId).where('id', 'not in', [v.kalilandak, v.pagak]).orderBy('id').executeTakeFirstOrThrow()).id;
  await env.db.updateTable('villages').set({ review_required: 1 }).where('id', '=', v.review).execute();
  u = {
    camat: await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' }),
    kalilandak: await addUser(env.db, { districtId, villageId: v.kalilandak, username: 'op.kalilandak', role: 'village_operator' }),
  };
  await addUser(env.db, { districtId, villageId: v.pagak, username: 'op.pagak', role: 'village_operator' });
  await addUser(env.db, { districtId, villageId: v.review, username: 'op.tinjau', role: 'village_operator' });
  photo = await solid(640, 480, '#6d4c41').jpeg().toBuffer();
});
afterAll(() => env.close());

type Files = { name: string; bytes: Buffer }[];

/** The multipart action (with ?_csrf=) of the first upload form on `page`. */
async function formAction(agent: Agent, page: string): Promise<string> {
  const res = await agent.get(page).set('Host', A);
  const m = res.text.match(/enctype="multipart\/form-data" action="([^"]+\?_csrf=[^"]+)"/);
  if (!m) throw new Error(`no upload form on ${page} (status ${res.status})`);
  return m[1].replace(/&amp;/g, '&');
}

function send(agent: Agent, action: string, fields: Record<string, string | string[]>, files: Files = []) {
  const req = agent.post(action).set('Host', A);
  for (const [k, val] of Object.entries(fields)) for (const one of [val].flat()) req.field(k, one);
  for (const f of files) req.attach('photo_files', f.bytes, { filename: f.name, contentType: 'image/jpeg' });
  return req;
}

async function createProject(agent: Agent, title: string, extra: Record<string, string> = {}): Promise<number> {
  const fields = { title, fiscal_year: '2026', project_status: 'rencana', budget_dana_desa: '120000000', intent: 'publish', ...extra };
  const res = await send(agent, await formAction(agent, '/admin/pembangunan/baru'), fields);
  if (res.status !== 303) throw new Error(`create failed: ${res.status}`);
  return Number(res.headers.location.match(/(\d+)\/ubah$/)![1]);
}

const addUpdate = async (agent: Agent, id: number, fields: Record<string, string | string[]>, files: Files = []) =>
  send(agent, await formAction(agent, `/admin/pembangunan/${id}/progres`), fields, files);
const photos = (n: number): Files => Array.from({ length: n }, (_, i) => ({ name: `IMG_${i}.jpg`, bytes: photo }));
const progressOf = (db: Kysely<Database>, id: number) => db.selectFrom('project_details').select(['progress', 'project_status']).where('item_id', '=', id).executeTakeFirstOrThrow();
const updatesOf = (db: Kysely<Database>, id: number) => db.selectFrom('project_updates').selectAll().where('item_id', '=', id).orderBy('id').execute();
const count = (table: 'media' | 'project_updates' | 'project_update_media') => rowCount(env.db, table);
const contentVersion = async () => (await env.db.selectFrom('districts').select('content_version').executeTakeFirstOrThrow()).content_version;

describe('the 0% / 50% / 100% photo record', () => {
  let op: Agent;
  let id: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    op = await login(env.app, A, 'op.kalilandak');
    id = await createProject(op, 'Rabat beton jalan RT 02');
  });

  test('an empty timeline offers the add form', async () => {
    const res = await op.get(`/admin/pembangunan/${id}/progres`).set('Host', A);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Belum ada catatan perkembangan');
    expect(res.text).toContain(`action="/admin/pembangunan/${id}/progres?_csrf=`);
  });

  test('each update is stored with its photos in the village library; progress and status follow', async () => {
    const version = await contentVersion();
    for (const [key, date, percent, n, status] of [
      ['p0', '2026-03-02', '0', 1, 'rencana'],
      ['p50', '2026-04-15', '50%', 2, 'berjalan'],
      ['p100', '2026-06-28', '100', 3, 'selesai'],
    ] as const) {
      const res = await addUpdate(op, id, { update_date: date, percent, note: `Kondisi ${percent} pekerjaan.` }, photos(n));
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/admin/pembangunan/${id}/progres`);
      const rows = await updatesOf(env.db, id);
      const row = rows[rows.length - 1];
      ids[key] = row.id;
      expect(row).toMatchObject({ update_date: date, percent: Number(percent.replace('%', '')), author_id: u.kalilandak, deleted_at: null });
      const links = await env.db
        .selectFrom('project_update_media')
        .innerJoin('media', 'media.id', 'project_update_media.media_id')
        .select(['media.village_id', 'media.uploaded_by', 'project_update_media.position'])
        .where('update_id', '=', row.id)
        .orderBy('position')
        .execute();
      expect(links).toHaveLength(n);
      expect(links.every((l) => l.village_id === v.kalilandak && l.uploaded_by === u.kalilandak)).toBe(true);
      expect(links.map((l) => l.position)).toEqual([...Array(n).keys()]);
      expect(await progressOf(env.db, id)).toEqual({ progress: Number(percent.replace('%', '')), project_status: status });
    }
    expect(await auditActions(env.db, 'project.update_added')).toBe(3);
    expect(await contentVersion()).toBe(version + 3);
  });

  test('the timeline lists the updates newest first, each with its photos', async () => {
    const res = await op.get(`/admin/pembangunan/${id}/progres`).set('Host', A);
    expect(res.status).toBe(200);
    const at = (key: string) => res.text.indexOf(`id="catatan-${ids[key]}"`);
    expect(at('p100')).toBeGreaterThan(-1);
    expect(at('p100')).toBeLessThan(at('p50'));
    expect(at('p50')).toBeLessThan(at('p0'));
    expect(res.text).toContain('Progres sekarang: 100% · Selesai');
    const section = res.text.slice(at('p50'), at('p0'));
    expect(section.match(/<img src="\/media\/[^"]+"/g)).toHaveLength(2);
    expect(res.text).toContain('Kondisi 50% pekerjaan.');
  });

  test('an update entered late keeps the progress of the latest date; deleting recomputes it', async () => {
    expect((await addUpdate(op, id, { update_date: '2026-04-01', percent: '30', note: 'Catatan yang terlambat dimasukkan.' })).status).toBe(303);
    expect(await progressOf(env.db, id)).toEqual({ progress: 100, project_status: 'selesai' });
    const page = await op.get(`/admin/pembangunan/${id}/progres`).set('Host', A);
    const del = (key: string) =>
      op
        .post(`/admin/pembangunan/${id}/progres/${ids[key]}/hapus`)
        .set('Host', A)
        .type('form')
        .send({ _csrf: csrfFrom(page.text) });
    expect((await del('p100')).status).toBe(303);
    expect(await progressOf(env.db, id)).toEqual({ progress: 50, project_status: 'berjalan' });
    expect((await updatesOf(env.db, id)).find((r) => r.id === ids.p100)?.deleted_at).not.toBeNull();
    expect((await del('p50')).status).toBe(303);
    expect(await progressOf(env.db, id)).toEqual({ progress: 30, project_status: 'berjalan' });
    expect((await del('p50')).status).toBe(404);
    expect(await auditActions(env.db, 'project.update_removed')).toBe(2);
    const after = await op.get(`/admin/pembangunan/${id}/progres`).set('Host', A);
    expect(after.text).not.toContain(`id="catatan-${ids.p100}"`);
  });

  test('wrong input is shown again as typed; photos already sent are kept for the next attempt', async () => {
    const before = (await updatesOf(env.db, id)).length;
    const res = await addUpdate(op, id, { update_date: '2026-07-01', percent: '150', note: 'Pengecatan marka jalan.' }, photos(2));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tulis angka 0 sampai 100.');
    expect(res.text).toContain('value="150"');
    expect(res.text).toContain('Pengecatan marka jalan.</textarea>');
    const kept = [...res.text.matchAll(/name="media_ids" value="(\d+)"/g)].map((m) => m[1]);
    expect(kept).toHaveLength(2);
    expect((await updatesOf(env.db, id)).length).toBe(before);

    const again = await addUpdate(op, id, { update_date: '2026-07-01', percent: '95', note: 'Pengecatan marka jalan.', media_ids: kept });
    expect(again.status).toBe(303);
    const row = (await updatesOf(env.db, id)).at(-1)!;
    const links = await env.db.selectFrom('project_update_media').select('media_id').where('update_id', '=', row.id).orderBy('position').execute();
    expect(links.map((l) => String(l.media_id))).toEqual(kept);
  });

  test('a date after tomorrow, an empty note and a refused photo are each refused with the typed values', async () => {
    const before = await count('project_updates');
    const future = await addUpdate(op, id, { update_date: '2099-01-01', percent: '10', note: 'Masa depan.' });
    expect(future.status).toBe(400);
    expect(future.text).toContain('Tanggal tidak boleh di masa depan.');
    const empty = await addUpdate(op, id, { update_date: '2026-07-02', percent: '10', note: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Wajib diisi.');
    const html = await addUpdate(op, id, { update_date: '2026-07-02', percent: '10', note: 'Foto talud.' }, [{ name: 'talud.jpg', bytes: HTML_AS_JPG }]);
    expect(html.status).toBe(400);
    expect(html.text).toContain('Foto talud.</textarea>');
    expect(html.text).toContain('value="2026-07-02"');
    const mediaBefore = await count('media');
    const seven = await addUpdate(op, id, { update_date: '2026-07-02', percent: '10', note: 'Tujuh foto.' }, photos(7));
    expect(seven.status).toBe(400);
    expect(seven.text).toContain('Tujuh foto.</textarea>');
    expect(await count('media')).toBe(mediaBefore);
    expect(await count('project_updates')).toBe(before);
  });

  test('the spam guard refuses a gambling note, stores nothing and audits the attempt', async () => {
    const [updates, media] = [await count('project_updates'), await count('media')];
    const res = await addUpdate(op, id, { update_date: '2026-07-03', percent: '100', note: 'Info situs slot gacor maxwin hari ini' }, photos(1));
    expect(res.status).toBe(400);
    expect(res.text).toContain('tidak disimpan');
    expect(res.text).toContain('gacor');
    expect(await count('project_updates')).toBe(updates);
    expect(await count('media')).toBe(media);
    expect(await auditActions(env.db, 'project.update_refused')).toBe(1);
  });

  test('an operator of another village cannot view, add or delete updates', async () => {
    const pagak = await login(env.app, A, 'op.pagak');
    const [updates, media, links] = [await count('project_updates'), await count('media'), await count('project_update_media')];
    expect((await pagak.get(`/admin/pembangunan/${id}/progres`).set('Host', A)).status).toBe(404);
    // Their own form's token, aimed at the other village's project: refused before the photo is read.
    const own = await createProject(pagak, 'Sumur bor Pagak');
    const action = (await formAction(pagak, `/admin/pembangunan/${own}/progres`)).replace(`/${own}/`, `/${id}/`);
    expect((await send(pagak, action, { update_date: '2026-07-04', percent: '0', note: 'Bukan desa saya.' }, photos(1))).status).toBe(404);
    const page = await pagak.get('/admin/pembangunan').set('Host', A);
    const row = (await updatesOf(env.db, id)).find((r) => r.deleted_at === null)!;
    expect(
      (
        await pagak
          .post(`/admin/pembangunan/${id}/progres/${row.id}/hapus`)
          .set('Host', A)
          .type('form')
          .send({ _csrf: csrfFrom(page.text) })
      ).status,
    ).toBe(404);
    // Nor through their own project's path.
    expect(
      (
        await pagak
          .post(`/admin/pembangunan/${own}/progres/${row.id}/hapus`)
          .set('Host', A)
          .type('form')
          .send({ _csrf: csrfFrom(page.text) })
      ).status,
    ).toBe(404);
    expect([await count('project_updates'), await count('media'), await count('project_update_media')]).toEqual([updates, media, links]);
    expect((await updatesOf(env.db, id)).find((r) => r.id === row.id)?.deleted_at).toBeNull();
  });
});

describe('a village in review mode', () => {
  // Decision: progress updates are dated facts (a logbook), not an edit of the project's text, so
  // they go onto a published project at once even in review mode; each is audited, passes the spam
  // guard, and the camat office can delete it. The project's own fields still wait for review.
  test('its operator adds a dated update to a published project directly, audited; the project text still waits', async () => {
    const camat = await login(env.app, A, 'camat');
    const id = await createProject(camat, 'Talud Dusun Krajan', { village_id: String(v.review) });
    expect((await env.db.selectFrom('content_items').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('published');
    const op = await login(env.app, A, 'op.tinjau');
    const [version, audits] = [await contentVersion(), await auditActions(env.db, 'project.update_added')];
    const res = await addUpdate(op, id, { update_date: '2026-05-10', percent: '40', note: 'Pemasangan batu kali sisi timur.' }, photos(1));
    expect(res.status).toBe(303);
    expect(await progressOf(env.db, id)).toEqual({ progress: 40, project_status: 'berjalan' });
    expect(await auditActions(env.db, 'project.update_added')).toBe(audits + 1);
    expect(await contentVersion()).toBe(version + 1);
    const media = await env.db.selectFrom('media').select('village_id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(media.village_id).toBe(v.review);

    const edit = await send(op, await formAction(op, `/admin/pembangunan/${id}/ubah`), {
      title: 'Talud Dusun Krajan (revisi)',
      fiscal_year: '2026',
      project_status: 'berjalan',
      version: '1',
      intent: 'publish',
    });
    expect(edit.status).toBe(303);
    const item = await env.db.selectFrom('content_items').select(['title', 'pending_revision_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(item.title).toBe('Talud Dusun Krajan');
    expect(item.pending_revision_id).not.toBeNull();
  });

  test('the camat office adds an update to a village project; the photos belong to that village', async () => {
    const camat = await login(env.app, A, 'camat');
    const op = await login(env.app, A, 'op.kalilandak');
    const id = await createProject(op, 'Jembatan gantung');
    expect((await addUpdate(camat, id, { update_date: '2026-05-11', percent: '100', note: 'Diperiksa kantor camat: selesai.' }, photos(1))).status).toBe(303);
    const media = await env.db.selectFrom('media').select(['village_id', 'uploaded_by']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(media).toEqual({ village_id: v.kalilandak, uploaded_by: u.camat });
    expect(await progressOf(env.db, id)).toEqual({ progress: 100, project_status: 'selesai' });
  });
});
