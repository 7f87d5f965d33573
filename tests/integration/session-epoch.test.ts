import { type TestEnv, addUser, csrfFrom, login, pagakOperator } from '../support/app';

// A request still in flight when the camat office resets a password may save its session row
// back after the delete; the bumped epoch must still keep that session logged out.
const HOST = 'klampok.test';
let env: TestEnv;
let operatorId: number;

beforeAll(async () => {
  let districtId: number;
  ({ env, districtId, operatorId } = await pagakOperator(HOST));
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
});
afterAll(() => env.close());

test.each(['nonaktifkan', 'reset-sandi'])('a session row written back after %s does not log the user in', async (action) => {
  await env.db.updateTable('users').set({ disabled_at: null }).where('id', '=', operatorId).execute();
  const operator = await login(env.app, HOST, 'operator.pagak');
  expect((await operator.get('/admin').set('Host', HOST)).status).toBe(200);
  const saved = await env.db.selectFrom('sessions').selectAll().where('user_id', '=', operatorId).execute();
  expect(saved).toHaveLength(1);
  const epochBefore = (await env.db.selectFrom('users').select('session_epoch').where('id', '=', operatorId).executeTakeFirstOrThrow()).session_epoch;

  const admin = await login(env.app, HOST, 'camat');
  const _csrf = csrfFrom((await admin.get('/admin/pengguna').set('Host', HOST)).text);
  const res = await admin.post(`/admin/pengguna/${operatorId}/${action}`).set('Host', HOST).type('form').send({ _csrf, confirm: 'ya' });
  expect(res.status).toBeLessThan(400);
  expect(await env.db.selectFrom('sessions').select('sid').where('user_id', '=', operatorId).execute()).toHaveLength(0);
  const epochAfter = (await env.db.selectFrom('users').select('session_epoch').where('id', '=', operatorId).executeTakeFirstOrThrow()).session_epoch;
  expect(epochAfter).toBe(epochBefore + 1);

  // The in-flight save lands after the delete.
  await env.db.insertInto('sessions').values(saved[0]).execute();
  if (action === 'nonaktifkan') await env.db.updateTable('users').set({ disabled_at: null }).where('id', '=', operatorId).execute();
  const after = await operator.get('/admin').set('Host', HOST);
  expect(after.status).toBe(302);
  expect(after.headers.location).toMatch(/^\/masuk/);
});
