import request from 'supertest';
import { verifyPassword } from '../../src/auth/password';
import { insertAccount } from '../../src/modules/users/accounts';
import { PASSWORD, type Agent, type TestEnv, addUser, auditActions, createTestEnv, csrfFrom, login, provision, villageId } from '../support/app';

const A = 'klampok.test';
const B = 'susukan.test';
let env: TestEnv;
let dA: number;
let dB: number;
const v: Record<string, number> = {};
const id: Record<string, number> = {};

beforeAll(async () => {
  // Trust loopback proxies so a test can set the client address (audit ip, no cross-test throttling).
  env = await createTestEnv({ TRUST_PROXY: 'loopback' });
  ({ districtId: dA } = await provision(env.db, '33.04.02', A));
  ({ districtId: dB } = await provision(env.db, '33.04.01', B));
  for (const [k, code] of Object.entries({ sirkandi: '2001', pagak: '2002', kecitran: '2003', purwareja: '2004', kalilandak: '2006' })) {
    v[k] = await villageId(env.db, `33.04.02.${code}`);
  }
  v.b = (await env.db.selectFrom('villages').select('id').where('district_id', '=', dB).orderBy('id').executeTakeFirstOrThrow()).id;
  id.camat = await addUser(env.db, { districtId: dA, username: 'camat', role: 'district_admin' });
  id.dinkominfo = await addUser(env.db, { districtId: null, username: 'dinkominfo', role: 'superadmin' });
  for (const k of ['kalilandak', 'pagak', 'kecitran', 'purwareja']) {
    id[k] = await addUser(env.db, { districtId: dA, villageId: v[k], username: `op.${k}`, role: 'village_operator' });
  }
  id.camatB = await addUser(env.db, { districtId: dB, username: 'camat.susukan', role: 'district_admin' });
  id.opB = await addUser(env.db, { districtId: dB, villageId: v.b, username: 'op.susukan', role: 'village_operator' });
  id.offB = await addUser(env.db, { districtId: dB, villageId: v.b, username: 'op.susukan.off', role: 'village_operator' });
  await env.db.updateTable('users').set({ disabled_at: '2026-01-01 00:00:00' }).where('id', '=', id.offB).execute();
});
afterAll(() => env.close());

let ipSeq = 10;
const nextIp = () => `198.51.100.${ipSeq++}`;
const row = (uid: number) => env.db.selectFrom('users').selectAll().where('id', '=', uid).executeTakeFirstOrThrow();
const allUsers = () => env.db.selectFrom('users').selectAll().orderBy('id').execute();
const byName = (username: string) => env.db.selectFrom('users').selectAll().where('username', '=', username).execute();
const sessionsOf = async (uid: number) => (await env.db.selectFrom('sessions').select('sid').where('user_id', '=', uid).execute()).length;
const auditFor = (action: string, target: number) => env.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', String(target)).orderBy('id').execute();

/** POSTs a form with a CSRF token from a page the same agent fetched. */
async function send(agent: Agent, host: string, path: string, body: Record<string, string>, page = '/admin', ip = nextIp()) {
  const _csrf = csrfFrom((await agent.get(page).set('Host', host)).text);
  return agent
    .post(path)
    .set('Host', host)
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ _csrf, ...body });
}

/** A login attempt from its own address; answers the status and where it leads. */
async function tryLogin(host: string, username: string, password: string) {
  const agent = request.agent(env.app);
  const _csrf = csrfFrom((await agent.get('/masuk').set('Host', host)).text);
  const res = await agent.post('/masuk').set('Host', host).set('X-Forwarded-For', nextIp()).type('form').send({ _csrf, username, password });
  return { status: res.status, location: res.headers.location as string | undefined, agent };
}

const issuedPassword = (html: string) => {
  const codes = [...html.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);
  expect(codes).toHaveLength(1);
  expect(codes[0]).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
  return codes[0];
};

describe('who may manage users', () => {
  test('an operator gets 403 on every user route and nothing changes', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const camat = await login(env.app, A, 'camat');
    const before = await allUsers();
    const [created, disabled, reset] = [await auditActions(env.db, 'user.created'), await auditActions(env.db, 'user.disabled'), await auditActions(env.db, 'user.password_reset')];
    expect((await op.get('/admin/pengguna').set('Host', A)).status).toBe(403);
    expect((await op.get('/admin/pengguna/baru').set('Host', A)).status).toBe(403);
    expect((await op.get(`/admin/pengguna/${id.pagak}/ubah`).set('Host', A)).status).toBe(403);
    const posts: [string, Record<string, string>][] = [
      ['/admin/pengguna', { name: 'Siluman', username: 'siluman', role: 'district_admin', village_id: '' }],
      [`/admin/pengguna/${id.camat}/nonaktifkan`, { confirm: 'ya' }],
      [`/admin/pengguna/${id.pagak}/reset-sandi`, { confirm: 'ya' }],
      [`/admin/pengguna/${id.kalilandak}`, { name: 'Naik Pangkat', role: 'district_admin', village_id: '' }],
    ];
    for (const [path, body] of posts) expect((await send(op, A, path, body)).status).toBe(403);
    expect(await allUsers()).toEqual(before);
    expect(await auditActions(env.db, 'user.created')).toBe(created);
    expect(await auditActions(env.db, 'user.disabled')).toBe(disabled);
    expect(await auditActions(env.db, 'user.password_reset')).toBe(reset);
    expect((await camat.get('/admin').set('Host', A)).status).toBe(200);
  });

  test("a district admin of A neither sees nor changes kecamatan B's users", async () => {
    const camat = await login(env.app, A, 'camat');
    const opB = await login(env.app, B, 'op.susukan');
    const list = await camat.get('/admin/pengguna').set('Host', A);
    expect(list.status).toBe(200);
    expect(list.text).toContain('op.kalilandak');
    for (const name of ['op.susukan', 'camat.susukan', 'dinkominfo']) expect(list.text).not.toContain(name);
    const before = await allUsers();
    expect((await camat.get(`/admin/pengguna/${id.opB}/ubah`).set('Host', A)).status).toBe(404);
    for (const [path, body] of [
      [`/admin/pengguna/${id.opB}`, { name: 'Dibajak', role: 'district_admin', village_id: '' }],
      [`/admin/pengguna/${id.opB}/nonaktifkan`, { confirm: 'ya' }],
      [`/admin/pengguna/${id.offB}/aktifkan`, {}],
      [`/admin/pengguna/${id.opB}/reset-sandi`, { confirm: 'ya' }],
      [`/admin/pengguna/${id.dinkominfo}/reset-sandi`, { confirm: 'ya' }],
    ] as const) {
      const res = await send(camat, A, path, body);
      expect(res.status).toBe(404);
      expect(res.text).not.toMatch(/<code>/);
    }
    expect(await allUsers()).toEqual(before);
    expect((await row(id.offB)).disabled_at).not.toBeNull();
    expect(await sessionsOf(id.opB)).toBe(1);
    expect((await opB.get('/admin').set('Host', B)).status).toBe(200);
  });

  test("A's session cookie does not log anyone in on B's host", async () => {
    const camat = await login(env.app, A, 'camat');
    const before = await row(id.opB);
    for (const path of ['/admin', '/admin/pengguna', `/admin/pengguna/${id.opB}/ubah`]) {
      const res = await camat.get(path).set('Host', B);
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(/^\/masuk/);
    }
    const res = await send(camat, B, `/admin/pengguna/${id.opB}/nonaktifkan`, { confirm: 'ya' }, '/masuk');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/masuk/);
    expect(await row(id.opB)).toEqual(before);
  });
});

describe('disabling and enabling', () => {
  test("a disabled user's session ends at once and they cannot log in until enabled", async () => {
    const camat = await login(env.app, A, 'camat');
    const op = await login(env.app, A, 'op.pagak');
    expect((await op.get('/admin').set('Host', A)).status).toBe(200);
    expect(await sessionsOf(id.pagak)).toBe(1);
    expect((await send(camat, A, `/admin/pengguna/${id.pagak}/nonaktifkan`, { confirm: 'ya' })).status).toBe(303);
    expect((await row(id.pagak)).disabled_at).not.toBeNull();
    expect(await sessionsOf(id.pagak)).toBe(0);
    const after = await op.get('/admin').set('Host', A);
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/^\/masuk/);
    expect((await tryLogin(A, 'op.pagak', PASSWORD)).status).toBe(401);
    expect(await auditFor('user.disabled', id.pagak)).toHaveLength(1);

    expect((await send(camat, A, `/admin/pengguna/${id.pagak}/aktifkan`, {})).status).toBe(303);
    expect((await row(id.pagak)).disabled_at).toBeNull();
    expect(await tryLogin(A, 'op.pagak', PASSWORD)).toMatchObject({ status: 302, location: '/admin' });
    expect(await auditFor('user.enabled', id.pagak)).toHaveLength(1);
  });

  test('a district admin cannot disable their own account', async () => {
    const camat = await login(env.app, A, 'camat');
    const res = await send(camat, A, `/admin/pengguna/${id.camat}/nonaktifkan`, { confirm: 'ya' });
    expect(res.status).toBe(303);
    expect((await camat.get('/admin/pengguna').set('Host', A)).text).toContain('Anda tidak dapat menonaktifkan akun Anda sendiri.');
    expect((await row(id.camat)).disabled_at).toBeNull();
    expect(await auditFor('user.disabled', id.camat)).toHaveLength(0);
  });
});

describe('creating users', () => {
  test('an operator is created with an issued password that must be changed at first login', async () => {
    const camat = await login(env.app, A, 'camat');
    const res = await send(
      camat,
      A,
      '/admin/pengguna',
      { name: 'Siti Sirkandi', username: 'operator.sirkandi', role: 'village_operator', village_id: String(v.sirkandi) },
      '/admin/pengguna/baru',
      '203.0.113.40',
    );
    expect(res.status).toBe(201);
    const password = issuedPassword(res.text);
    const [u] = await byName('operator.sirkandi');
    expect(u).toMatchObject({ district_id: dA, village_id: v.sirkandi, role: 'village_operator', must_change_password: 1, disabled_at: null, name: 'Siti Sirkandi' });
    expect(u.password_hash).not.toContain(password);
    expect(await verifyPassword(u.password_hash, password)).toBe(true);
    expect((await camat.get(`/admin/pengguna/${u.id}/ubah`).set('Host', A)).text).not.toContain(password);
    const [entry] = await auditFor('user.created', u.id);
    expect(entry).toMatchObject({ user_id: id.camat, username: 'camat', role: 'district_admin', district_id: dA, ip: '203.0.113.40', target_type: 'user' });
    expect(JSON.parse(entry.detail!)).toEqual({ username: 'operator.sirkandi', role: 'village_operator', village_id: v.sirkandi });

    const first = await tryLogin(A, 'operator.sirkandi', password);
    expect(first).toMatchObject({ status: 302, location: '/admin/akun/sandi' });
    for (const path of ['/admin', '/admin/pengguna', '/admin/pengguna/baru', '/admin/audit', `/admin/pengguna/${u.id}/ubah`]) {
      const page = await first.agent.get(path).set('Host', A);
      expect([page.status, page.headers.location]).toEqual([302, '/admin/akun/sandi']);
    }
    const fresh = 'Sawah-Hijau-Sirkandi-77';
    const changed = await send(first.agent, A, '/admin/akun/sandi', { current_password: password, new_password: fresh, confirm_password: fresh }, '/admin/akun/sandi');
    expect([changed.status, changed.headers.location]).toEqual([303, '/admin']);
    expect((await row(u.id)).must_change_password).toBe(0);
    expect((await first.agent.get('/admin').set('Host', A)).status).toBe(200);
  });

  test('the e-mail address is written by the insert that creates the account', async () => {
    const camat = await login(env.app, A, 'camat');
    const res = await send(camat, A, '/admin/pengguna', { name: 'Kasi Pem', username: 'kasi.pem', role: 'district_admin', village_id: '', email: 'kasi.pem@klampok.test' }, '/admin/pengguna/baru');
    expect(res.status).toBe(201);
    expect((await byName('kasi.pem'))[0]).toMatchObject({ email: 'kasi.pem@klampok.test', role: 'district_admin' });
    // The insert itself carries it (no second UPDATE that could be lost between the two).
    const uid = await insertAccount(env.db, {
      districtId: dA,
      villageId: null,
      username: 'kasi.trantib',
      name: 'Kasi Trantib',
      role: 'district_admin',
      password: PASSWORD,
      mustChange: true,
      email: 'trantib@klampok.test',
    });
    expect((await row(uid)).email).toBe('trantib@klampok.test');
  });

  test('the server decides the village: an admin gets none, an operator needs one', async () => {
    const camat = await login(env.app, A, 'camat');
    const admin = await send(camat, A, '/admin/pengguna', { name: 'Sekcam', username: 'sekcam', role: 'district_admin', village_id: String(v.pagak) });
    expect(admin.status).toBe(201);
    expect((await byName('sekcam'))[0]).toMatchObject({ role: 'district_admin', village_id: null, district_id: dA, must_change_password: 1 });
    const noVillage = await send(camat, A, '/admin/pengguna', { name: 'Tanpa Desa', username: 'tanpa.desa', role: 'village_operator', village_id: '' });
    expect(noVillage.status).toBe(400);
    expect(noVillage.text).toContain('Pilih desa/kelurahan untuk operator.');
    expect(await byName('tanpa.desa')).toHaveLength(0);
  });

  test('no superadmin and no mass assignment, on create or update', async () => {
    const camat = await login(env.app, A, 'camat');
    const before = await allUsers();
    const created = await auditActions(env.db, 'user.created');
    const base = { name: 'Penyusup', username: 'penyusup', role: 'village_operator', village_id: String(v.pagak) };
    const sa = await send(camat, A, '/admin/pengguna', { ...base, role: 'superadmin', village_id: '' });
    expect(sa.status).toBe(400);
    const extras: Record<string, string>[] = [
      { district_id: String(dB) },
      { must_change_password: '0' },
      { password_hash: 'x' },
      { password: 'Kopi-Jahe-Panas-2026' },
      { disabled_at: '2030-01-01 00:00:00' },
      { id: String(id.camat) },
      { last_login_at: '2026-01-01 00:00:00' },
    ];
    for (const extra of extras) {
      const res = await send(camat, A, '/admin/pengguna', { ...base, ...extra });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Formulir berisi isian yang tidak dikenal.');
      const upd = await send(camat, A, `/admin/pengguna/${id.kecitran}`, { name: 'Diubah', role: 'village_operator', village_id: String(v.kecitran), ...extra });
      expect(upd.status).toBe(400);
    }
    expect((await send(camat, A, `/admin/pengguna/${id.kecitran}`, { name: 'Diubah', role: 'superadmin', village_id: '' })).status).toBe(400);
    expect(await allUsers()).toEqual(before);
    expect(await auditActions(env.db, 'user.created')).toBe(created);
  });

  test('usernames are unique case-insensitively, also against superadmins, but per kecamatan', async () => {
    const camat = await login(env.app, A, 'camat');
    const body = { name: 'Operator X', role: 'village_operator', village_id: String(v.pagak) };
    expect((await send(camat, A, '/admin/pengguna', { ...body, username: 'operator.x' })).status).toBe(201);
    for (const username of ['Operator.X', ' OPERATOR.x ', 'dinkominfo']) {
      const res = await send(camat, A, '/admin/pengguna', { ...body, username });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Nama pengguna ini sudah dipakai.');
    }
    expect(await byName('operator.x')).toHaveLength(1);
    expect(await byName('dinkominfo')).toHaveLength(1);
    const camatB = await login(env.app, B, 'camat.susukan');
    expect((await send(camatB, B, '/admin/pengguna', { ...body, village_id: String(v.b), username: 'operator.x' })).status).toBe(201);
    expect((await byName('operator.x')).map((u) => u.district_id).sort()).toEqual([dA, dB].sort());
  });

  test('a name with markup is escaped on every page', async () => {
    const camat = await login(env.app, A, 'camat');
    const name = '<script>alert(1)</script>';
    const res = await send(camat, A, '/admin/pengguna', { name, username: 'nakal', role: 'village_operator', village_id: String(v.pagak) });
    expect(res.status).toBe(201);
    expect((await byName('nakal'))[0].name).toBe(name);
    const [u] = await byName('nakal');
    for (const page of [res, await camat.get('/admin/pengguna').set('Host', A), await camat.get(`/admin/pengguna/${u.id}/ubah`).set('Host', A)]) {
      expect(page.text).not.toContain('<script>alert(1)');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('changing users', () => {
  test('a password reset issues a new password, ends sessions and forces a change', async () => {
    const camat = await login(env.app, A, 'camat');
    const op = await login(env.app, A, 'op.kecitran');
    const oldHash = (await row(id.kecitran)).password_hash;
    const res = await send(camat, A, `/admin/pengguna/${id.kecitran}/reset-sandi`, { confirm: 'ya' }, `/admin/pengguna/${id.kecitran}/reset-sandi`);
    expect(res.status).toBe(200);
    const password = issuedPassword(res.text);
    const after = await row(id.kecitran);
    expect(after.password_hash).not.toBe(oldHash);
    expect(after.must_change_password).toBe(1);
    expect(await sessionsOf(id.kecitran)).toBe(0);
    expect((await op.get('/admin').set('Host', A)).headers.location).toMatch(/^\/masuk/);
    expect((await tryLogin(A, 'op.kecitran', PASSWORD)).status).toBe(401);
    expect(await tryLogin(A, 'op.kecitran', password)).toMatchObject({ status: 302, location: '/admin/akun/sandi' });
    expect(await auditFor('user.password_reset', id.kecitran)).toMatchObject([{ user_id: id.camat, district_id: dA }]);
  });

  test('moving an operator changes the village, is audited and ends their sessions; a foreign village is refused', async () => {
    const camat = await login(env.app, A, 'camat');
    await login(env.app, A, 'op.purwareja');
    const name = (await row(id.purwareja)).name;
    const moved = await send(camat, A, `/admin/pengguna/${id.purwareja}`, { name, role: 'village_operator', village_id: String(v.kalilandak) });
    expect([moved.status, moved.headers.location]).toEqual([303, '/admin/pengguna']);
    expect((await row(id.purwareja)).village_id).toBe(v.kalilandak);
    const audits = await auditFor('user.moved', id.purwareja);
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0].detail!)).toEqual({ village_id: [v.purwareja, v.kalilandak] });
    expect(await sessionsOf(id.purwareja)).toBe(0);

    const before = await row(id.purwareja);
    for (const village_id of [String(v.b), '999999', 'abc']) {
      const res = await send(camat, A, `/admin/pengguna/${id.purwareja}`, { name: 'Lain', role: 'village_operator', village_id });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Desa/kelurahan tidak ditemukan di kecamatan ini.');
    }
    expect(await row(id.purwareja)).toEqual(before);
    expect(await auditFor('user.moved', id.purwareja)).toHaveLength(1);
  });
});

describe('audit page', () => {
  test("the district admin sees only their kecamatan's entries; an operator gets 403", async () => {
    const camatB = await login(env.app, B, 'camat.susukan');
    expect((await send(camatB, B, `/admin/pengguna/${id.offB}/aktifkan`, {})).status).toBe(303);
    expect(await auditFor('user.enabled', id.offB)).toMatchObject([{ district_id: dB }]);
    const camat = await login(env.app, A, 'camat');
    const page = await camat.get('/admin/audit').set('Host', A);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<td data-label="Tindakan">Masuk</td>');
    expect(page.text).toContain(`<a href="/admin/pengguna/${id.camat}/ubah">`);
    expect(page.text).not.toContain('camat.susukan');
    expect(page.text).not.toContain(`/admin/pengguna/${id.offB}/`);
    const op = await login(env.app, A, 'op.kalilandak');
    expect((await op.get('/admin/audit').set('Host', A)).status).toBe(403);
  });
});
