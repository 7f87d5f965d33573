// The mailer's rounds against a real SMTP server started here that holds each mail until the test
// lets it through: a shutdown waits for the mail in flight, and a digest round picks the users who
// still need today's digest.
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { isoDateIn } from '../../src/i18n';
import { type Mailer, createMailer } from '../../src/modules/notifications/mailer';
import { mailerOf } from '../../src/modules/notifications/mailer-registry';
import { type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, type World, contentWorld, createItemVia } from '../support/content';

/** Mails the server has read and not yet answered; `release()` answers them all. */
let held: (() => void)[] = [];
let arrivals: (() => void)[] = [];
let delivered = 0;
/** When set, every mail is answered at once. */
let passThrough = false;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, done) {
    stream.resume();
    stream.on('end', () => {
      if (passThrough) {
        delivered++;
        return done();
      }
      held.push(() => {
        delivered++;
        done();
      });
      for (const a of arrivals) a();
    });
  },
});

/** Resolves once `n` mails are held. */
const held_ = (n: number) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (held.length >= n) resolve();
    };
    arrivals.push(check);
    check();
  });
function release() {
  const now = held;
  held = [];
  arrivals = [];
  for (const answer of now) answer();
}
/** A few turns of the event loop: enough for a promise that is about to resolve to do so. */
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

const SMTP_FROM = 'Pendopo <pendopo@klampok.test>';
let smtpUrl: string;
let env: TestEnv;
let w: World;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  env = await createTestEnv({ SMTP_URL: smtpUrl, SMTP_FROM });
  w = await contentWorld(env);
  await env.db.updateTable('users').set({ email: 'camat@klampok.test' }).where('id', '=', w.u.camat).execute();
  // Today's quiet-village check counts as done, so the camat office's visits mail nothing else.
  await env.db
    .insertInto('notification_runs')
    .values({ run_key: `quiet:${w.dA}:${isoDateIn('WIB')}`, created_at: '2026-01-01 00:00:00' })
    .execute();
});
afterAll(async () => {
  release();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

/** A mailer of its own on the test's database (a stopped one starts nothing new). */
const freshMailer = () => createMailer({ SMTP_URL: smtpUrl, SMTP_FROM } as never, env.db, pino({ level: 'silent' }))!;
const morning = new Date(Date.UTC(2030, 0, 10, 2, 0)); // 09.00 WIB, 10.00 WITA, 11.00 WIT

describe('shutdown', () => {
  test('stop() resolves only after the mail in flight is sent; the row ends sent', async () => {
    const mailer = mailerOf<Mailer>(env.db)!;
    const opK = await login(env.app, HOST, 'op.kalilandak');
    await createItemVia(opK, 'produk', { title: 'Dalam perjalanan', intent: 'submit' });
    await held_(1);
    let stopped = false;
    const stopping = mailer.stop(60_000).then(() => {
      stopped = true;
    });
    await turns();
    expect(stopped).toBe(false);
    release();
    await stopping;
    const row = await env.db.selectFrom('notifications').select('mail_state').where('user_id', '=', w.u.camat).where('title', '=', 'Dalam perjalanan').executeTakeFirstOrThrow();
    expect(row.mail_state).toBe('sent');
  });

  test('a digest in flight is waited for; one still in flight when the wait ends releases its claim', async () => {
    await env.db.updateTable('users').set({ notify_mode: 'digest' }).where('id', '=', w.u.camat).execute();
    await env.db.updateTable('notifications').set({ mail_state: 'digest' }).where('user_id', '=', w.u.camat).execute();
    const runKey = `digest:${w.u.camat}:2030-01-10`;
    const runs = () => env.db.selectFrom('notification_runs').select('run_key').where('run_key', '=', runKey).execute();

    // Waited for: idle() and stop() cover the digest round, not only kick()'s.
    const mailer = freshMailer();
    const round = mailer.sendDigests(morning);
    await held_(1);
    let idle = false;
    const waiting = mailer.idle().then(() => {
      idle = true;
    });
    await turns();
    expect(idle).toBe(false);
    release();
    await waiting;
    expect(await round).toBe(1);
    expect(await runs()).toHaveLength(1);

    // Aborted: the wait is over (cap 0) while the SMTP server still holds the digest.
    await env.db.deleteFrom('notification_runs').where('run_key', '=', runKey).execute();
    await env.db.updateTable('notifications').set({ mail_state: 'digest' }).where('user_id', '=', w.u.camat).execute();
    const second = freshMailer();
    const inFlight = second.sendDigests(morning);
    await held_(1);
    await second.stop(0);
    expect(await runs()).toHaveLength(0);
    release();
    await inFlight;
    await env.db.updateTable('users').set({ notify_mode: 'each' }).where('id', '=', w.u.camat).execute();
  });
});

describe('digest rounds', () => {
  const tonight = new Date(Date.UTC(2030, 0, 9, 23, 30)); // 10 January: 06.30 WIB, 07.30 WITA
  const day = '2030-01-10';

  async function digestUsers(districtId: number, prefix: string, n: number): Promise<number[]> {
    const template = await env.db.selectFrom('users').select('password_hash').where('id', '=', w.u.camat).executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const username = `${prefix}${i}`;
      await env.db
        .insertInto('users')
        .values({
          district_id: districtId,
          village_id: null,
          username,
          name: username,
          role: 'district_admin',
          password_hash: template.password_hash,
          must_change_password: 0,
          email: `${username}@klampok.test`,
          notify_mode: 'digest',
          created_at: '2030-01-01 00:00:00',
          updated_at: '2030-01-01 00:00:00',
        })
        .execute();
      ids.push(Number((await env.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id));
    }
    for (const id of ids) {
      await env.db
        .insertInto('notifications')
        .values({
          district_id: districtId,
          user_id: id,
          kind: 'waiting',
          item_id: null,
          item_type: null,
          title: `Untuk ${id}`,
          village_name: null,
          path: '/admin',
          actor_name: null,
          note: null,
          dedupe_key: null,
          read_at: null,
          created_at: '2030-01-09 20:00:00',
          mail_state: 'digest',
          mail_next_at: null,
        })
        .execute();
    }
    return ids;
  }
  const states = async (ids: number[]) => new Set((await env.db.selectFrom('notifications').select('mail_state').where('user_id', 'in', ids).execute()).map((r) => r.mail_state));
  const runsOf = async (ids: number[]) =>
    (
      await env.db
        .selectFrom('notification_runs')
        .select('run_key')
        .where(
          'run_key',
          'in',
          ids.map((id) => `digest:${id}:${day}`),
        )
        .execute()
    ).length;

  test('users who had today’s digest, or whose kecamatan is before 07.00, do not fill the batch', async () => {
    passThrough = true;
    await env.db.updateTable('districts').set({ timezone: 'WITA' }).where('id', '=', w.dA).execute();
    await env.db.updateTable('districts').set({ timezone: 'WIB' }).where('id', '=', w.dB).execute();
    const served = await digestUsers(w.dA, 'sudah', 55);
    for (const id of served)
      await env.db
        .insertInto('notification_runs')
        .values({ run_key: `digest:${id}:${day}`, created_at: '2030-01-09 23:00:00' })
        .execute();
    const early = await digestUsers(w.dB, 'pagi', 10);
    const waiting = await digestUsers(w.dA, 'tunggu', 5);
    const before = delivered;

    expect(await freshMailer().sendDigests(tonight)).toBe(5);
    expect(delivered).toBe(before + 5);
    expect(await states(waiting)).toEqual(new Set(['sent']));
    expect(await runsOf(waiting)).toBe(5);
    // The 55 keep their new notifications for tomorrow's digest, with no new claim today.
    expect(await states(served)).toEqual(new Set(['digest']));
    expect(await runsOf(served)).toBe(55);
    expect(await states(early)).toEqual(new Set(['digest']));
    expect(await runsOf(early)).toBe(0);
    // A second round finds nothing to do.
    expect(await freshMailer().sendDigests(tonight)).toBe(0);
  });
});
