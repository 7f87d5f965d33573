import type { SessionData } from 'express-session';
import request from 'supertest';
import { t } from '../../src/i18n';
import { KEPT_READ_MS } from '../../src/http/session-read';
import { type TestEnv, addUser, csrfFrom, login, pagakOperator } from '../support/app';

// A logged-in reader's GET of a public page is served with the session read but without
// express-session and passport (src/http/session-read.ts); every case in which such a request
// changes the session must still go the full way and change it.
const HOST = 'klampok.test';
let env: TestEnv;
let operatorId: number;

beforeAll(async () => {
  let districtId: number;
  ({ env, districtId, operatorId } = await pagakOperator(HOST));
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
});
afterAll(() => env.close());
afterEach(() => jest.restoreAllMocks());
beforeEach(async () => {
  await env.db.deleteFrom('sessions').execute();
  await env.db.updateTable('users').set({ disabled_at: null }).where('id', '=', operatorId).execute();
});

const row = () => env.db.selectFrom('sessions').select(['sid', 'data', 'expires_at', 'user_id']).executeTakeFirst();
const dataOf = async () => JSON.parse((await row())!.data) as SessionData & { passport?: { user?: unknown } };
const loggedIn = (html: string) => html.includes('action="/keluar"');
const tokenOf = (html: string) => /action="\/keluar"[^>]*><input type="hidden" name="_csrf" value="([^"]+)"/.exec(html)?.[1];
const sessionCookie = (res: request.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('pendopo.sid='));

test('a public page read logged in shows the account and changes nothing of the session', async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  const before = await row();
  for (const path of ['/berita', '/desa', '/']) {
    const page = await operator.get(path).set('Host', HOST);
    expect(page.status).toBe(200);
    expect(loggedIn(page.text)).toBe(true);
    expect(sessionCookie(page)).toBeUndefined();
  }
  expect(await row()).toEqual(before);
});

test("the logout form of a public page carries the session's token, and logs out", async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  const page = await operator.get('/berita').set('Host', HOST);
  const token = tokenOf(page.text);
  expect(token).toBeDefined();
  const out = await operator.post('/keluar').set('Host', HOST).type('form').send({ _csrf: token });
  expect(out.status).toBe(302);
  expect(await env.db.selectFrom('sessions').select('sid').where('user_id', '=', operatorId).execute()).toEqual([]);
  expect(loggedIn((await operator.get('/berita').set('Host', HOST)).text)).toBe(false);
});

test('a flash waiting in the session is shown once on a public page, then removed from the row', async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  const { sid, data } = (await row())!;
  const flash: SessionData['flash'] = [{ type: 'success', text: 'Produk disimpan dari tab lain' }];
  await env.db
    .updateTable('sessions')
    .set({ data: JSON.stringify({ ...JSON.parse(data), flash }) })
    .where('sid', '=', sid)
    .execute();

  const shown = await operator.get('/berita').set('Host', HOST);
  expect(shown.status).toBe(200);
  expect(shown.text).toContain('Produk disimpan dari tab lain');
  expect((await dataOf()).flash).toBeUndefined();
  const next = await operator.get('/berita').set('Host', HOST);
  expect(next.text).not.toContain('Produk disimpan dari tab lain');
  expect(loggedIn(next.text)).toBe(true);
});

test.each([
  ['a disabled account', () => env.db.updateTable('users').set({ disabled_at: '2026-01-01 00:00:00' }).where('id', '=', operatorId).execute()],
  [
    'a bumped epoch',
    () =>
      env.db
        .updateTable('users')
        .set((eb) => ({ session_epoch: eb('session_epoch', '+', 1) }))
        .where('id', '=', operatorId)
        .execute(),
  ],
])('after %s a public page is read anonymous and the login is dropped from the session', async (_, change) => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  expect((await dataOf()).passport?.user).toBeDefined();
  await change();
  const page = await operator.get('/berita').set('Host', HOST);
  expect(page.status).toBe(200);
  expect(loggedIn(page.text)).toBe(false);
  expect((await dataOf()).passport?.user).toBeUndefined();
  expect((await row())!.user_id).toBeNull();
});

test('a session deleted meanwhile (logged out in another tab) reads anonymous and is not stored again', async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  await env.db.deleteFrom('sessions').execute();
  const page = await operator.get('/berita').set('Host', HOST);
  expect(page.status).toBe(200);
  expect(loggedIn(page.text)).toBe(false);
  expect(await env.db.selectFrom('sessions').select('sid').execute()).toEqual([]);
});

test('a session cookie whose signature does not match is no login', async () => {
  await login(env.app, HOST, 'operator.pagak');
  const { sid } = (await row())!;
  for (const cookie of [`pendopo.sid=s%3A${sid}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, `pendopo.sid=${sid}`, `pendopo.sid=s%3A${sid}`]) {
    const page = await request(env.app).get('/berita').set('Host', HOST).set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(loggedIn(page.text)).toBe(false);
  }
});

// A session's read is kept for KEPT_READ_MS for these pages (src/http/session-read.ts).
test("a flash stored through this process's store right after a page was read shows on the next page", async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  const page = await operator.get('/berita').set('Host', HOST);
  const saved = await operator
    .post('/admin/akun/notifikasi')
    .set('Host', HOST)
    .type('form')
    .send({ _csrf: tokenOf(page.text), email: '', notify_mode: 'none' });
  expect(saved.status).toBe(303);
  expect(await env.db.selectFrom('users').select('notify_mode').where('id', '=', operatorId).executeTakeFirstOrThrow()).toEqual({ notify_mode: 'none' });
  const next = await operator.get('/berita').set('Host', HOST);
  expect(next.text).toContain(t('notifyPrefs.saved'));
  expect((await dataOf()).flash).toBeUndefined();
});

test('a session changed elsewhere is read afresh once its kept read is KEPT_READ_MS old', async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  let now = Date.now();
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  expect(loggedIn((await operator.get('/berita').set('Host', HOST)).text)).toBe(true);
  // Another instance logs the session out: its row is gone.
  await env.db.deleteFrom('sessions').execute();
  now += KEPT_READ_MS - 1;
  expect(loggedIn((await operator.get('/berita').set('Host', HOST)).text)).toBe(true);
  now += 2;
  expect(loggedIn((await operator.get('/berita').set('Host', HOST)).text)).toBe(false);
});

test.each(['nonaktifkan', 'reset-sandi'])("after the camat office's %s a public page read just before is read anonymous at once", async (action) => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  expect(loggedIn((await operator.get('/berita').set('Host', HOST)).text)).toBe(true);
  const camat = await login(env.app, HOST, 'camat');
  const _csrf = csrfFrom((await camat.get('/admin/pengguna').set('Host', HOST)).text);
  const res = await camat.post(`/admin/pengguna/${operatorId}/${action}`).set('Host', HOST).type('form').send({ _csrf, confirm: 'ya' });
  expect(res.status).toBeLessThan(400);
  expect(await env.db.selectFrom('sessions').select('sid').where('user_id', '=', operatorId).execute()).toEqual([]);
  expect(loggedIn((await operator.get('/berita').set('Host', HOST)).text)).toBe(false);
});
