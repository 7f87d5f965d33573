import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import type { Ctx } from '../../domain/context';
import { isoDateIn } from '../../i18n';
import { transaction } from '../../lib/transaction';
import { villageActivity } from '../dashboard/dashboard.queries';
import { villagePath } from '../portal/paths';
import { announce, announced, officeOf } from './notify';

// Days already checked by this process, per database and kecamatan: after the first visit of the
// day the check costs nothing, not even a query.
const checked = new WeakMap<Kysely<Database>, Map<number, string>>();

/**
 * Announces to the camat office each village that became quiet (the dashboard's definition), once
 * per quiet spell: the spell is named by the village's last publication, so it is announced again
 * only after the village published and fell quiet anew. Runs at most once per kecamatan and day,
 * lazily, when the camat office opens the workspace: the claim in notification_runs makes one
 * instance do it, and the unique dedupe_key makes a repeat add nothing. Returns how many rows it added.
 */
export async function checkQuietVillages(ctx: Ctx, now = new Date()): Promise<number> {
  const day = isoDateIn(ctx.district.timezone, now);
  let seen = checked.get(ctx.db);
  if (!seen) checked.set(ctx.db, (seen = new Map()));
  if (seen.get(ctx.district.id) === day) return 0;
  const claim = await ctx.db
    .insertInto('notification_runs')
    .orIgnore()
    .values({ run_key: `quiet:${ctx.district.id}:${day}`, created_at: nowUtc() })
    .executeTakeFirst();
  seen.set(ctx.district.id, day);
  if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) return 0;
  try {
    return await announceQuiet(ctx, now);
  } catch (err) {
    // Not done: the next visit may try again.
    seen.delete(ctx.district.id);
    await ctx.db.deleteFrom('notification_runs').where('run_key', '=', `quiet:${ctx.district.id}:${day}`).execute();
    throw err;
  }
}

async function announceQuiet(ctx: Ctx, now: Date): Promise<number> {
  const quiet = (await villageActivity(ctx, now)).filter((v) => v.quiet);
  if (quiet.length === 0) return 0;
  const added = await transaction(ctx.db, async (trx) => {
    const office = await officeOf(trx, ctx.district.id, null);
    let n = 0;
    for (const v of quiet) {
      n += await announce(trx, office, {
        districtId: ctx.district.id,
        kind: 'quiet',
        title: v.name,
        villageName: v.name,
        path: villagePath(v.slug),
        dedupeKey: (userId) => `quiet:${userId}:${v.id}:${v.lastPublished ?? 'never'}`,
      });
    }
    return n;
  });
  announced(ctx.db);
  return added;
}
