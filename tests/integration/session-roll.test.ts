import type { SessionData } from 'express-session';
import { userReadWithSession } from '../../src/auth/session-user';
import { fromDbDate, toDbDate } from '../../src/db/time';
import { KyselySessionStore } from '../../src/http/session-store';
import { type TestEnv, login, pagakOperator } from '../support/app';

// A roll of a session's expiry (src/http/session-store.ts, ROLL_STEP_MS) that changes nothing else
// moves the row's expiry alone, so it cannot overwrite what another request of the same session
// stored after the roll's request read it: here a flash message. Two requests are interleaved at the
// store, which express-session calls (get, createSession, then set once the response is written).
const HOST = 'klampok.test';
const HOUR = 3600_000;
let env: TestEnv;
let operatorId: number;

beforeAll(async () => {
  ({ env, operatorId } = await pagakOperator(HOST, { SESSION_MAX_AGE_HOURS: '12' }));
});
afterAll(() => env.close());
beforeEach(() => env.db.deleteFrom('sessions').execute());

const row = () => env.db.selectFrom('sessions').select(['sid', 'data', 'expires_at']).where('user_id', '=', operatorId).executeTakeFirstOrThrow();
const expiringIn = (ms: number) =>
  env.db
    .updateTable('sessions')
    .set({ expires_at: toDbDate(new Date(Date.now() + ms)) })
    .where('user_id', '=', operatorId)
    .execute();
type Flashes = SessionData['flash'];

/** A request's session as express-session makes it from the store. */
function load(store: KyselySessionStore, sid: string) {
  return new Promise<SessionData & { touch: () => void }>((resolve, reject) =>
    store.get(sid, (err, data) => (err || !data ? reject(err ?? new Error('no session')) : resolve(store.createSession({ sessionID: sid, sessionStore: store } as never, data as never) as never))),
  );
}
const save = (store: KyselySessionStore, sid: string, sess: SessionData) => new Promise<void>((resolve, reject) => store.set(sid, sess, (err) => (err ? reject(err) : resolve())));

test("a flash stored by one request survives another request's roll of the expiry, and is shown next", async () => {
  const operator = await login(env.app, HOST, 'operator.pagak');
  const { sid } = await row();
  await expiringIn(HOUR);
  const store = new KyselySessionStore(env.db, userReadWithSession);

  const rolling = await load(store, sid);
  const writer = await load(store, sid);
  const flash: Flashes = [{ type: 'success', text: 'Disimpan oleh tab lain' }];
  writer.flash = flash;
  await save(store, sid, writer);
  rolling.touch();
  await save(store, sid, rolling);

  const after = await row();
  expect((JSON.parse(after.data) as SessionData).flash).toEqual(flash);
  expect(fromDbDate(String(after.expires_at)).getTime()).toBeGreaterThan(Date.now() + 11 * HOUR);
  const page = await operator.get('/admin').set('Host', HOST);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Disimpan oleh tab lain');
});

test('a roll whose own request changed the session saves the whole of it', async () => {
  await login(env.app, HOST, 'operator.pagak');
  const { sid } = await row();
  await expiringIn(HOUR);
  const store = new KyselySessionStore(env.db, userReadWithSession);

  const rolling = await load(store, sid);
  const flash: Flashes = [{ type: 'info', text: 'Dari permintaan yang sama' }];
  rolling.flash = flash;
  rolling.touch();
  await save(store, sid, rolling);

  const after = await row();
  expect((JSON.parse(after.data) as SessionData).flash).toEqual(flash);
  expect(fromDbDate(String(after.expires_at)).getTime()).toBeGreaterThan(Date.now() + 11 * HOUR);
});
