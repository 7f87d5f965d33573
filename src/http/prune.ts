import type { Kysely } from 'kysely';
import { WINDOW_MINUTES } from '../auth/throttle';
import type { Database } from '../db/schema';
import { minutesAgo, nowUtc } from '../db/time';

/** Deletes expired sessions and login failures older than the throttle needs. */
export async function pruneExpired(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowUtc()).execute();
  await db.deleteFrom('login_attempts').where('created_at', '<', minutesAgo(WINDOW_MINUTES * 4)).execute();
}
