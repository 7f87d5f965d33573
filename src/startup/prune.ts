import type { Kysely } from 'kysely';
import { WINDOW_MINUTES } from '../auth/throttle';
import type { Database } from '../db/schema';
import { minutesAgo, nowUtc } from '../db/time';

/**
 * Deletes expired sessions, login failures older than the throttle needs, and the once-a-day claims
 * of notifications (src/modules/notifications/quiet.ts, mailer.ts) once their day is long past.
 */
export async function pruneExpired(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowUtc()).execute();
  await db
    .deleteFrom('login_attempts')
    .where('created_at', '<', minutesAgo(WINDOW_MINUTES * 4))
    .execute();
  await db
    .deleteFrom('notification_runs')
    .where('created_at', '<', minutesAgo(7 * 24 * 60))
    .execute();
}
