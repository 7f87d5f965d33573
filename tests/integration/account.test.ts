import request from 'supertest';
import { verifyPassword } from '../../src/auth/password';
import { PASSWORD, type Agent, type TestEnv, addUser, auditActions, createTestEnv, csrfFrom, login, provision, villageId } from '../support/app';

const HOST = 'klampok.test';
const PAGE = '/admin/akun/sandi';
const FRESH = 'Kebun-Salak-Pagak-2026';
let env: TestEnv;
let districtId: number;
const id: Record<string, number> = {};

beforeAll(async () => {
  env = await createTestEnv();
  ({ districtId } = await provision(env.db, '33.04.02', HOST));
  const village = await villageId(env.db, '33.04.02.2002');
  id.camat = await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
  id.dinkominfo = await addUser(env.db, { districtId: null, username: 'dinkominfo', role: 'superadmin' });
  for (const name of ['op.pagak', 'op.kedua', 'op.ketiga']) {
    id[name] = await addUser(env.db, { districtId, villageId: village, username: name, role: 'village_operator' });
  }
  id['op.baru'] = await addUser(env.db, { districtId, villageId: village, username: 'op.baru', role: 'village_operator', mustChange: true });
});
afterAll(() => env.close());

const row = (uid: number) => env.db.selectFrom('users').selectAll().where('id', '=', uid).executeTakeFirstOrThrow();
const sidsOf = async (uid: number) => (await env.db.selectFrom('sessions').select('sid').where('user_id', '=', uid).execute()).map((s) => s.sid).sort();
const changedAudits = (uid: number) => env.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.password_changed').where('target_id', '=', String(uid)).execute();

/** Posts the password form with a CSRF token from the form page the agent just fetched. */
async function change(agent: Agent, body: Record<string, string>) {
  const page = await agent.get(PAGE).set('Host', HOST);
  expect(page.status).toBe(200);
  return agent
    .post(PAGE)
    .set('Host', HOST)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), ...body });
}
const valid = (current = PASSWORD, next = FRESH) => ({ current_password: current, new_password: next, confirm_password: next });

// The session cookie the agent holds (a response sets it only when the session changes); supertest
// serves the app on 127.0.0.1, the cookie's domain whatever the Host header says.
const sessionCookie = (agent: Agent) => agent.jar.getCookie('pendopo.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })!.toValueString();

async function loginStatus(username: string, password: string) {
  const agent = request.agent(env.app);
  const page = await agent.get('/masuk').set('Host', HOST);
  const res = await agent
    .post('/masuk')
    .set('Host', HOST)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password });
  return [res.status, res.headers.location];
}

describe('refused changes', () => {
  let agent: Agent;
  let other: Agent;
  beforeAll(async () => {
    agent = await login(env.app, HOST, 'op.pagak');
    other = await login(env.app, HOST, 'op.pagak');
  });

  // The password form shows no _form error, so an unknown field is refused without a message.
  test.each<[string, Record<string, string>, string | null]>([
    ['wrong current password', valid('Salah-Sekali-2026'), 'Kata sandi saat ini salah.'],
    ['missing current password', { new_password: FRESH, confirm_password: FRESH }, 'Kata sandi saat ini salah.'],
    ['too short', valid(PASSWORD, 'Pendek-12'), 'Kata sandi minimal 10 karakter.'],
    ['too long', valid(PASSWORD, 'x'.repeat(201)), 'Terlalu panjang'],
    ['common (international list)', valid(PASSWORD, 'password123'), 'Kata sandi ini terlalu umum'],
    ['common (local list)', valid(PASSWORD, 'bismillah123'), 'Kata sandi ini terlalu umum'],
    ['one repeated character', valid(PASSWORD, 'aaaaaaaaaaaa'), 'Kata sandi ini terlalu umum'],
    ['contains the username', valid(PASSWORD, 'OP.PAGAK-sawah-99'), 'Kata sandi tidak boleh sama dengan nama pengguna.'],
    ['mismatch', { ...valid(), confirm_password: `${FRESH}!` }, 'Kedua kata sandi baru tidak sama.'],
    ['same as the old one', valid(PASSWORD, PASSWORD), 'Kata sandi baru harus berbeda dari yang lama.'],
    ['missing new password', { current_password: PASSWORD, confirm_password: FRESH }, 'Wajib diisi.'],
    ['an unknown field', { ...valid(), must_change_password: '0' }, null],
    ['another user id', { ...valid(), user_id: '1' }, null],
  ])('%s → 400, nothing changes', async (_label, body, message) => {
    const before = await row(id['op.pagak']);
    const sessions = await sidsOf(id['op.pagak']);
    const audits = await auditActions(env.db, 'user.password_changed');
    const res = await change(agent, body);
    expect(res.status).toBe(400);
    if (message) expect(res.text).toContain(message);
    expect(res.text).not.toContain(FRESH);
    expect(await row(id['op.pagak'])).toEqual(before);
    expect(await verifyPassword(before.password_hash, PASSWORD)).toBe(true);
    expect(await sidsOf(id['op.pagak'])).toEqual(sessions);
    expect(sessions).toHaveLength(2);
    expect(await auditActions(env.db, 'user.password_changed')).toBe(audits);
    expect((await other.get('/admin').set('Host', HOST)).status).toBe(200);
  });

  test('a POST without a CSRF token is refused and changes nothing', async () => {
    const before = await row(id['op.pagak']);
    const res = await agent.post(PAGE).set('Host', HOST).type('form').send(valid());
    expect(res.status).toBe(403);
    expect(await row(id['op.pagak'])).toEqual(before);
  });

  test('anonymous visitors are sent to the login page', async () => {
    const res = await request(env.app).get(PAGE).set('Host', HOST);
    expect([res.status, res.headers.location]).toEqual([302, `/masuk?next=${encodeURIComponent(PAGE)}`]);
  });
});

describe('a valid change', () => {
  test('updates the hash, ends the other sessions, keeps this one and is audited', async () => {
    const uid = id['op.kedua'];
    const agent = await login(env.app, HOST, 'op.kedua');
    const laptop = await login(env.app, HOST, 'op.kedua');
    const phone = await login(env.app, HOST, 'op.kedua');
    const oldHash = (await row(uid)).password_hash;
    const sessions = await sidsOf(uid);
    expect(sessions).toHaveLength(3);
    const oldCookie = sessionCookie(agent);

    const res = await change(agent, valid());
    expect([res.status, res.headers.location]).toEqual([303, '/admin']);
    const after = await row(uid);
    expect(after.password_hash).not.toBe(oldHash);
    expect(after.password_hash).not.toContain(FRESH);
    expect(await verifyPassword(after.password_hash, FRESH)).toBe(true);
    expect(after.must_change_password).toBe(0);

    // This session goes on under a fresh id: a copy of its old cookie no longer logs anyone in.
    const left = await sidsOf(uid);
    expect(left).toHaveLength(1);
    expect(sessions).not.toContain(left[0]);
    const replay = await request(env.app).get('/admin').set('Host', HOST).set('Cookie', oldCookie);
    expect([replay.status, replay.headers.location]).toEqual([302, '/masuk?next=%2Fadmin']);
    const home = await agent.get('/admin').set('Host', HOST);
    expect(home.status).toBe(200);
    expect(home.text).toContain('Kata sandi berhasil diganti.');
    for (const gone of [laptop, phone]) {
      const r = await gone.get('/admin').set('Host', HOST);
      expect(r.status).toBe(302);
      expect(r.headers.location).toMatch(/^\/masuk/);
    }
    expect(await changedAudits(uid)).toMatchObject([{ user_id: uid, username: 'op.kedua', role: 'village_operator', district_id: districtId, target_type: 'user' }]);
    expect((await changedAudits(uid))[0].ip).toBeTruthy();
    expect(await loginStatus('op.kedua', PASSWORD)).toEqual([401, undefined]);
    expect(await loginStatus('op.kedua', FRESH)).toEqual([302, '/admin']);
  });

  test.each([
    ['camat', 'district_admin'],
    ['dinkominfo', 'superadmin'],
    ['op.ketiga', 'village_operator'],
  ])('%s (%s) can change their own password', async (username, role) => {
    const uid = id[username];
    const agent = await login(env.app, HOST, username);
    const oldHash = (await row(uid)).password_hash;
    const next = `Teh-Poci-${role}-77`;
    expect((await change(agent, valid(PASSWORD, next))).status).toBe(303);
    expect((await row(uid)).password_hash).not.toBe(oldHash);
    expect(await verifyPassword((await row(uid)).password_hash, next)).toBe(true);
    expect(await changedAudits(uid)).toMatchObject([{ user_id: uid, role, district_id: districtId }]);
    expect((await agent.get('/admin').set('Host', HOST)).status).toBe(200);
  });
});

describe('an issued password', () => {
  test('keeps every /admin page on the password form until it is changed', async () => {
    const uid = id['op.baru'];
    const agent = request.agent(env.app);
    const page = await agent.get('/masuk').set('Host', HOST);
    const res = await agent
      .post('/masuk')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'op.baru', password: PASSWORD });
    expect([res.status, res.headers.location]).toEqual([302, PAGE]);
    for (const path of ['/admin', '/admin/pengguna', '/admin/audit', '/admin/tidak-ada']) {
      const r = await agent.get(path).set('Host', HOST);
      expect([r.status, r.headers.location]).toEqual([302, PAGE]);
    }
    const form = await agent.get(PAGE).set('Host', HOST);
    expect(form.text).toContain('Kata sandi Anda diberikan oleh admin.');

    expect((await change(agent, valid(PASSWORD, 'password123'))).status).toBe(400);
    expect((await row(uid)).must_change_password).toBe(1);
    expect((await agent.get('/admin').set('Host', HOST)).headers.location).toBe(PAGE);

    expect((await change(agent, valid())).status).toBe(303);
    expect((await row(uid)).must_change_password).toBe(0);
    expect((await agent.get('/admin').set('Host', HOST)).status).toBe(200);
    expect(await changedAudits(uid)).toHaveLength(1);
    expect(await loginStatus('op.baru', FRESH)).toEqual([302, '/admin']);
  });
});
