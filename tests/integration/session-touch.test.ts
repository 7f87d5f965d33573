import { toDbDate } from '../../src/db/time';
import { KEPT_READ_MS } from '../../src/http/session-read';
import { ROLL_STEP_MS } from '../../src/http/session-store';
import { type TestEnv, login, pagakOperator } from '../support/app';

// A logged-in reader's requests extend their session without a write and a new cookie on every
// request: the expiry, in the row and in the cookie, moves only once it would move by more than
// ROLL_STEP_MS.
const HOST = 'klampok.test';
let env: TestEnv;
let operatorId: number;

beforeAll(async () => {
  ({ env, operatorId } = await pagakOperator(HOST, { SESSION_MAX_AGE_HOURS: '12' }));
});
afterAll(() => env.close());
afterEach(() => jest.restoreAllMocks());

const expiryRow = () => env.db.selectFrom('sessions').select('expires_at').where('user_id', '=', operatorId).executeTakeFirstOrThrow();
const setExpiry = (ms: number) =>
  env.db
    .updateTable('sessions')
    .set({ expires_at: toDbDate(new Date(ms)) })
    .where('user_id', '=', operatorId)
    .execute();

test('an expiry that would move by less than the step is not written; one that would move more is', async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  const twelveHours = 12 * 3600_000;

  const recent = toDbDate(new Date(Date.now() + twelveHours - ROLL_STEP_MS / 2));
  await setExpiry(Date.parse(recent.replace(' ', 'T') + 'Z'));
  const quiet = await operator.get('/desa').set('Host', HOST);
  expect(quiet.status).toBe(200);
  expect(quiet.headers['set-cookie']).toBeUndefined();
  expect(String((await expiryRow()).expires_at)).toBe(recent);

  const old = Date.now() + 3600_000;
  await setExpiry(old);
  // Changed behind the app's back: a public page sees it once its kept read is old (src/http/session-read.ts).
  const realNow = Date.now.bind(Date);
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + KEPT_READ_MS + 1);
  const rolled = await operator.get('/desa').set('Host', HOST);
  expect(rolled.status).toBe(200);
  const extended = Date.parse(String((await expiryRow()).expires_at).replace(' ', 'T') + 'Z');
  expect(extended).toBeGreaterThan(old + twelveHours / 2);
  // The browser's cookie moves with the row: same session id, the row's new expiry.
  const cookie = ([] as string[]).concat(rolled.headers['set-cookie'] ?? []).find((c) => c.startsWith('pendopo.sid='));
  expect(cookie).toBeDefined();
  expect(Math.abs(Date.parse(/Expires=([^;]+)/.exec(cookie!)![1]) - extended)).toBeLessThan(2000);
  expect(decodeURIComponent(cookie!.split(';')[0])).toContain(String((await env.db.selectFrom('sessions').select('sid').where('user_id', '=', operatorId).executeTakeFirstOrThrow()).sid));
  // Still logged in: the workspace answers.
  expect((await operator.get('/admin').set('Host', HOST)).status).toBe(200);
});
