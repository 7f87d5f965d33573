import request from 'supertest';
import { ACCOUNT_FREE, MAX_PER_ACCOUNT_IP } from '../../src/auth/throttle';
import { type Agent, PASSWORD, type TestEnv, addUser, createTestEnv, csrfFrom, provision, villageId } from '../support/app';

// Guesses of a password after login are throttled and audited like logins, and an account
// attacked from many IPs slows down everywhere except on the IPs its owner logs in from.
const HOST = 'klampok.test';
const OFFICE = '198.51.100.7';
let env: TestEnv;
let districtId: number;
const id: Record<string, number> = {};

beforeAll(async () => {
  env = await createTestEnv({ TRUST_PROXY: 'true' });
  ({ districtId } = await provision(env.db, '33.04.02', HOST));
  const pagak = await villageId(env.db, '33.04.02.2002');
  id.guessed = await addUser(env.db, { districtId, villageId: pagak, username: 'op.pagak', role: 'village_operator' });
  id.sprayed = await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
});
afterAll(() => env.close());

const auditRows = (action: string, userId: number) => env.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', String(userId)).orderBy('id').execute();

async function loginFrom(ip: string, username: string, password: string, agent: Agent = request.agent(env.app)) {
  const page = await agent.get('/masuk').set('Host', HOST);
  const res = await agent
    .post('/masuk')
    .set('Host', HOST)
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password });
  return { agent, res };
}

describe('the current password at /admin/akun/sandi', () => {
  test('wrong guesses are audited, then throttled like logins, even the right password', async () => {
    const { agent, res } = await loginFrom(OFFICE, 'op.pagak', PASSWORD);
    expect(res.status).toBe(302);
    const change = async (current: string) => {
      const page = await agent.get('/admin/akun/sandi').set('Host', HOST);
      return agent
        .post('/admin/akun/sandi')
        .set('Host', HOST)
        .set('X-Forwarded-For', OFFICE)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), current_password: current, new_password: 'Gula-Aren-Pagak-2026', confirm_password: 'Gula-Aren-Pagak-2026' });
    };
    const statuses: number[] = [];
    for (let i = 0; i < MAX_PER_ACCOUNT_IP + 1; i++) statuses.push((await change(`tebakan-${i}-xxxx`)).status);
    expect(statuses).toEqual([...Array(MAX_PER_ACCOUNT_IP).fill(400), 429]);
    const right = await change(PASSWORD);
    expect(right.status).toBe(429);
    expect(right.text).toContain('Terlalu banyak percobaan');

    const failed = await auditRows('password.failed', id.guessed);
    expect(failed).toHaveLength(MAX_PER_ACCOUNT_IP);
    expect(failed[0]).toMatchObject({ user_id: id.guessed, role: 'village_operator', district_id: districtId, ip: OFFICE, target_type: 'user' });
    expect(JSON.parse(failed[0].detail!)).toEqual({ purpose: 'password_change' });
    expect(await auditRows('password.throttled', id.guessed)).toHaveLength(2);
    // The password did not change.
    const after = await loginFrom('192.0.2.44', 'op.pagak', PASSWORD);
    expect(after.res.status).toBe(302);
  });
});

describe('an account guessed at from many IPs', () => {
  test('slows down for every new IP, but its owner still logs in from an IP they used before', async () => {
    expect((await loginFrom(OFFICE, 'camat', PASSWORD)).res.status).toBe(302);

    // Each IP stays under its own limits; together they pass the account's free failures.
    for (let i = 1; i <= ACCOUNT_FREE; i++) {
      expect((await loginFrom(`203.0.113.${i}`, 'camat', `tebakan-${i}-xxxx`)).res.status).toBe(401);
    }
    const attacker = await loginFrom('203.0.113.200', 'camat', `tebakan-lagi-xxxx`);
    expect(attacker.res.status).toBe(429);
    // A new IP waits even with the right password; nothing it sends is checked or counted.
    const stranger = await loginFrom('203.0.113.201', 'camat', PASSWORD);
    expect(stranger.res.status).toBe(429);
    expect(stranger.res.text).toContain('Terlalu banyak percobaan');
    const throttled = await auditRows('login.throttled', id.sprayed);
    expect(throttled.map((r) => [r.ip, JSON.parse(r.detail!).scope])).toEqual([
      ['203.0.113.200', 'account'],
      ['203.0.113.201', 'account'],
    ]);
    const failures = await env.db.selectFrom('login_attempts').select('ip').where('user_id', '=', id.sprayed).execute();
    expect(failures).toHaveLength(ACCOUNT_FREE);

    const owner = await loginFrom(OFFICE, 'camat', PASSWORD);
    expect([owner.res.status, owner.res.headers.location]).toEqual([302, '/admin']);
    expect((await owner.agent.get('/admin').set('Host', HOST)).status).toBe(200);
    expect(await env.db.selectFrom('login_known_ips').select('ip').where('user_id', '=', id.sprayed).execute()).toEqual([{ ip: OFFICE }]);
  });
});

describe('a name nobody has', () => {
  test('sprayed from many IPs, slows down exactly like a real account, so answers do not tell which names exist', async () => {
    const spray = async (username: string, net: string) => {
      const statuses: number[] = [];
      for (let i = 1; i <= ACCOUNT_FREE + 1; i++) statuses.push((await loginFrom(`${net}.${i}`, username, `tebakan-${i}-xxxx`)).res.status);
      return statuses;
    };
    await addUser(env.db, { districtId, villageId: await villageId(env.db, '33.04.02.2006'), username: 'op.kalilandak', role: 'village_operator' });
    const real = await spray('op.kalilandak', '192.0.2');
    const unknown = await spray('tidak.ada', '198.18.0');
    expect(real).toEqual([...Array(ACCOUNT_FREE).fill(401), 429]);
    expect(unknown).toEqual(real);
  });
});
