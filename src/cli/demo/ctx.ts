import type { Kysely } from 'kysely';
import { defineAbilityFor } from '../../authz/ability';
import type { Database, District, Timezone } from '../../db/schema';
import { isoDateIn } from '../../i18n';
import type { Ctx, SessionUser } from '../../domain/context';

/**
 * A Ctx for one account, built the way a request builds it (the user row, their village's review
 * mode, their ability), so the demo goes through the same rules as the workspace.
 */
export async function ctxForUser(db: Kysely<Database>, userId: number, district: District): Promise<Ctx> {
  const row = await db
    .selectFrom('users')
    .leftJoin('villages', 'villages.id', 'users.village_id')
    .select(['users.id', 'users.district_id', 'users.village_id', 'users.username', 'users.name', 'users.role', 'users.must_change_password', 'users.session_epoch', 'villages.review_required'])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const { review_required, ...rest } = row;
  const user: SessionUser = { ...rest, must_change_password: Number(rest.must_change_password), session_epoch: Number(rest.session_epoch), village_review_required: Number(review_required ?? 0) };
  return { db, ability: defineAbilityFor(user), user, district, ip: 'cli' };
}

/** A small seeded generator (mulberry32), so every run of the demo writes the same figures. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 'YYYY-MM-DD', `days` from today in the kecamatan's timezone (negative: in the past): the date the
 * portal calls today (todayIn), which is a day ahead of UTC's from 17:00 UTC in WIB.
 */
export function dayFromToday(days: number, tz: Timezone, now = new Date()): string {
  const today = new Date(`${isoDateIn(tz, now)}T00:00:00Z`);
  return new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
