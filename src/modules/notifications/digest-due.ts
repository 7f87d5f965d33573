import { type Kysely, sql } from 'kysely';
import type { Database, Timezone } from '../../db/schema';
import { UTC_OFFSET_HOURS, isoDateIn } from '../../i18n';

/** Digests go out from this local hour on, once per local day. */
export const DIGEST_HOUR = 7;

function localHour(tz: Timezone, now: Date): number {
  return (now.getUTCHours() + UTC_OFFSET_HOURS[tz]) % 24;
}

/** The claim in notification_runs of a user's digest for the local day. */
export const digestRunKey = (userId: number, tz: Timezone, now: Date) => `digest:${userId}:${isoDateIn(tz, now)}`;

/**
 * The users with digest notifications whose digest is due: in a kecamatan where it is DIGEST_HOUR
 * or later, and without today's digest claimed yet. Decided in SQL, so users already served today
 * never fill a batch and keep those still waiting out of it.
 */
export async function dueDigestUsers(db: Kysely<Database>, now: Date, limit: number) {
  const zones = (Object.keys(UTC_OFFSET_HOURS) as Timezone[]).filter((tz) => localHour(tz, now) >= DIGEST_HOUR);
  if (zones.length === 0) return [];
  return db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .innerJoin('districts', 'districts.id', 'notifications.district_id')
    .select(['users.id', 'users.name', 'users.email', 'users.disabled_at', 'users.notify_mode', 'districts.id as district_id', 'districts.timezone'])
    .where('notifications.mail_state', '=', 'digest')
    .where((eb) =>
      eb.or(
        zones.map((tz) =>
          eb.and([
            eb('districts.timezone', '=', tz),
            // digestRunKey in SQL (CONCAT: SQLite 3.44+ and MariaDB both have it).
            eb.not(
              eb.exists(
                eb
                  .selectFrom('notification_runs')
                  .select('run_key')
                  .where('run_key', '=', sql<string>`concat('digest:', ${eb.ref('users.id')}, ${`:${isoDateIn(tz, now)}`})`),
              ),
            ),
          ]),
        ),
      ),
    )
    .distinct()
    .orderBy('users.id')
    .limit(limit)
    .execute();
}
