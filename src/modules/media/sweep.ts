import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { toDbDate } from '../../db/time';
import { type MediaStorage, deleteVariants, sweepOrphans } from '../../files';
import { parseFiles } from './media.queries';

export interface SweepOptions {
  /** Stored files no row knows are deleted once older than this (an upload in progress writes files before its row). */
  orphanAgeMs: number;
  /** A soft-deleted row keeps its files this long (so it can still be restored by hand), then they go. */
  purgeAfterMs: number;
  now?: Date;
}

export interface MediaSweepReport {
  scanned: number;
  orphansDeleted: number;
  purgedFiles: number;
  purgedRows: number;
  /** Soft-deleted rows kept because content still points at them (their files are gone all the same). */
  keptReferenced: number;
  failedDeletes: string[];
}

const DAY = 24 * 3600_000;
export const DEFAULT_SWEEP: SweepOptions = { orphanAgeMs: DAY, purgeAfterMs: 30 * DAY };

async function isReferenced(db: Kysely<Database>, mediaId: number): Promise<boolean> {
  const checks = [
    () => db.selectFrom('item_media').select('media_id as id').where('media_id', '=', mediaId).limit(1).executeTakeFirst(),
    () => db.selectFrom('project_update_media').select('media_id as id').where('media_id', '=', mediaId).limit(1).executeTakeFirst(),
    () => db.selectFrom('content_items').select('cover_media_id as id').where('cover_media_id', '=', mediaId).limit(1).executeTakeFirst(),
    () => db.selectFrom('village_profiles').select('cover_media_id as id').where('cover_media_id', '=', mediaId).limit(1).executeTakeFirst(),
  ];
  for (const check of checks) if (await check()) return true;
  return false;
}

/**
 * Install-wide clean-up of the media store (all kecamatan share one store):
 * 1. files no live row knows (a live row: not deleted, or deleted less than purgeAfter ago) and older
 *    than orphanAge are deleted — failed uploads, rows removed by hand;
 * 2. rows soft-deleted longer than purgeAfter lose their files, then the row itself unless content
 *    still references it.
 */
export async function sweepMedia(db: Kysely<Database>, storage: MediaStorage, opts: SweepOptions = DEFAULT_SWEEP): Promise<MediaSweepReport> {
  const now = opts.now ?? new Date();
  const cutoff = toDbDate(new Date(now.getTime() - opts.purgeAfterMs));
  const report: MediaSweepReport = { scanned: 0, orphansDeleted: 0, purgedFiles: 0, purgedRows: 0, keptReferenced: 0, failedDeletes: [] };

  const live = await db
    .selectFrom('media')
    .select('files')
    .where((eb) => eb.or([eb('deleted_at', 'is', null), eb('deleted_at', '>', cutoff)]))
    .execute();
  const known = new Set(live.flatMap((row) => parseFiles(row.files).map((f) => f.key)));
  const orphans = await sweepOrphans(storage, known, opts.orphanAgeMs, now);
  report.scanned = orphans.scanned;
  report.orphansDeleted = orphans.deleted.length;

  const expired = await db.selectFrom('media').select(['id', 'files']).where('deleted_at', '<=', cutoff).orderBy('id').execute();
  for (const row of expired) {
    const keys = parseFiles(row.files).map((f) => f.key);
    if (keys.length === 0 && (await isReferenced(db, row.id))) continue;
    const failed = await deleteVariants(storage, keys);
    report.purgedFiles += keys.length - failed.length;
    report.failedDeletes.push(...failed);
    if (failed.length > 0) continue;
    if (await isReferenced(db, row.id)) {
      // The files are gone; an empty list keeps later sweeps from counting them again.
      if (keys.length > 0) await db.updateTable('media').set({ files: '[]' }).where('id', '=', row.id).execute();
      report.keptReferenced++;
      continue;
    }
    await db.deleteFrom('media').where('id', '=', row.id).where('deleted_at', '<=', cutoff).execute();
    report.purgedRows++;
  }
  return report;
}
