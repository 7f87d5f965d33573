import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { fromDbDate, minutesAgo, nowUtc } from '../db/time';
import './two-factor.table';

// Failed guesses are counted in the database so every instance sees them. A guess is a password
// (at login, or the current password asked by the account pages) or a second-factor code; each
// kind has its own counters. Three limits (README, "Login throttling"):
//  - per IP, every kind: 20 failures in 15 minutes block the IP;
//  - per account and IP, per kind: 5 failures in 15 minutes block that account from that IP;
//  - per account across all IPs, per kind: after 10 failures in an hour, each further attempt
//    waits twice as long as the last (30 s, 1 min, … at most 15 min) after the latest failure.
//    An IP the account has completed a login from in the last 90 days skips this limit, so a
//    guesser elsewhere slows the account down without locking its owner out of their office.
export const WINDOW_MINUTES = 15;
export const MAX_PER_IP = 20;
export const MAX_PER_ACCOUNT_IP = 5;
export const ACCOUNT_WINDOW_MINUTES = 60;
export const ACCOUNT_FREE = 10;
export const ACCOUNT_FIRST_WAIT_SECONDS = 30;
export const KNOWN_IP_DAYS = 90;

export type GuessKind = 'password' | 'code';

export interface Guess {
  ip: string;
  /** As typed (normalised) for a login, else the account's username. */
  username: string;
  /** The account, when it exists. */
  userId?: number | null;
  kind: GuessKind;
}

export interface Throttled {
  scope: 'ip' | 'account_ip' | 'account';
  /** Whole minutes to tell the user to wait. */
  minutes: number;
}

/** Whether this guess may be checked now; a throttled guess is not checked at all. */
export async function throttleOf(db: Kysely<Database>, g: Guess): Promise<Throttled | null> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => [
      eb.fn.countAll<number>().as('per_ip'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('username', '=', g.username), eb('kind', '=', g.kind)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('per_account'),
    ])
    .where('ip', '=', g.ip)
    .where('created_at', '>', minutesAgo(WINDOW_MINUTES))
    .executeTakeFirstOrThrow();
  if (Number(row.per_ip) >= MAX_PER_IP) return { scope: 'ip', minutes: WINDOW_MINUTES };
  if (Number(row.per_account ?? 0) >= MAX_PER_ACCOUNT_IP) return { scope: 'account_ip', minutes: WINDOW_MINUTES };
  if (g.userId != null && (await isKnownIp(db, g.userId, g.ip))) return null;
  // Counted by the name guessed at, whether an account has it or not: a name nobody has slows
  // down exactly like a real one, so the answers do not tell which names exist.
  return accountWait(db, g.username, g.kind);
}

async function accountWait(db: Kysely<Database>, username: string, kind: GuessKind): Promise<Throttled | null> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('last')])
    .where('username', '=', username.slice(0, 64))
    .where('kind', '=', kind)
    .where('created_at', '>', minutesAgo(ACCOUNT_WINDOW_MINUTES))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  if (n < ACCOUNT_FREE || !row.last) return null;
  const waitSeconds = Math.min(ACCOUNT_FIRST_WAIT_SECONDS * 2 ** (n - ACCOUNT_FREE), WINDOW_MINUTES * 60);
  const until = fromDbDate(String(row.last)).getTime() + waitSeconds * 1000;
  const left = until - Date.now();
  return left > 0 ? { scope: 'account', minutes: Math.max(1, Math.ceil(left / 60_000)) } : null;
}

export async function recordFailure(db: Kysely<Database>, g: Guess): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ ip: g.ip, username: g.username.slice(0, 64), user_id: g.userId ?? null, kind: g.kind, created_at: nowUtc() })
    .execute();
}

/** A right guess clears that account's failures of its kind from this IP (not those from elsewhere). */
export async function clearFailures(db: Kysely<Database>, g: Guess): Promise<void> {
  await db.deleteFrom('login_attempts').where('ip', '=', g.ip).where('username', '=', g.username).where('kind', '=', g.kind).execute();
}

export async function isKnownIp(db: Kysely<Database>, userId: number, ip: string): Promise<boolean> {
  const row = await db
    .selectFrom('login_known_ips')
    .select('ip')
    .where('user_id', '=', userId)
    .where('ip', '=', ip)
    .where('last_login_at', '>', minutesAgo(KNOWN_IP_DAYS * 24 * 60))
    .executeTakeFirst();
  return row !== undefined;
}

/** Called when a login is complete (password and, if any, second factor). */
export async function rememberIp(db: Kysely<Database>, userId: number, ip: string): Promise<void> {
  const now = nowUtc();
  const row = () => db.selectFrom('login_known_ips').select('ip').where('user_id', '=', userId).where('ip', '=', ip).executeTakeFirst();
  if (await row()) {
    await db.updateTable('login_known_ips').set({ last_login_at: now }).where('user_id', '=', userId).where('ip', '=', ip).execute();
  } else {
    try {
      await db.insertInto('login_known_ips').values({ user_id: userId, ip, last_login_at: now }).execute();
    } catch (err) {
      // A concurrent login of the same account from the same IP inserted it first: the same fact.
      if (!(await row())) throw err;
    }
  }
  await db
    .deleteFrom('login_known_ips')
    .where('user_id', '=', userId)
    .where('last_login_at', '<', minutesAgo(KNOWN_IP_DAYS * 24 * 60))
    .execute();
}
