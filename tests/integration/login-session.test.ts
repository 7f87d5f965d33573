// Opening the login page stores no session: its form's CSRF token comes in a signed cookie. The
// login POST is still protected: without the token, without the cookie, or with another browser's
// cookie it is refused and nobody is logged in.
import request from 'supertest';
import { type TestEnv, PASSWORD, createTestEnv, csrfFrom } from '../support/app';
import { HOST, contentWorld } from '../support/content';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
});
afterAll(() => env.close());

const sessions = async () =>
  Number(
    (
      await env.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const loggedIn = async () =>
  Number(
    (
      await env.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', 'is not', null)
        .executeTakeFirstOrThrow()
    ).n,
  );
const cookieNames = (res: request.Response) => ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.slice(0, c.indexOf('=')));
const credentials = { username: 'op.kalilandak', password: PASSWORD };

test('anonymous GETs of the login page store no session, set no session cookie, and keep one token', async () => {
  const before = await sessions();
  const browser = request.agent(env.app);
  const first = await browser.get('/masuk').set('Host', HOST);
  expect(first.status).toBe(200);
  expect(cookieNames(first)).toEqual(['pendopo.csrf']);
  const token = csrfFrom(first.text);
  for (let i = 0; i < 3; i++) {
    const again = await browser.get('/masuk').set('Host', HOST);
    expect(csrfFrom(again.text)).toBe(token);
    expect(cookieNames(again)).toEqual([]);
  }
  await Promise.all(Array.from({ length: 5 }, () => request(env.app).get('/masuk').set('Host', HOST)));
  expect(await sessions()).toBe(before);

  const res = await browser
    .post('/masuk')
    .set('Host', HOST)
    .type('form')
    .send({ _csrf: token, ...credentials });
  expect(res.status).toBe(302);
  expect(cookieNames(res)).toContain('pendopo.sid');
  expect(await loggedIn()).toBe(1);
});

test('a forged login POST is refused and logs nobody in', async () => {
  const before = await loggedIn();
  const victim = request.agent(env.app);
  const victimToken = csrfFrom((await victim.get('/masuk').set('Host', HOST)).text);
  const attacker = request.agent(env.app);
  const attackerToken = csrfFrom((await attacker.get('/masuk').set('Host', HOST)).text);
  expect(attackerToken).not.toBe(victimToken);

  const forged = [
    // No token at all, the browser's cookie sent along.
    victim.post('/masuk').set('Host', HOST).set('Origin', 'http://evil.test').type('form').send(credentials),
    // A token without the cookie (a cross-site POST does not carry a SameSite=Lax cookie).
    request(env.app)
      .post('/masuk')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: victimToken, ...credentials }),
    // The attacker's own token against the victim's cookie.
    victim
      .post('/masuk')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: attackerToken, ...credentials }),
    // A cookie made up without the secret.
    request(env.app)
      .post('/masuk')
      .set('Host', HOST)
      .set('Cookie', 'pendopo.csrf=abc.def')
      .type('form')
      .send({ _csrf: 'abc', ...credentials }),
  ];
  for (const res of await Promise.all(forged)) {
    expect(res.status).toBe(403);
    expect(res.text).not.toContain(PASSWORD);
  }
  expect(await loggedIn()).toBe(before);
});

test('a wrong password re-renders the form with the same token and stores no session', async () => {
  const before = await sessions();
  const browser = request.agent(env.app);
  const token = csrfFrom((await browser.get('/masuk').set('Host', HOST)).text);
  const res = await browser.post('/masuk').set('Host', HOST).type('form').send({ _csrf: token, username: 'op.kalilandak', password: 'salah-sekali' });
  expect(res.status).toBe(401);
  expect(csrfFrom(res.text)).toBe(token);
  expect(await sessions()).toBe(before);
});
