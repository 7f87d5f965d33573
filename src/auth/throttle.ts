import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { minutesAgo, nowUtc } from '../db/time';

// Failed logins are counted in the database so every instance sees them. Limits are per IP and
// per account+IP: an attacker elsewhere cannot lock a real user out of their own office.
export const WINDOW_MINUTES = 15;
export const MAX_PER_IP = 20;
export const MAX_PER_ACCOUNT_IP = 5;

export async function isThrottled(db: Kysely<Database>, ip: string, username: string): Promise<boolean> {
  const since = minutesAgo(WINDOW_MINUTES);
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => [
      eb.fn.countAll<number>().as('per_ip'),
      eb.fn.sum<number>(eb.case().when('username', '=', username).then(1).else(0).end()).as('per_account'),
    ])
    .where('ip', '=', ip)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.per_ip) >= MAX_PER_IP || Number(row.per_account ?? 0) >= MAX_PER_ACCOUNT_IP;
}

export async function recordFailure(db: Kysely<Database>, ip: string, username: string): Promise<void> {
  await db.insertInto('login_attempts').values({ ip, username: username.slice(0, 64), created_at: nowUtc() }).execute();
}

/** A successful login clears that account's failures from this IP. */
export async function clearFailures(db: Kysely<Database>, ip: string, username: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('ip', '=', ip).where('username', '=', username).execute();
}
