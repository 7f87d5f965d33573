// WhatsApp numbers of users (normalised, refused when not a number) and the camat office's
// "Ingatkan lewat WhatsApp" to quiet villages: recorded, then redirected to wa.me.
import { toDbDate } from '../../src/db/time';
import { formatDateTime } from '../../src/i18n';
import { type Agent, type TestEnv, addUser, auditActions, createTestEnv, csrfFrom, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia, postForm } from '../support/content';

let env: TestEnv;
let w: World;
let camat: Agent;
let opK: Agent;
let sirkandi: number;
let kecitran: number;
let opKecitran: number;

const daysAgo = (n: number) => toDbDate(new Date(Date.now() - n * 86_400_000));
const userRow = (id: number) => env.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const reminders = () => env.db.selectFrom('village_reminders').selectAll().orderBy('id').execute();
const villageByCode = async (code: string) => (await env.db.selectFrom('villages').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  sirkandi = await villageByCode('33.04.02.2001');
  kecitran = await villageByCode('33.04.02.2003');
  // Kecitran has an operator without a number; Sirkandi has none at all.
  opKecitran = await addUser(env.db, { districtId: w.dA, villageId: kecitran, username: 'op.kecitran', role: 'village_operator' });
  camat = await login(env.app, HOST, 'camat');
  opK = await login(env.app, HOST, 'op.kalilandak');
  // Kalilandak last published 40 days ago; Pagak 3 days ago (not quiet).
  const old = await createItemVia(opK, 'berita', { title: 'Terbit lama', intent: 'publish' });
  await env.db
    .updateTable('content_items')
    .set({ published_at: daysAgo(40) })
    .where('id', '=', old)
    .execute();
  const opP = await login(env.app, HOST, 'op.pagak');
  const recent = await createItemVia(opP, 'berita', { title: 'Terbit baru', intent: 'publish' });
  await env.db
    .updateTable('content_items')
    .set({ published_at: daysAgo(3) })
    .where('id', '=', recent)
    .execute();
});
afterAll(() => env.close());

describe('WhatsApp numbers', () => {
  const editBody = (whatsapp: string) => ({ name: 'Nama op.pagak', role: 'village_operator', village_id: String(w.v.pagak), whatsapp });

  test.each([
    ['0812-3456-7890', '6281234567890'],
    ['+62 812-3456-7891', '6281234567891'],
    ['62812 3456 7892', '6281234567892'],
    ['(0812) 3456.7893', '6281234567893'],
    ['', null],
  ])('the camat office’s user form stores %p as %p', async (input, stored) => {
    const res = await postForm(camat, `/admin/pengguna/${w.u.pagak}`, editBody(input));
    expect([res.status, res.headers.location]).toEqual([303, '/admin/pengguna']);
    expect((await userRow(w.u.pagak)).whatsapp).toBe(stored);
  });

  test('garbage is refused with an Indonesian message and nothing is saved', async () => {
    expect((await postForm(camat, `/admin/pengguna/${w.u.pagak}`, editBody('0812-0000-1111'))).status).toBe(303);
    const before = await userRow(w.u.pagak);
    for (const bad of ['abc', '021-555-1234', '0812', '+1 415 555 0100', '0812-3456-7890; drop', '0'.repeat(31)]) {
      const res = await postForm(camat, `/admin/pengguna/${w.u.pagak}`, { ...editBody(bad), name: 'Nama baru' });
      expect(res.status).toBe(400);
      expect(res.text).toContain(bad.length > 30 ? 'Terlalu panjang (maksimal 30 karakter).' : 'Nomor WhatsApp tidak valid. Contoh: 0812-3456-7890.');
      expect(await userRow(w.u.pagak)).toEqual(before);
    }
  });

  test('a new account may get a number at once', async () => {
    const res = await postForm(camat, '/admin/pengguna', {
      name: 'Operator Sirkandi',
      username: 'operator.sirkandi',
      role: 'village_operator',
      village_id: String(sirkandi),
      whatsapp: '0813 1111 2222',
    });
    expect(res.status).toBe(201);
    const u = await env.db.selectFrom('users').selectAll().where('username', '=', 'operator.sirkandi').executeTakeFirstOrThrow();
    expect(u.whatsapp).toBe('6281311112222');
    // Not part of the rest of this file: Sirkandi stays without an operator.
    await env.db.deleteFrom('audit_log').where('target_id', '=', String(u.id)).execute();
    await env.db.deleteFrom('users').where('id', '=', u.id).execute();
  });

  test('each user keeps their own number on their account page; garbage and unknown fields change nothing', async () => {
    const page = await opK.get('/admin/akun').set('Host', HOST);
    expect(page.status).toBe(200);
    expect(page.text).toContain('action="/admin/akun/whatsapp"');
    const saved = await postForm(opK, '/admin/akun/whatsapp', { whatsapp: '+62 812-3456-7000' });
    expect([saved.status, saved.headers.location]).toEqual([303, '/admin/akun']);
    expect((await userRow(w.u.kalilandak)).whatsapp).toBe('6281234567000');
    expect((await opK.get('/admin/akun').set('Host', HOST)).text).toContain('value="6281234567000"');
    expect(await auditActions(env.db, 'user.whatsapp_changed')).toBe(1);

    const before = await userRow(w.u.kalilandak);
    const bad = await postForm(opK, '/admin/akun/whatsapp', { whatsapp: 'nomor saya' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Nomor WhatsApp tidak valid. Contoh: 0812-3456-7890.');
    expect(bad.text).toContain('value="nomor saya"');
    const extra = await postForm(opK, '/admin/akun/whatsapp', { whatsapp: '0812-9999-0000', role: 'district_admin' });
    expect(extra.status).toBe(400);
    const noToken = await opK.post('/admin/akun/whatsapp').set('Host', HOST).type('form').send({ whatsapp: '0812-9999-0000' });
    expect(noToken.status).toBe(403);
    expect(await userRow(w.u.kalilandak)).toEqual(before);
  });
});

describe('Ingatkan lewat WhatsApp', () => {
  const dashboard = async () => (await camat.get('/admin').set('Host', HOST)).text;
  const rowOf = (html: string, slug: string) => new RegExp(`data-village="${slug}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

  test('a quiet village offers one button per operator with a number; without one, the page says so and links to the user form', async () => {
    const html = await dashboard();
    const k = rowOf(html, 'kalilandak');
    expect(k).toContain('action="/admin/ingatkan"');
    expect(k).toContain(`name="village_id" value="${w.v.kalilandak}"`);
    expect(k).toContain(`name="operator_id" value="${w.u.kalilandak}"`);
    expect(k).toContain('Ingatkan lewat WhatsApp');
    expect(rowOf(html, 'kecitran')).toContain('Belum ada nomor WhatsApp operator.');
    expect(rowOf(html, 'kecitran')).toContain(`href="/admin/pengguna/${opKecitran}/ubah"`);
    expect(rowOf(html, 'sirkandi')).toContain('Belum ada operator aktif, jadi belum ada nomor WhatsApp.');
    expect(rowOf(html, 'sirkandi')).toContain('href="/admin/pengguna/baru"');
    // Pagak published 3 days ago: nothing to remind.
    expect(rowOf(html, 'pagak')).not.toContain('action="/admin/ingatkan"');
  });

  test('sending is recorded, then redirected (303) to wa.me with a message naming the village, the days and the login link', async () => {
    const before = await reminders();
    const res = await postForm(camat, '/admin/ingatkan', { village_id: String(w.v.kalilandak), operator_id: String(w.u.kalilandak) });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe('https://wa.me/6281234567000');
    const text = location.searchParams.get('text')!;
    expect(text).toContain('Desa Kalilandak');
    expect(text).toContain('40 hari');
    expect(text).toContain('http://klampok.test/masuk');
    expect(text).toContain('Nama op.kalilandak');
    const after = await reminders();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ district_id: w.dA, village_id: w.v.kalilandak, operator_id: w.u.kalilandak, sent_by: w.u.camat });
    expect(await auditActions(env.db, 'village.reminded')).toBe(1);
    expect(rowOf(await dashboard(), 'kalilandak')).toContain(`Diingatkan ${formatDateTime(after.at(-1)!.sent_at, 'WIB')} oleh Nama camat`);
  });

  test('a village that never published gets the "belum pernah" message', async () => {
    const op = await addUser(env.db, { districtId: w.dA, villageId: sirkandi, username: 'op.sirkandi', role: 'village_operator' });
    await env.db.updateTable('users').set({ whatsapp: '6281200001111' }).where('id', '=', op).execute();
    const res = await postForm(camat, '/admin/ingatkan', { village_id: String(sirkandi), operator_id: String(op) });
    expect(res.status).toBe(303);
    const text = new URL(res.headers.location).searchParams.get('text')!;
    expect(text).toContain('Desa Sirkandi belum pernah menerbitkan');
    await env.db
      .updateTable('users')
      .set({ disabled_at: daysAgo(0) })
      .where('id', '=', op)
      .execute();
  });

  test('an operator gets 403; crafted ids of another kecamatan or village, a numberless or disabled operator, junk: refused, nothing recorded', async () => {
    const before = await reminders();
    const audits = await auditActions(env.db, 'village.reminded');
    const op = await postForm(opK, '/admin/ingatkan', { village_id: String(w.v.kalilandak), operator_id: String(w.u.kalilandak) });
    expect(op.status).toBe(403);
    await env.db.updateTable('users').set({ whatsapp: '6281299990000' }).where('id', '=', w.u.opB).execute();
    const disabled = (await env.db.selectFrom('users').select('id').where('username', '=', 'op.sirkandi').executeTakeFirstOrThrow()).id;
    for (const [village, operator] of [
      [w.v.b, w.u.opB], // both of kecamatan B
      [w.v.kalilandak, w.u.opB], // an operator of B
      [w.v.b, w.u.kalilandak], // a village of B
      [w.v.pagak, w.u.kalilandak], // an operator of another village
      [kecitran, opKecitran], // no number
      [sirkandi, disabled], // disabled
      [w.v.kalilandak, w.u.camat], // not an operator
    ]) {
      const res = await postForm(camat, '/admin/ingatkan', { village_id: String(village), operator_id: String(operator) });
      expect([village, operator, res.status]).toEqual([village, operator, 404]);
      expect(res.headers.location).toBeUndefined();
    }
    const junk: Record<string, string>[] = [{}, { village_id: 'x', operator_id: '1' }, { village_id: String(w.v.kalilandak), operator_id: String(w.u.kalilandak), sent_by: '1' }];
    for (const body of junk) {
      expect((await postForm(camat, '/admin/ingatkan', body)).status).toBe(404);
    }
    const camatB = await login(env.app, HOST_B, 'camat.susukan');
    expect((await postForm(camatB, '/admin/ingatkan', { village_id: String(w.v.kalilandak), operator_id: String(w.u.kalilandak) }, HOST_B)).status).toBe(404);
    expect(await reminders()).toEqual(before);
    expect(await auditActions(env.db, 'village.reminded')).toBe(audits);
  });

  test('without its CSRF token the button records nothing', async () => {
    const before = await reminders();
    const res = await camat
      .post('/admin/ingatkan')
      .set('Host', HOST)
      .type('form')
      .send({ village_id: String(w.v.kalilandak), operator_id: String(w.u.kalilandak) });
    expect(res.status).toBe(403);
    const wrong = await camat
      .post('/admin/ingatkan')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: 'x'.repeat(40), village_id: String(w.v.kalilandak), operator_id: String(w.u.kalilandak) });
    expect(wrong.status).toBe(403);
    expect(await reminders()).toEqual(before);
  });

  test('an operator’s name with markup is escaped on the dashboard', async () => {
    await env.db.updateTable('users').set({ name: '<script>alert(1)</script>' }).where('id', '=', w.u.kalilandak).execute();
    const html = await dashboard();
    expect(html).not.toContain('<script>alert(1)');
    expect(rowOf(html, 'kalilandak')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const token = csrfFrom(html);
    const res = await camat
      .post('/admin/ingatkan')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: token, village_id: String(w.v.kalilandak), operator_id: String(w.u.kalilandak) });
    expect(new URL(res.headers.location).searchParams.get('text')).toContain('Yth. <script>alert(1)</script>,');
  });
});
