// Who hears what (/admin/notifikasi): each rule with its negative (another village's operator,
// another kecamatan's camat office, a disabled user), the unread count, marking read only one's
// own, CSRF, escaping of a returned note, and quiet villages announced once per quiet spell.
import { type Agent, type TestEnv, addUser, createTestEnv, login } from '../support/app';
import { ctxFor, HOST, HOST_B, type World, contentWorld, createItemVia, postForm, statusVia, tokenOf, updateVia } from '../support/content';
import type { KyselyPlugin } from 'kysely';
import { changeStatus } from '../../src/modules/content/workflow';
import { checkQuietVillages } from '../../src/modules/notifications/quiet';
import { SECTIONS } from '../../src/modules/sections';
import { nowUtc } from '../../src/db/time';
import { pruneExpired } from '../../src/startup/prune';
import { originOfDistrict } from '../../src/modules/districts/site-origin';

let env: TestEnv;
let w: World;
let camat: Agent;
let opK: Agent;
const u: Record<string, number> = {};

// The camat office's visits run the day's quiet check (tested on its own below): left out here.
const inbox = (userId: number) => env.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('kind', '<>', 'quiet').orderBy('id').execute();
const quietOf = (userId: number) => env.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('kind', '=', 'quiet').orderBy('id').execute();
const kinds = async (userId: number) => (await inbox(userId)).map((n) => `${n.kind}:${n.title}`);
const clear = () => env.db.deleteFrom('notifications').execute();

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  // A second camat-office account, a second Kalilandak operator, and a disabled one of each.
  u.sekcam = await addUser(env.db, { districtId: w.dA, username: 'sekcam', role: 'district_admin' });
  u.opK2 = await addUser(env.db, { districtId: w.dA, villageId: w.v.kalilandak, username: 'op.kalilandak2', role: 'village_operator' });
  u.offCamat = await addUser(env.db, { districtId: w.dA, username: 'camat.off', role: 'district_admin' });
  u.offOp = await addUser(env.db, { districtId: w.dA, villageId: w.v.kalilandak, username: 'op.kalilandak.off', role: 'village_operator' });
  await env.db.updateTable('users').set({ disabled_at: '2026-01-01 00:00:00' }).where('id', 'in', [u.offCamat, u.offOp]).execute();
  camat = await login(env.app, HOST, 'camat');
  opK = await login(env.app, HOST, 'op.kalilandak');
});
afterAll(() => env.close());
beforeEach(clear);

describe('who hears what', () => {
  test('a submission waits: the camat office of its kecamatan hears, nobody else', async () => {
    await createItemVia(opK, 'produk', { title: 'Gula semut Kalilandak', intent: 'submit' });
    expect(await kinds(w.u.camat)).toEqual(['waiting:Gula semut Kalilandak']);
    expect(await kinds(u.sekcam)).toEqual(['waiting:Gula semut Kalilandak']);
    const n = (await inbox(w.u.camat))[0];
    expect(n).toMatchObject({ district_id: w.dA, village_name: 'Kalilandak', actor_name: 'Nama op.kalilandak' });
    expect(n.path).toBe(`/admin/tinjauan/${n.item_id}`);
    for (const other of [w.u.camatB, u.offCamat, w.u.kalilandak, u.opK2, w.u.pagak, w.u.opB]) expect(await inbox(other)).toEqual([]);
  });

  test('a draft announces nothing', async () => {
    await createItemVia(opK, 'berita', { title: 'Draf diam', intent: 'draft' });
    expect(await env.db.selectFrom('notifications').selectAll().execute()).toEqual([]);
  });

  test('an edit of a live item kept for review waits: the camat office hears', async () => {
    const id = await createItemVia(opK, 'berita', { title: 'Berita tayang', intent: 'publish' });
    await env.db.updateTable('villages').set({ review_required: 1 }).where('id', '=', w.v.kalilandak).execute();
    try {
      const res = await updateVia(opK, 'berita', id, { title: 'Berita tayang diubah', summary: 'r', body_source: 'isi', version: '1', intent: 'publish' });
      expect(res.status).toBe(303);
      expect(await kinds(w.u.camat)).toEqual(['waiting:Berita tayang diubah']);
      expect(await inbox(w.u.camatB)).toEqual([]);
    } finally {
      await env.db.updateTable('villages').set({ review_required: 0 }).where('id', '=', w.v.kalilandak).execute();
    }
  });

  test('returned with a note: the village’s active operators hear, not another village’s, not the disabled, not the reviewer', async () => {
    const id = await createItemVia(opK, 'produk', { title: 'Keripik salak', intent: 'submit' });
    await clear();
    expect((await statusVia(camat, 'produk', id, 'return', 'Foto kurang jelas')).status).toBe(303);
    for (const op of [w.u.kalilandak, u.opK2]) {
      const [n] = await inbox(op);
      expect(n).toMatchObject({ kind: 'returned', title: 'Keripik salak', note: 'Foto kurang jelas', actor_name: 'Nama camat', path: `/admin/produk/${id}/ubah` });
    }
    for (const other of [w.u.pagak, u.offOp, w.u.opB, w.u.camat, u.sekcam, w.u.camatB]) expect(await inbox(other)).toEqual([]);
  });

  test('approved and published by the camat office: the village’s operators hear; a publish by an operator announces nothing to them', async () => {
    const id = await createItemVia(opK, 'produk', { title: 'Madu klanceng', intent: 'submit' });
    await clear();
    expect((await statusVia(camat, 'produk', id, 'publish')).status).toBe(303);
    expect(await kinds(w.u.kalilandak)).toEqual(['published:Madu klanceng']);
    expect(await kinds(u.opK2)).toEqual(['published:Madu klanceng']);
    for (const other of [w.u.pagak, u.offOp, w.u.opB, w.u.camat]) expect(await inbox(other)).toEqual([]);
    await clear();
    await createItemVia(opK, 'produk', { title: 'Terbit sendiri', intent: 'publish' });
    expect(await env.db.selectFrom('notifications').selectAll().execute()).toEqual([]);
  });

  test('a change that rolls back announces nothing: the rows are written in its transaction', async () => {
    const id = await createItemVia(opK, 'produk', { title: 'Balapan', intent: 'submit' });
    await clear();
    // The second operator's row fails: the first row and the status change must go with it.
    let inserts = 0;
    const failing: KyselyPlugin = {
      transformQuery: (args) => {
        if (args.node.kind === 'InsertQueryNode' && args.node.into?.table.identifier.name === 'notifications' && ++inserts === 2) throw new Error('disk full');
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const ctx = { ...(await ctxFor(env.db, w.u.camat)), db: env.db.withPlugin(failing) };
    await expect(
      changeStatus(
        ctx,
        SECTIONS.find((d) => d.type === 'product')!,
        id,
        'return',
        'x',
      ),
    ).rejects.toThrow('disk full');
    expect(inserts).toBe(2);
    expect((await env.db.selectFrom('content_items').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('submitted');
    expect(await env.db.selectFrom('notifications').selectAll().execute()).toEqual([]);
  });
});

describe('the list and the unread count', () => {
  const add = async (userId: number, title: string, districtId = w.dA) => {
    await env.db
      .insertInto('notifications')
      .values({ district_id: districtId, user_id: userId, kind: 'waiting', title, village_name: 'Kalilandak', path: '/admin/tinjauan/1', actor_name: 'Nama op', created_at: '2026-12-01 03:05:00' })
      .execute();
    return (await env.db.selectFrom('notifications').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
  };

  test('the navigation counts one’s own unread notifications; the list names, links and dates them in the kecamatan’s time', async () => {
    await add(w.u.camat, 'Satu');
    await add(w.u.camat, 'Dua');
    await add(u.sekcam, 'Punya sekcam');
    const page = await camat.get('/admin').set('Host', HOST);
    expect(page.text).toContain('Pemberitahuan (2 belum dibaca)');
    const list = await camat.get('/admin/notifikasi').set('Host', HOST);
    expect(list.status).toBe(200);
    expect(list.text).toContain('“Dua” dari Kalilandak menunggu tinjauan (dikirim oleh Nama op).');
    expect(list.text).toContain('href="/admin/tinjauan/1"');
    expect(list.text).toContain('1 Desember 2026 10.05 WIB');
    expect(list.text.indexOf('“Dua”')).toBeLessThan(list.text.indexOf('“Satu”'));
    expect(list.text).not.toContain('Punya sekcam');
    expect((await opK.get('/admin').set('Host', HOST)).text).not.toContain('belum dibaca');
  });

  test('the list is paginated, newest first', async () => {
    for (let i = 1; i <= 23; i++) await add(w.u.camat, `Urutan ${String(i).padStart(2, '0')}`);
    const first = await camat.get('/admin/notifikasi').set('Host', HOST);
    expect(first.text).toContain('“Urutan 23”');
    expect(first.text).toContain('“Urutan 04”');
    expect(first.text).not.toContain('“Urutan 03”');
    expect(first.text).toContain('href="/admin/notifikasi?page=2"');
    const second = await camat.get('/admin/notifikasi?page=2').set('Host', HOST);
    expect(second.text).toContain('“Urutan 03”');
    expect(second.text).toContain('“Urutan 01”');
    expect(second.text).not.toContain('“Urutan 04”');
  });

  test('mark one read: only one’s own (another user’s id is refused and stays unread)', async () => {
    const mine = await add(w.u.camat, 'Milik camat');
    const theirs = await add(u.sekcam, 'Milik sekcam');
    expect((await postForm(camat, `/admin/notifikasi/${theirs}/baca`)).status).toBe(404);
    expect((await env.db.selectFrom('notifications').select('read_at').where('id', '=', theirs).executeTakeFirstOrThrow()).read_at).toBeNull();
    const res = await postForm(camat, `/admin/notifikasi/${mine}/baca`);
    expect(res.status).toBe(303);
    expect((await env.db.selectFrom('notifications').select('read_at').where('id', '=', mine).executeTakeFirstOrThrow()).read_at).not.toBeNull();
    expect((await camat.get('/admin').set('Host', HOST)).text).not.toContain('belum dibaca');
  });

  test('mark all read touches only one’s own', async () => {
    await add(w.u.camat, 'A');
    await add(w.u.camat, 'B');
    const other = await add(u.sekcam, 'C');
    expect((await postForm(camat, '/admin/notifikasi/baca-semua')).status).toBe(303);
    expect((await inbox(w.u.camat)).every((n) => n.read_at !== null)).toBe(true);
    expect((await env.db.selectFrom('notifications').select('read_at').where('id', '=', other).executeTakeFirstOrThrow()).read_at).toBeNull();
  });

  test('the POSTs need the CSRF token', async () => {
    const mine = await add(w.u.camat, 'Tanpa token');
    for (const path of [`/admin/notifikasi/${mine}/baca`, '/admin/notifikasi/baca-semua']) {
      const res = await camat.post(path).set('Host', HOST).type('form').send({ _csrf: 'palsu' });
      expect(res.status).toBe(403);
    }
    expect((await inbox(w.u.camat)).every((n) => n.read_at === null)).toBe(true);
    await tokenOf(camat);
  });

  test('a returned note and a title are escaped', async () => {
    const id = await createItemVia(opK, 'berita', { title: 'Judul <img src=x onerror=alert(1)>', intent: 'submit' });
    expect((await statusVia(camat, 'berita', id, 'return', '<script>alert("catatan")</script>')).status).toBe(303);
    const list = await opK.get('/admin/notifikasi').set('Host', HOST);
    expect(list.text).not.toContain('<script>alert("catatan")</script>');
    expect(list.text).toContain('&lt;script&gt;alert(&#34;catatan&#34;)&lt;/script&gt;');
    expect(list.text).not.toContain('<img src=x');
  });
});

describe('quiet villages', () => {
  test('announced to the active camat office once per quiet spell, not daily, never to another kecamatan', async () => {
    const ctx = await ctxFor(env.db, w.u.camat);
    const day1 = new Date('2027-03-01T03:00:00Z');
    await clear();
    await env.db.deleteFrom('notification_runs').execute();
    expect(await checkQuietVillages(ctx, day1)).toBeGreaterThan(0);
    const quietK = (await quietOf(w.u.camat)).filter((n) => n.title === 'Kalilandak');
    expect(quietK).toHaveLength(1);
    expect(quietK[0].path).toBe('/desa/kalilandak');
    expect((await quietOf(u.sekcam)).some((n) => n.title === 'Kalilandak')).toBe(true);
    for (const other of [u.offCamat, w.u.camatB, w.u.kalilandak, w.u.opB]) expect(await quietOf(other)).toEqual([]);
    // The same day again, and the next days: nothing new while the spell lasts.
    expect(await checkQuietVillages(ctx, day1)).toBe(0);
    expect(await checkQuietVillages(await ctxFor(env.db, u.sekcam), new Date('2027-03-02T03:00:00Z'))).toBe(0);
    expect(await checkQuietVillages(ctx, new Date('2027-03-03T03:00:00Z'))).toBe(0);
    // Kalilandak publishes, then falls quiet again: a new spell, announced once more.
    const id = await createItemVia(opK, 'berita', { title: 'Kabar baru', intent: 'publish' });
    await env.db.updateTable('content_items').set({ published_at: '2027-03-04 00:00:00' }).where('id', '=', id).execute();
    expect(await checkQuietVillages(ctx, new Date('2027-03-05T03:00:00Z'))).toBe(0);
    // Only Kalilandak's new spell, to both active members of the camat office.
    expect(await checkQuietVillages(ctx, new Date('2027-05-01T03:00:00Z'))).toBe(2);
    expect((await quietOf(w.u.camat)).filter((n) => n.title === 'Kalilandak')).toHaveLength(2);

    // Another instance the same day: its own database handle (so not this process's memory of the
    // day) meets the day's claim in notification_runs. With the notifications gone, a check that
    // got past the claim would announce them all again.
    await clear();
    const otherInstance = { ...(await ctxFor(env.db, u.sekcam)), db: env.db.withoutPlugins() };
    expect(otherInstance.db).not.toBe(env.db);
    expect(await checkQuietVillages(otherInstance, new Date('2027-05-01T05:00:00Z'))).toBe(0);
    expect(await quietOf(w.u.camat)).toEqual([]);
    // The next day it runs there.
    expect(await checkQuietVillages(otherInstance, new Date('2027-05-02T03:00:00Z'))).toBeGreaterThan(0);
  });

  test('the camat office’s visit to the workspace runs the check lazily', async () => {
    await env.db.deleteFrom('notification_runs').execute();
    const fresh = await login(env.app, HOST, 'sekcam');
    await fresh.get('/admin').set('Host', HOST);
    expect(await env.db.selectFrom('notification_runs').select('run_key').where('run_key', 'like', `quiet:${w.dA}:%`).execute()).toHaveLength(1);
    await opK.get('/admin').set('Host', HOST);
    expect(await env.db.selectFrom('notification_runs').selectAll().execute()).toHaveLength(1);
  });
});

test('another kecamatan’s camat sees none of this one’s notifications', async () => {
  await createItemVia(opK, 'produk', { title: 'Hanya Klampok', intent: 'submit' });
  const camatB = await login(env.app, HOST_B, 'camat.susukan');
  expect((await camatB.get('/admin/notifikasi').set('Host', HOST_B)).text).not.toContain('Hanya Klampok');
  const theirs = (await inbox(w.u.camat))[0].id;
  expect((await postForm(camatB, `/admin/notifikasi/${theirs}/baca`, {}, HOST_B)).status).toBe(404);
});

test('the hourly sweep forgets claims of days long past, and keeps the recent ones', async () => {
  await env.db.deleteFrom('notification_runs').execute();
  await env.db
    .insertInto('notification_runs')
    .values([
      { run_key: 'quiet:1:2020-01-01', created_at: '2020-01-01 00:00:00' },
      { run_key: 'quiet:1:today', created_at: nowUtc() },
    ])
    .execute();
  await pruneExpired(env.db);
  expect((await env.db.selectFrom('notification_runs').select('run_key').execute()).map((r) => r.run_key)).toEqual(['quiet:1:today']);
});

test('mail links come from the kecamatan’s registered host, never from a request (PUBLIC_URL only with one kecamatan)', async () => {
  // Two kecamatan here: PUBLIC_URL does not apply, each has its own host.
  expect(await originOfDistrict(env.db, w.dA, 'https://pub.example.id')).toBe(`https://${HOST}`);
  expect(await originOfDistrict(env.db, w.dB, undefined)).toBe(`https://${HOST_B}`);
  await env.db.deleteFrom('district_hosts').where('district_id', '=', w.dB).execute();
  await env.db.insertInto('district_hosts').values({ district_id: w.dB, host: 'localhost', created_at: nowUtc() }).execute();
  expect(await originOfDistrict(env.db, w.dB, undefined)).toBe('http://localhost');
});
