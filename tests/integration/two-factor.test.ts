import request from 'supertest';
import { MAX_PER_ACCOUNT_IP } from '../../src/auth/throttle';
import { PERIOD, codeAt } from '../../src/auth/totp';
import { type Agent, PASSWORD, type TestEnv, addUser, auditActions, createTestEnv, csrfFrom, login, provision, villageId } from '../support/app';
import { awayFromStepEdge } from '../support/step-clock';

// The TOTP second factor on both dialects: enrolment, the login code step, replay, drift, recovery
// codes, throttling, the policy and the reset by the camat office.
const HOST = 'klampok.test';
let env: TestEnv;
let districtId: number;
const id: Record<string, number> = {};

beforeAll(async () => {
  env = await createTestEnv({ TRUST_PROXY: 'true' });
  ({ districtId } = await provision(env.db, '33.04.02', HOST));
  const kalilandak = await villageId(env.db, '33.04.02.2006');
  id.camat = await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
  id.camat2 = await addUser(env.db, { districtId, username: 'camat.dua', role: 'district_admin' });
  id.op = await addUser(env.db, { districtId, villageId: kalilandak, username: 'op.satu', role: 'village_operator' });
  id.op2 = await addUser(env.db, { districtId, villageId: kalilandak, username: 'op.dua', role: 'village_operator' });
  id.dinkominfo = await addUser(env.db, { districtId: null, username: 'dinkominfo', role: 'superadmin', twoFactor: false });
});
afterAll(() => env.close());

const step = () => Math.floor(Date.now() / 1000 / PERIOD);
const codeOf = (secret: string, s: number) => codeAt(secret, s * PERIOD + 1);
const totp = (userId: number) => env.db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
const forgetUsedSteps = (userId: number) => env.db.updateTable('user_totp').set({ last_step: null }).where('user_id', '=', userId).execute();
const audits = (action: string, userId: number) => env.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', String(userId)).orderBy('id').execute();

async function post(agent: Agent, path: string, form: Record<string, string>, ip?: string) {
  const page = await agent.get(path.startsWith('/masuk') ? path : '/admin/akun/2fa').set('Host', HOST);
  const req = agent.post(path).set('Host', HOST).type('form');
  if (ip) req.set('X-Forwarded-For', ip);
  return req.send({ _csrf: csrfFrom(page.text), ...form });
}

/** The password step: the agent ends on /masuk/kode, not logged in. */
async function passwordStep(username: string, ip = '192.0.2.10'): Promise<Agent> {
  const agent = request.agent(env.app);
  const page = await agent.get('/masuk').set('Host', HOST);
  const res = await agent
    .post('/masuk')
    .set('Host', HOST)
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password: PASSWORD });
  expect([res.status, res.headers.location]).toEqual([302, '/masuk/kode']);
  return agent;
}

async function enrol(agent: Agent, userId: number): Promise<{ secret: string; codes: string[] }> {
  expect((await post(agent, '/admin/akun/2fa/mulai', {})).status).toBe(303);
  const page = await agent.get('/admin/akun/2fa').set('Host', HOST);
  const secret = page.text.match(/otpauth:\/\/totp\/[^"]*secret=([A-Z2-7]+)/)![1];
  awayFromStepEdge();
  const res = await post(agent, '/admin/akun/2fa/aktifkan', { code: codeOf(secret, step()) });
  expect(res.status).toBe(200);
  const codes = [...res.text.matchAll(/<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code>/g)].map((m) => m[1]);
  expect((await totp(userId))?.secret).toBe(secret);
  return { secret, codes };
}

const state: { secret: string; codes: string[] } = { secret: '', codes: [] };
const secretOf: Record<string, string> = {};

/** Both steps, for an account enrolled in this file. */
async function loginWithCode(username: 'camat'): Promise<Agent> {
  await forgetUsedSteps(id[username]);
  const agent = await passwordStep(username);
  awayFromStepEdge();
  expect((await post(agent, '/masuk/kode', { code: codeOf(secretOf[username], step()) })).status).toBe(302);
  return agent;
}

describe('enrolment', () => {
  test('shows the QR code and the otpauth URI; the secret is not active until its first code is confirmed', async () => {
    const agent = await login(env.app, HOST, 'op.satu');
    expect((await agent.get('/admin/akun/2fa').set('Host', HOST)).text).toContain('Mulai aktifkan');
    expect((await post(agent, '/admin/akun/2fa/mulai', {})).status).toBe(303);
    const page = await agent.get('/admin/akun/2fa').set('Host', HOST);
    expect(page.text).toContain('<svg');
    expect(page.text).toContain('name="code"');
    const uri = page.text.match(/value="(otpauth:\/\/totp\/[^"]+)"/)![1].replace(/&amp;/g, '&');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Pendopo:op\.satu%40.+\?secret=[A-Z2-7]{32}&.*issuer=Pendopo/);
    const secret = uri.match(/secret=([A-Z2-7]+)/)![1];
    expect(await totp(id.op)).toMatchObject({ secret: null, pending_secret: secret, enabled_at: null });

    // Pending: the password alone still logs in, in one step.
    const other = await login(env.app, HOST, 'op.satu');
    expect((await other.get('/admin').set('Host', HOST)).status).toBe(200);

    const failedBefore = await auditActions(env.db, 'two_factor.failed');
    const wrong = await post(agent, '/admin/akun/2fa/aktifkan', { code: codeOf(secret, step() - 3) });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Kode salah');
    expect(await auditActions(env.db, 'two_factor.failed')).toBe(failedBefore + 1);
    expect((await totp(id.op))?.secret).toBeNull();

    awayFromStepEdge();
    const ok = await post(agent, '/admin/akun/2fa/aktifkan', { code: codeOf(secret, step()) });
    expect(ok.status).toBe(200);
    const codes = [...ok.text.matchAll(/<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code>/g)].map((m) => m[1]);
    expect(new Set(codes).size).toBe(10);
    expect(await totp(id.op)).toMatchObject({ secret, pending_secret: null, last_step: expect.any(Number) });
    const stored = await env.db.selectFrom('recovery_codes').select(['code_hash', 'used_at']).where('user_id', '=', id.op).execute();
    expect(stored).toHaveLength(10);
    for (const r of stored) {
      expect(r.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(codes.map((c) => c.replace(/-/g, ''))).not.toContain(r.code_hash);
      expect(r.used_at).toBeNull();
    }
    expect(await audits('two_factor.enabled', id.op)).toHaveLength(1);
    // The session that only had the password ends; this one continues.
    expect((await other.get('/admin').set('Host', HOST)).status).toBe(302);
    expect((await agent.get('/admin').set('Host', HOST)).status).toBe(200);
    Object.assign(state, { secret, codes });
  });
});

describe('login with a code', () => {
  test('after the password the session is not logged in; the right code logs in, audited', async () => {
    await forgetUsedSteps(id.op);
    const sessionsOf = async () => (await env.db.selectFrom('sessions').select('sid').where('user_id', '=', id.op).execute()).length;
    const before = await sessionsOf();
    const agent = await passwordStep('op.satu');
    const page = await agent.get('/admin').set('Host', HOST);
    expect([page.status, page.headers.location]).toEqual([302, '/masuk?next=%2Fadmin']);
    expect(await sessionsOf()).toBe(before);

    awayFromStepEdge();
    const res = await post(agent, '/masuk/kode', { code: codeOf(state.secret, step()) });
    expect([res.status, res.headers.location]).toEqual([302, '/admin']);
    expect((await agent.get('/admin').set('Host', HOST)).status).toBe(200);
    const last = (await audits('login.succeeded', id.op)).at(-1)!;
    expect(JSON.parse(last.detail!)).toEqual({ second_factor: 'totp' });
    expect(await audits('login.password_ok', id.op)).not.toHaveLength(0);
  });

  test('a code is accepted once: the same code again, or an older one, is refused', async () => {
    await forgetUsedSteps(id.op);
    awayFromStepEdge();
    const s = step();
    const first = await post(await passwordStep('op.satu'), '/masuk/kode', { code: codeOf(state.secret, s) });
    expect(first.status).toBe(302);
    for (const code of [codeOf(state.secret, s), codeOf(state.secret, s - 1)]) {
      const again = await post(await passwordStep('op.satu'), '/masuk/kode', { code });
      expect(again.status).toBe(401);
      expect(again.text).toContain('sudah pernah dipakai');
    }
  });

  test.each([
    [-1, 302],
    [1, 302],
    [-2, 401],
    [2, 401],
  ])('a code %i step(s) away answers %i', async (offset, status) => {
    await forgetUsedSteps(id.op);
    const agent = await passwordStep('op.satu');
    awayFromStepEdge();
    const res = await post(agent, '/masuk/kode', { code: codeOf(state.secret, step() + offset) });
    expect(res.status).toBe(status);
  });

  test('a recovery code logs in once, typed in any case and with or without dashes', async () => {
    const [first, second] = state.codes;
    const agent = await passwordStep('op.satu');
    const res = await post(agent, '/masuk/kode', { code: first });
    expect(res.status).toBe(302);
    expect((await agent.get('/admin').set('Host', HOST)).text).toContain('Sisa kode pemulihan: 9');
    expect(JSON.parse((await audits('login.succeeded', id.op)).at(-1)!.detail!)).toEqual({ second_factor: 'recovery' });
    expect((await post(await passwordStep('op.satu'), '/masuk/kode', { code: first })).status).toBe(401);
    expect((await post(await passwordStep('op.satu'), '/masuk/kode', { code: second.replace(/-/g, '').toUpperCase() })).status).toBe(302);
    const used = await env.db.selectFrom('recovery_codes').select('id').where('user_id', '=', id.op).where('used_at', 'is not', null).execute();
    expect(used).toHaveLength(2);
  });

  test('wrong codes are throttled like passwords and audited; then even the right code waits', async () => {
    const ip = '198.51.100.77';
    const agent = await passwordStep('op.satu', ip);
    const statuses: number[] = [];
    for (let i = 0; i < MAX_PER_ACCOUNT_IP + 2; i++) statuses.push((await post(agent, '/masuk/kode', { code: String(100000 + i) }, ip)).status);
    expect(statuses).toEqual([...Array(MAX_PER_ACCOUNT_IP).fill(401), 429, 429]);
    await forgetUsedSteps(id.op);
    const right = await post(agent, '/masuk/kode', { code: codeOf(state.secret, step()) }, ip);
    expect(right.status).toBe(429);
    expect(right.text).toContain('Terlalu banyak kode yang salah');
    const failed = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'two_factor.failed').where('ip', '=', ip).execute();
    expect(failed).toHaveLength(MAX_PER_ACCOUNT_IP);
    expect(failed[0]).toMatchObject({ user_id: id.op, target_type: 'user', target_id: String(id.op), district_id: districtId });
    expect(JSON.parse(failed[0].detail!)).toEqual({ purpose: 'login' });
    const throttled = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'two_factor.throttled').where('ip', '=', ip).execute();
    expect(throttled).toHaveLength(3);
    // Another IP (the owner's office) is not locked out.
    expect((await post(await passwordStep('op.satu'), '/masuk/kode', { code: codeOf(state.secret, step()) })).status).toBe(302);
  });

  test('the code step expires with the session that holds it and cannot be reached without a password', async () => {
    const res = await request(env.app).get('/masuk/kode').set('Host', HOST);
    expect([res.status, res.headers.location]).toEqual([302, '/masuk']);
  });
});

describe('policy', () => {
  test('a superadmin without a second factor can do nothing but enrol', async () => {
    const agent = await login(env.app, HOST, 'dinkominfo');
    for (const path of ['/admin', '/admin/pengguna', '/admin/pengaturan', '/admin/berita']) {
      const r = await agent.get(path).set('Host', HOST);
      expect([r.status, r.headers.location]).toEqual([302, '/admin/akun/2fa']);
    }
    expect((await agent.get('/admin/akun/2fa').set('Host', HOST)).text).toContain('wajib memakai verifikasi dua langkah');
    await enrol(agent, id.dinkominfo);
    expect((await agent.get('/admin/pengguna').set('Host', HOST)).status).toBe(200);
    const disable = await post(agent, '/admin/akun/2fa/nonaktifkan', { password: PASSWORD, code: '000000' });
    expect(disable.status).toBe(400);
    expect(disable.text).toContain('tidak dapat dimatikan');
  });

  test('the settings require it of the camat office at once, and of operators only when ticked', async () => {
    const camat = await login(env.app, HOST, 'camat');
    const op = await login(env.app, HOST, 'op.dua');
    const form = await camat.get('/admin/pengaturan').set('Host', HOST);
    expect(form.text).toContain('name="two_factor_admins"');
    const res = await camat
      .post('/admin/pengaturan')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), blocked_terms: '', two_factor_admins: '1' });
    expect(res.status).toBe(303);
    const row = await env.db.selectFrom('districts').select(['two_factor_admins', 'two_factor_operators']).where('id', '=', districtId).executeTakeFirstOrThrow();
    expect(row).toEqual({ two_factor_admins: 1, two_factor_operators: 0 });
    const audit = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.two_factor').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toEqual({ before: { admins: false, operators: false }, after: { admins: true, operators: false } });

    for (const agent of [camat, await login(env.app, HOST, 'camat.dua')]) {
      const r = await agent.get('/admin').set('Host', HOST);
      expect([r.status, r.headers.location]).toEqual([302, '/admin/akun/2fa']);
    }
    expect((await op.get('/admin').set('Host', HOST)).status).toBe(200);
    secretOf.camat = (await enrol(camat, id.camat)).secret;
    expect((await camat.get('/admin').set('Host', HOST)).status).toBe(200);
  });
});

describe('disable, re-enrol and reset', () => {
  test('turning it off needs the password and a current code, each checked and audited', async () => {
    const agent = await login(env.app, HOST, 'op.dua');
    const { secret } = await enrol(agent, id.op2);
    await forgetUsedSteps(id.op2);
    const wrongPassword = await post(agent, '/admin/akun/2fa/nonaktifkan', { password: 'bukan-sandinya-123', code: codeOf(secret, step()) });
    expect(wrongPassword.status).toBe(400);
    expect(JSON.parse((await audits('password.failed', id.op2))[0].detail!)).toEqual({ purpose: '2fa_disable' });
    expect((await post(agent, '/admin/akun/2fa/nonaktifkan', { password: PASSWORD, code: '000000' })).status).toBe(400);
    expect((await totp(id.op2))?.secret).toBe(secret);
    awayFromStepEdge();
    expect((await post(agent, '/admin/akun/2fa/nonaktifkan', { password: PASSWORD, code: codeOf(secret, step()) })).status).toBe(303);
    expect(await totp(id.op2)).toBeUndefined();
    expect(await audits('two_factor.disabled', id.op2)).toHaveLength(1);
  });

  test('re-enrolling keeps the old secret until the new one is confirmed', async () => {
    const agent = await login(env.app, HOST, 'op.dua');
    const { secret } = await enrol(agent, id.op2);
    expect((await post(agent, '/admin/akun/2fa/mulai', { password: PASSWORD, code: '000000' })).status).toBe(400);
    await forgetUsedSteps(id.op2);
    awayFromStepEdge();
    expect((await post(agent, '/admin/akun/2fa/mulai', { password: PASSWORD, code: codeOf(secret, step()) })).status).toBe(303);
    const row = await totp(id.op2);
    expect(row?.secret).toBe(secret);
    expect(row?.pending_secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(row?.pending_secret).not.toBe(secret);
    await forgetUsedSteps(id.op2);
    expect((await post(await passwordStep('op.dua'), '/masuk/kode', { code: codeOf(secret, step()) })).status).toBe(302);
  });

  test('the camat office resets an operator: second factor gone, sessions ended, audited', async () => {
    const camat = await loginWithCode('camat');
    await forgetUsedSteps(id.op);
    const operator = await passwordStep('op.satu');
    awayFromStepEdge();
    expect((await post(operator, '/masuk/kode', { code: codeOf(state.secret, step()) })).status).toBe(302);
    expect((await operator.get('/admin').set('Host', HOST)).status).toBe(200);

    const edit = await camat.get(`/admin/pengguna/${id.op}/ubah`).set('Host', HOST);
    expect(edit.text).toContain(`/admin/pengguna/${id.op}/reset-2fa`);
    const res = await camat
      .post(`/admin/pengguna/${id.op}/reset-2fa`)
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(edit.text), confirm: 'ya' });
    expect(res.status).toBe(303);
    expect(await totp(id.op)).toBeUndefined();
    expect(await env.db.selectFrom('recovery_codes').select('id').where('user_id', '=', id.op).execute()).toHaveLength(0);
    expect(await env.db.selectFrom('sessions').select('sid').where('user_id', '=', id.op).execute()).toHaveLength(0);
    const after = await operator.get('/admin').set('Host', HOST);
    expect([after.status, after.headers.location]).toEqual([302, '/masuk?next=%2Fadmin']);
    expect(await audits('user.two_factor_reset', id.op)).toMatchObject([{ user_id: id.camat, district_id: districtId }]);
    // Back to the password alone (operators are not required to enrol here).
    expect((await (await login(env.app, HOST, 'op.satu')).get('/admin').set('Host', HOST)).status).toBe(200);
  });

  test('nobody resets their own here, and an operator resets nobody', async () => {
    const camat = await loginWithCode('camat');
    const edit = await camat.get(`/admin/pengguna/${id.camat}/ubah`).set('Host', HOST);
    await camat
      .post(`/admin/pengguna/${id.camat}/reset-2fa`)
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(edit.text), confirm: 'ya' });
    expect((await totp(id.camat))?.secret).toBeTruthy();
    const op = await login(env.app, HOST, 'op.satu');
    const page = await op.get('/admin').set('Host', HOST);
    const denied = await op
      .post(`/admin/pengguna/${id.op2}/reset-2fa`)
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), confirm: 'ya' });
    expect(denied.status).toBe(403);
    expect((await totp(id.op2))?.secret).toBeTruthy();
  });
});
