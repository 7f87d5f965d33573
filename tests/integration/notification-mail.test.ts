// Mail of notifications through a real SMTP server started here (smtp-server, parsed with
// mailparser): one mail per notification, the daily digest exactly once, and a dead server that
// neither breaks the request nor loses the mail.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { isoDateIn } from '../../src/i18n';
import type { Mailer } from '../../src/modules/notifications/mailer';
import { mailerOf } from '../../src/modules/notifications/mailer-registry';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, type World, contentWorld, createItemVia, statusVia } from '../support/content';

const received: ParsedMail[] = [];
let waiters: (() => void)[] = [];

function smtpServer(): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          for (const w of waiters) w();
          done();
        },
        (err: Error) => done(err),
      );
    },
  });
}

const listen = (server: SMTPServer, port = 0) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)));
const close = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Resolves once `n` mails have arrived in all. */
function mailsArrived(n: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (received.length >= n) {
        waiters = waiters.filter((w) => w !== check);
        resolve();
      }
    };
    waiters.push(check);
    check();
  });
}

const SMTP_FROM = 'Pendopo Klampok <pendopo@klampok.test>';

async function world(port: number) {
  const env = await createTestEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM });
  const w = await contentWorld(env);
  await env.db.updateTable('users').set({ email: 'camat@klampok.test' }).where('id', '=', w.u.camat).execute();
  await env.db.updateTable('users').set({ email: 'op@klampok.test' }).where('id', '=', w.u.kalilandak).execute();
  // Today's quiet-village check counts as done, so the camat office's visits mail nothing else.
  await env.db
    .insertInto('notification_runs')
    .values({ run_key: `quiet:${w.dA}:${isoDateIn('WIB')}`, created_at: '2026-01-01 00:00:00' })
    .execute();
  return { env, w, mailer: mailerOf<Mailer>(env.db)! };
}

const mailRows = (env: TestEnv, userId: number) => env.db.selectFrom('notifications').select(['id', 'title', 'mail_state', 'mail_attempts']).where('user_id', '=', userId).orderBy('id').execute();

describe('with a working SMTP server', () => {
  let server: SMTPServer;
  let env: TestEnv;
  let w: World;
  let mailer: Mailer;
  let opK: Agent;
  let camat: Agent;

  beforeAll(async () => {
    server = smtpServer();
    ({ env, w, mailer } = await world(await listen(server)));
    opK = await login(env.app, HOST, 'op.kalilandak');
    camat = await login(env.app, HOST, 'camat');
  });
  afterAll(async () => {
    await close(server);
    await env.close();
  });

  test('each notification is mailed after the commit, in Indonesian, with absolute links of the site', async () => {
    const before = received.length;
    const id = await createItemVia(opK, 'produk', { title: 'Gula <b>aren</b> Kalilandak', intent: 'submit' });
    await mailsArrived(before + 1);
    await mailer.idle();
    const mail = received[before];
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('camat@klampok.test');
    expect(mail.from?.text).toContain('pendopo@klampok.test');
    expect(mail.subject).toBe('[Kecamatan Purworeja Klampok] “Gula <b>aren</b> Kalilandak” dari Kalilandak menunggu tinjauan (dikirim oleh Nama op.kalilandak).');
    expect(mail.text).toContain('Halo Nama camat,');
    expect(mail.text).toContain(`Buka: https://${HOST}/admin/tinjauan/${id}`);
    expect(mail.html).toContain(`href="https://${HOST}/admin/tinjauan/${id}"`);
    expect(mail.html).toContain('Gula &#60;b&#62;aren&#60;/b&#62;');
    expect(mail.html).not.toContain('<b>aren</b>');
    expect((await mailRows(env, w.u.camat)).map((r) => r.mail_state)).toEqual(['sent']);
  });

  test('the returned note is in the operator’s mail; a user without an address gets none', async () => {
    const id = await createItemVia(opK, 'produk', { title: 'Keripik', intent: 'submit' });
    await mailsArrived(received.length);
    await mailer.idle();
    const before = received.length;
    await statusVia(camat, 'produk', id, 'return', 'Harga belum diisi');
    await mailsArrived(before + 1);
    await mailer.idle();
    expect(received[before].text).toContain('Catatan peninjau: Harga belum diisi');
    expect(received[before].text).toContain(`https://${HOST}/admin/produk/${id}/ubah`);
    // op.pagak has no address: nothing waits to be mailed to them.
    expect((await mailRows(env, w.u.pagak)).every((r) => r.mail_state === 'none')).toBe(true);
  });

  test('the daily digest goes out once per day, even when triggered twice (or by two instances at once)', async () => {
    await env.db.updateTable('users').set({ notify_mode: 'digest' }).where('id', '=', w.u.camat).execute();
    await createItemVia(opK, 'berita', { title: 'Ringkas satu', intent: 'submit' });
    await createItemVia(opK, 'berita', { title: 'Ringkas dua', intent: 'submit' });
    await mailer.idle();
    const before = received.length;
    const morning = new Date(Date.UTC(2030, 0, 10, 2, 0)); // 09.00 WIB
    const sent = await Promise.all([mailer.sendDigests(morning), mailer.sendDigests(morning)]);
    expect(sent[0] + sent[1]).toBe(1);
    expect(await mailer.sendDigests(new Date(Date.UTC(2030, 0, 10, 9, 0)))).toBe(0);
    await mailsArrived(before + 1);
    const digest = received[before];
    expect(digest.subject).toBe('Ringkasan pemberitahuan Kecamatan Purworeja Klampok, 10 Januari 2030');
    expect(digest.text).toContain('“Ringkas satu”');
    expect(digest.text).toContain('“Ringkas dua”');
    expect((await mailRows(env, w.u.camat)).filter((r) => r.title.startsWith('Ringkas')).map((r) => r.mail_state)).toEqual(['sent', 'sent']);
    // The next day's digest carries only what came since.
    await createItemVia(opK, 'berita', { title: 'Ringkas tiga', intent: 'submit' });
    await mailer.idle();
    expect(await mailer.sendDigests(new Date(Date.UTC(2030, 0, 11, 2, 0)))).toBe(1);
    await mailsArrived(before + 2);
    expect(received[before + 1].text).toContain('“Ringkas tiga”');
    expect(received[before + 1].text).not.toContain('“Ringkas satu”');
    expect(received.length).toBe(before + 2);
  });

  test('a user disabled before the mail went out gets none', async () => {
    await createItemVia(opK, 'berita', { title: 'Untuk yang dinonaktifkan', intent: 'submit' });
    await mailer.idle();
    await env.db.updateTable('users').set({ disabled_at: '2030-01-01 00:00:00' }).where('id', '=', w.u.camat).execute();
    const before = received.length;
    expect(await mailer.sendDigests(new Date(Date.UTC(2030, 0, 12, 2, 0)))).toBe(0);
    const [row] = (await mailRows(env, w.u.camat)).filter((r) => r.title === 'Untuk yang dinonaktifkan');
    expect(row.mail_state).toBe('none');
    expect(received.length).toBe(before);
  });
});

test('a dead SMTP server does not break the request (the mail waits in its row); it goes out once the server is back', async () => {
  // A port where nothing listens (yet).
  const probe = smtpServer();
  const port = await listen(probe);
  await close(probe);
  const { env, w, mailer } = await world(port);
  try {
    const opK = await login(env.app, HOST, 'op.kalilandak');
    await createItemVia(opK, 'produk', { title: 'Tertunda', intent: 'submit' });
    await mailer.idle();
    const [row] = await mailRows(env, w.u.camat);
    expect(row).toMatchObject({ title: 'Tertunda', mail_state: 'each', mail_attempts: 1 });
    const server = smtpServer();
    await listen(server, port);
    try {
      const before = received.length;
      // The retry is due later (backoff); a round after that time sends it.
      expect(await mailer.flush(new Date(Date.now() + 3 * 3600_000))).toBe(1);
      await mailsArrived(before + 1);
      expect(received[before].subject).toContain('“Tertunda”');
      expect((await mailRows(env, w.u.camat))[0].mail_state).toBe('sent');
      expect(await mailer.flush(new Date(Date.now() + 6 * 3600_000))).toBe(0);
    } finally {
      await close(server);
    }
  } finally {
    await env.close();
  }
});

test('without SMTP there is no mailer, and notifications stay in the workspace', async () => {
  const env = await createTestEnv();
  try {
    expect(mailerOf(env.db)).toBeUndefined();
  } finally {
    await env.close();
  }
});
