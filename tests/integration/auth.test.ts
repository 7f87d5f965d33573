import request from 'supertest';
import { MAX_PER_ACCOUNT_IP } from '../../src/auth/throttle';
import { PASSWORD, type TestEnv, addUser, auditActions, createTestEnv, csrfFrom, csrfOf, login, provision, villageId } from '../support/app';

const HOST = 'klampok.test';
let env: TestEnv;
let districtId: number;

beforeAll(async () => {
  env = await createTestEnv();
  ({ districtId } = await provision(env.db, '33.04.02', HOST));
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
  await addUser(env.db, { districtId, villageId: await villageId(env.db, '33.04.02.2006'), username: 'operator.kalilandak', role: 'village_operator' });
});
afterAll(() => env.close());

const sentCookie = (res: request.Response, name: string) =>
  ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];
const sessionCookie = (res: request.Response) => sentCookie(res, 'pendopo.sid');

describe('login', () => {
  test('a correct login redirects into the workspace, changes the session id and is audited', async () => {
    // The login page stores no session; an anonymous one (a logout's flash message) must not survive the login.
    const out = await login(env.app, HOST, 'operator.kalilandak');
    const left = await out
      .post('/keluar')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom((await out.get('/admin').set('Host', HOST)).text) });
    const before = sessionCookie(left)!;
    const page = await request(env.app).get('/masuk').set('Host', HOST).set('Cookie', before);
    expect(page.text).toContain('Anda telah keluar.');
    const res = await request(env.app)
      .post('/masuk')
      .set('Host', HOST)
      .set('Cookie', [before, sentCookie(page, 'pendopo.csrf')!])
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'CAMAT', password: PASSWORD });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin');
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const sid = decodeURIComponent(after!.split('=')[1]).slice(2).split('.')[0];
    const row = await env.db.selectFrom('sessions').select(['user_id']).where('sid', '=', sid).executeTakeFirstOrThrow();
    expect(row.user_id).not.toBeNull();
    expect((await request(env.app).get('/admin').set('Host', HOST).set('Cookie', after!)).status).toBe(200);
    expect((await request(env.app).get('/admin').set('Host', HOST).set('Cookie', before)).status).toBe(302);
  });

  test('unknown user and wrong password get the same message', async () => {
    const agent = request.agent(env.app);
    const token = await csrfOf(agent, HOST);
    const unknown = await agent.post('/masuk').set('Host', HOST).type('form').send({ _csrf: token, username: 'nobody', password: 'whatever-123456' });
    const wrong = await agent.post('/masuk').set('Host', HOST).type('form').send({ _csrf: token, username: 'camat', password: 'whatever-123456' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.text).toContain('Nama pengguna atau kata sandi salah.');
    expect(wrong.text).toContain('Nama pengguna atau kata sandi salah.');
    expect(await auditActions(env.db, 'login.failed')).toBeGreaterThanOrEqual(2);
  });

  test('a POST without a CSRF token is refused and changes nothing', async () => {
    const before = await env.db.selectFrom('users').select('id').execute();
    const res = await request(env.app).post('/masuk').set('Host', HOST).type('form').send({ username: 'camat', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir sudah kedaluwarsa');
    const agent = await login(env.app, HOST, 'camat');
    const create = await agent.post('/admin/pengguna').set('Host', HOST).type('form').send({ name: 'Siluman', username: 'siluman', role: 'district_admin' });
    expect(create.status).toBe(403);
    expect(await env.db.selectFrom('users').select('id').execute()).toHaveLength(before.length);
  });

  test.each(['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)'])('?next=%s lands on a local page', async (next) => {
    const agent = request.agent(env.app);
    const page = await agent.get(`/masuk?next=${encodeURIComponent(next)}`).set('Host', HOST);
    const res = await agent
      .post(`/masuk?next=${encodeURIComponent(next)}`)
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'camat', password: PASSWORD, next });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin');
  });

  test('a local ?next= is honoured', async () => {
    const agent = request.agent(env.app);
    const page = await agent.get('/masuk?next=/admin/pengguna').set('Host', HOST);
    expect(page.text).toContain('value="/admin/pengguna"');
    const res = await agent
      .post('/masuk')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'camat', password: PASSWORD, next: '/admin/pengguna' });
    expect(res.headers.location).toBe('/admin/pengguna');
  });

  test('logout is a POST and ends the session', async () => {
    const agent = await login(env.app, HOST, 'camat');
    expect((await agent.get('/keluar').set('Host', HOST)).status).toBe(404);
    const page = await agent.get('/admin').set('Host', HOST);
    const res = await agent
      .post('/keluar')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(302);
    const after = await agent.get('/admin').set('Host', HOST);
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/^\/masuk/);
  });
});

describe('throttling', () => {
  test('twenty wrong passwords are throttled, even the right one then; other IPs are not locked out', async () => {
    const agent = request.agent(env.app);
    const token = await csrfOf(agent, HOST);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await agent
        .post('/masuk')
        .set('Host', HOST)
        .set('X-Forwarded-For', '203.0.113.9')
        .type('form')
        .send({ _csrf: token, username: 'operator.kalilandak', password: `salah-${i}-xxxxxxx` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, MAX_PER_ACCOUNT_IP)).toEqual(Array(MAX_PER_ACCOUNT_IP).fill(401));
    expect(statuses.slice(MAX_PER_ACCOUNT_IP)).toEqual(Array(20 - MAX_PER_ACCOUNT_IP).fill(429));
    const right = await agent.post('/masuk').set('Host', HOST).type('form').send({ _csrf: token, username: 'operator.kalilandak', password: PASSWORD });
    expect(right.status).toBe(429);
    expect(right.text).toContain('Terlalu banyak percobaan');
    expect(await auditActions(env.db, 'login.throttled')).toBeGreaterThan(0);
  });
});
