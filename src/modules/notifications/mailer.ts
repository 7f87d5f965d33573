import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { toDbDate } from '../../db/time';
import { originOfDistrict } from '../districts/site-origin';
import { digestRunKey, dueDigestUsers } from './digest-due';
import { type Letter, type MailRow, digestLetter, singleLetter } from './mail-text';
import { registerMailer } from './mailer-registry';
import { type SmtpConfig, transportOf } from './smtp-transport';

// A notification older than this that was never mailed (the server was down for days, SMTP was
// configured only now) stays in the workspace list only: old news by mail helps nobody.
const STALE_MS = 2 * 86_400_000;
// A claimed mail whose sender died is taken up again after this long.
const CLAIM_MS = 10 * 60_000;
const BATCH = 50;

const backoffMs = (attempts: number) => Math.min(2 ** attempts, 60) * 60_000;

/**
 * Sends the mail of notifications after their commit: each one on its own, or a daily digest.
 * The notification row is the outbox (mail_state); a failed send is logged and tried again later
 * (kick() after an announcement, and every minute from start()), so nothing is lost, and a request
 * never waits for SMTP.
 */
export class Mailer {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly digests = new Set<Promise<number>>();
  /** The digest runs claimed and not yet sent, so a shutdown that cannot wait can release them. */
  private readonly claims = new Set<string>();
  private stopping = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly transport: Transporter,
    private readonly from: string,
    private readonly publicUrl: string | undefined,
    private readonly logger: Logger,
  ) {}

  /** Sends what waits, soon, in the background; overlapping kicks coalesce. */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.flush()
      .then(
        () => undefined,
        (err: unknown) => this.logger.warn({ err }, 'notification mail round failed'),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for the rounds under way: kick()'s and the digests' (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.digests.size > 0) await Promise.allSettled([this.running, ...this.digests]);
  }

  start(everyMs = 60_000): void {
    this.timer = setInterval(() => {
      this.kick();
      this.sendDigests().catch((err: unknown) => this.logger.warn({ err }, 'notification digest round failed'));
    }, everyMs);
    this.timer.unref();
  }

  /**
   * Starts no new round and waits for the mail in flight, at most `capMs`. A digest still in flight
   * then has its claim released, so another instance (or the next start) sends the day's digest.
   */
  async stop(capMs = 8_000): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    let cap: NodeJS.Timeout | undefined;
    const capped = await Promise.race([
      this.idle().then(() => false),
      new Promise<boolean>((resolve) => {
        cap = setTimeout(() => resolve(true), capMs);
      }),
    ]);
    clearTimeout(cap);
    if (!capped || this.claims.size === 0) return;
    this.logger.warn({ runs: [...this.claims] }, 'shutdown: digests still in flight are released');
    await this.db
      .deleteFrom('notification_runs')
      .where('run_key', 'in', [...this.claims])
      .execute();
    this.claims.clear();
  }

  private async deliver(to: string, letter: Letter): Promise<void> {
    await this.transport.sendMail({ from: this.from, to, subject: letter.subject, text: letter.text, html: letter.html });
  }

  private async frameOf(districtId: number, name: string) {
    const d = await this.db.selectFrom('districts').select(['name', 'timezone']).where('id', '=', districtId).executeTakeFirstOrThrow();
    return { name, site: `Kecamatan ${d.name}`, origin: await originOfDistrict(this.db, districtId, this.publicUrl), timezone: d.timezone };
  }

  /** Mails each notification that waits for its own mail; returns how many went out. */
  async flush(now = new Date()): Promise<number> {
    const at = toDbDate(now);
    const rows = await this.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select([
        'notifications.id',
        'notifications.district_id',
        'kind',
        'title',
        'village_name',
        'actor_name',
        'note',
        'path',
        'notifications.created_at',
        'mail_state',
        'mail_attempts',
        'users.name',
        'users.email',
        'users.disabled_at',
        'users.notify_mode',
      ])
      .where((eb) => eb.or([eb('mail_state', '=', 'each'), eb('mail_state', '=', 'sending')]))
      .where((eb) => eb.or([eb('mail_next_at', 'is', null), eb('mail_next_at', '<=', at)]))
      .orderBy('notifications.id')
      .limit(BATCH)
      .execute();
    let sent = 0;
    for (const n of rows) {
      if (this.stopping) break;
      const claim = this.db
        .updateTable('notifications')
        .where('id', '=', n.id)
        .where('mail_state', '=', n.mail_state)
        .where((eb) => eb.or([eb('mail_next_at', 'is', null), eb('mail_next_at', '<=', at)]));
      if (!n.email || n.disabled_at || n.notify_mode === 'none' || now.getTime() - Date.parse(`${n.created_at.replace(' ', 'T')}Z`) > STALE_MS) {
        await claim.set({ mail_state: 'none' }).execute();
        continue;
      }
      const taken = await claim.set({ mail_state: 'sending', mail_next_at: toDbDate(new Date(now.getTime() + CLAIM_MS)) }).executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 0) continue;
      try {
        await this.deliver(n.email, singleLetter(n as MailRow, await this.frameOf(n.district_id, n.name)));
        await this.db.updateTable('notifications').set({ mail_state: 'sent', mail_next_at: null }).where('id', '=', n.id).execute();
        sent++;
      } catch (err) {
        const attempts = n.mail_attempts + 1;
        await this.db
          .updateTable('notifications')
          .set({ mail_state: 'each', mail_attempts: attempts, mail_next_at: toDbDate(new Date(now.getTime() + backoffMs(attempts))) })
          .where('id', '=', n.id)
          .execute();
        this.logger.warn({ err, notification: n.id, attempts }, 'notification mail failed; will retry');
        // The server is likely down: the rest waits for the next round.
        break;
      }
    }
    return sent;
  }

  /** Sends each digest user at most one digest per local day, from DIGEST_HOUR (digest-due.ts) on; returns how many went out. */
  sendDigests(now = new Date()): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    const round = this.digestRound(now);
    this.digests.add(round);
    const done = () => this.digests.delete(round);
    round.then(done, done);
    return round;
  }

  private async digestRound(now: Date): Promise<number> {
    const users = await dueDigestUsers(this.db, now, BATCH);
    let sent = 0;
    for (const u of users) {
      if (this.stopping) break;
      const pending = this.db.updateTable('notifications').where('user_id', '=', u.id).where('mail_state', '=', 'digest');
      if (!u.email || u.disabled_at || u.notify_mode === 'none') {
        await pending.set({ mail_state: 'none' }).execute();
        continue;
      }
      const runKey = digestRunKey(u.id, u.timezone, now);
      const claimed = await this.db
        .insertInto('notification_runs')
        .orIgnore()
        .values({ run_key: runKey, created_at: toDbDate(now) })
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) continue;
      this.claims.add(runKey);
      const rows = await this.db
        .selectFrom('notifications')
        .select(['id', 'kind', 'title', 'village_name', 'actor_name', 'note', 'path', 'created_at'])
        .where('user_id', '=', u.id)
        .where('mail_state', '=', 'digest')
        .orderBy('id')
        .limit(200)
        .execute();
      try {
        await this.deliver(u.email, digestLetter(rows as MailRow[], await this.frameOf(u.district_id, u.name), now));
        await this.db
          .updateTable('notifications')
          .set({ mail_state: 'sent' })
          .where(
            'id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
        sent++;
      } catch (err) {
        // Not sent: the day's digest may be tried again.
        await this.db.deleteFrom('notification_runs').where('run_key', '=', runKey).execute();
        this.logger.warn({ err, user: u.id }, 'notification digest failed; will retry');
        break;
      } finally {
        this.claims.delete(runKey);
      }
    }
    return sent;
  }
}

/** The mailer when SMTP is configured (registered for kicks), else null: notifications stay in the workspace. */
export function createMailer(config: SmtpConfig, db: Kysely<Database>, logger: Logger): Mailer | null {
  if (!config.SMTP_URL && !config.SMTP_HOST) return null;
  const mailer = new Mailer(db, transportOf(config), config.SMTP_FROM!, config.PUBLIC_URL, logger);
  registerMailer(db, mailer);
  return mailer;
}
