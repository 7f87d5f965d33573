import { type TestEnv, login, pagakOperator } from '../support/app';

// The user is read in the same statement as the session (src/http/session-store.ts): a change made
// to the row alone, with the session row left in place, is still seen on the very next request.
const HOST = 'klampok.test';
let env: TestEnv;
let operatorId: number;

beforeAll(async () => {
  ({ env, operatorId } = await pagakOperator(HOST));
});
afterAll(() => env.close());

const user = () => env.db.updateTable('users').where('id', '=', operatorId);
const sessions = async () => (await env.db.selectFrom('sessions').select('sid').where('user_id', '=', operatorId).execute()).length;

beforeEach(() => user().set({ disabled_at: null }).execute());

test('a new name and a disabled account are seen on the next request', async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  await user().set({ name: 'Nama Baru Pagak' }).execute();
  const page = await operator.get('/admin').set('Host', HOST);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Nama Baru Pagak');

  await user().set({ disabled_at: '2026-01-01 00:00:00' }).execute();
  expect(await sessions()).toBe(1);
  const disabled = await operator.get('/admin').set('Host', HOST);
  expect(disabled.status).toBe(302);
  expect(disabled.headers.location).toMatch(/^\/masuk/);
});

test('a bumped epoch logs the session out though its row stays', async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  expect((await operator.get('/admin').set('Host', HOST)).status).toBe(200);
  const { session_epoch } = await env.db.selectFrom('users').select('session_epoch').where('id', '=', operatorId).executeTakeFirstOrThrow();
  await user()
    .set({ session_epoch: session_epoch + 1 })
    .execute();
  expect(await sessions()).toBeGreaterThan(0);
  const after = await operator.get('/admin').set('Host', HOST);
  expect(after.status).toBe(302);
  expect(after.headers.location).toMatch(/^\/masuk/);
});
