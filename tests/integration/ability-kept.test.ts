import { type TestEnv, addUser, createTestEnv, login, provision, villageId } from '../support/app';

// Abilities are kept by what the rules read (src/authz/request-ability.ts): a user moved to another
// village, or a role changed, must be judged by the new rules on the very next request.
const HOST = 'klampok.test';
let env: TestEnv;
let v: { kalilandak: number; pagak: number };
let operatorId: number;

beforeAll(async () => {
  env = await createTestEnv();
  const { districtId } = await provision(env.db, '33.04.02', HOST);
  v = { kalilandak: await villageId(env.db, '33.04.02.2006'), pagak: await villageId(env.db, '33.04.02.2002') };
  operatorId = await addUser(env.db, { districtId, villageId: v.kalilandak, username: 'op.kalilandak', role: 'village_operator' });
  // A second operator of the same village shares the kept ability; it must stay theirs.
  await addUser(env.db, { districtId, villageId: v.kalilandak, username: 'op.kedua', role: 'village_operator' });
});
afterAll(() => env.close());

const profile = (agent: Awaited<ReturnType<typeof login>>, desa: number) => agent.get(`/admin/profil-desa?desa=${desa}`).set('Host', HOST);

test('a user moved to another village, then made camat office, is judged by the new rules at once', async () => {
  const operator = await login(env.app, HOST, 'op.kalilandak');
  const other = await login(env.app, HOST, 'op.kedua');
  expect((await profile(operator, v.kalilandak)).status).toBe(200);
  expect((await profile(operator, v.pagak)).status).toBe(404);

  await env.db.updateTable('users').set({ village_id: v.pagak }).where('id', '=', operatorId).execute();
  expect((await profile(operator, v.pagak)).status).toBe(200);
  expect((await profile(operator, v.kalilandak)).status).toBe(404);
  expect((await profile(other, v.kalilandak)).status).toBe(200);
  expect((await profile(other, v.pagak)).status).toBe(404);

  await env.db.updateTable('users').set({ village_id: null, role: 'district_admin' }).where('id', '=', operatorId).execute();
  expect((await profile(operator, v.kalilandak)).status).toBe(200);
  expect((await profile(operator, v.pagak)).status).toBe(200);
  expect((await operator.get('/admin/pengguna').set('Host', HOST)).status).toBe(200);
  expect((await other.get('/admin/pengguna').set('Host', HOST)).status).toBe(403);
});
