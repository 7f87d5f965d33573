import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { ContentItem, Database } from '../../db/schema';
import { insertId } from '../../db/insert-id';
import { nowUtc } from '../../db/time';
import { NotFoundError } from '../../domain/errors';
import type { Ctx } from '../../domain/context';
import type { AuditAction } from '../../audit/actions';
import { recordAudit } from '../../audit/record';
import { keepingAggregates } from '../content/aggregates';
import { idList } from '../content/content.schema';
import { bumpContentVersion } from '../content/content-version';
import { isoDate } from '../content/fields';
import { getItem } from '../content/queries';
import { blockedTermsOf, findBlockedTerms } from '../content/spam';
import { imageSources } from '../media/media.urls';
import { COLUMNS, scoped, toRecord } from '../media/media.queries';
import { type ProjectStatus, project } from './project';

// Progress updates of a pembangunan item: the dated "0% / 50% / 100%" photo record. Every function
// reaches the project through getItem (the caller's CASL rules), never by a bare id.

type Db = Kysely<Database> | Transaction<Database>;
export const MAX_UPDATE_PHOTOS = 6;

/** The last date an update may carry: tomorrow (UTC), which covers every Indonesian timezone's today. */
export function latestUpdateDate(now = new Date()): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}

export const updateForm = z.strictObject({
  update_date: isoDate(true).refine((d) => typeof d !== 'string' || d <= latestUpdateDate(), 'projectUpdate.dateFuture'),
  percent: z
    .string()
    .trim()
    .default('')
    .transform((v, ctx) => {
      const m = v.replace(/\s*%$/, '').match(/^\d{1,3}$/);
      if (!m || Number(m[0]) > 100) {
        ctx.addIssue({ code: 'custom', message: v === '' ? 'validation.required' : 'projectUpdate.percentInvalid' });
        return z.NEVER;
      }
      return Number(m[0]);
    }),
  note: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(2000, 'validation.tooLong'),
  // Photos already stored by an earlier attempt that failed validation (re-sent by the form).
  media_ids: idList,
});
export type UpdateInput = { update_date: string; percent: number; note: string; mediaIds: number[] };

/** Blocked terms (judi online and the like) found in a note, by the kecamatan's list. */
export function noteSpam(ctx: Ctx, note: string): string[] {
  return findBlockedTerms([note], blockedTermsOf(ctx.district.blocked_terms));
}

/** A project (not trashed) the caller may read, or with `action` 'update' may change. */
export async function getProject(ctx: Ctx, id: number, action: 'read' | 'update'): Promise<ContentItem> {
  const item = await getItem(ctx, project, id, action);
  if (item.deleted_at) throw new NotFoundError();
  return item;
}

/** Status follows the latest update: 100% is selesai, anything above 0 berjalan; no updates leaves it. */
export function statusAfter(current: ProjectStatus, latest: number | null): ProjectStatus {
  if (latest === null) return current;
  if (latest >= 100) return 'selesai';
  return latest > 0 || current === 'selesai' ? 'berjalan' : current;
}

async function recompute(trx: Db, itemId: number): Promise<{ progress: number; status: ProjectStatus }> {
  const latest = await trx
    .selectFrom('project_updates')
    .select('percent')
    .where('item_id', '=', itemId)
    .where('deleted_at', 'is', null)
    .orderBy('update_date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const details = await trx.selectFrom('project_details').select('project_status').where('item_id', '=', itemId).executeTakeFirstOrThrow();
  const progress = latest ? Number(latest.percent) : 0;
  const status = statusAfter(details.project_status, latest ? progress : null);
  await trx.updateTable('project_details').set({ progress, project_status: status }).where('item_id', '=', itemId).execute();
  return { progress, status };
}

export async function projectProgress(ctx: Ctx, item: ContentItem) {
  return ctx.db.selectFrom('project_details').select(['progress', 'project_status']).where('item_id', '=', item.id).executeTakeFirst();
}

/** The timeline, newest first (by date, then entry), each update with its photos in order. */
export async function listUpdates(ctx: Ctx, id: number) {
  const item = await getProject(ctx, id, 'read');
  const rows = await ctx.db
    .selectFrom('project_updates')
    .leftJoin('users', 'users.id', 'project_updates.author_id')
    .select(['project_updates.id', 'project_updates.update_date', 'project_updates.percent', 'project_updates.note', 'project_updates.created_at', 'users.name as author_name'])
    .where('project_updates.item_id', '=', item.id)
    .where('project_updates.deleted_at', 'is', null)
    .orderBy('project_updates.update_date', 'desc')
    .orderBy('project_updates.id', 'desc')
    .execute();
  const links = rows.length
    ? await ctx.db
        .selectFrom('project_update_media')
        .select(['update_id', 'media_id'])
        .where(
          'update_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('position')
        .execute()
    : [];
  const mediaIds = [...new Set(links.map((l) => l.media_id))];
  const media = mediaIds.length ? (await scoped(ctx, 'read').select(COLUMNS).where('media.id', 'in', mediaIds).execute()).map(toRecord) : [];
  return rows.map((r) => ({
    ...r,
    percent: Number(r.percent),
    photos: links
      .filter((l) => l.update_id === r.id)
      .map((l) => media.find((m) => m.id === l.media_id))
      .flatMap((m) => {
        const sources = m ? imageSources(m.files) : null;
        return m && sources ? [{ id: m.id, alt: m.alt, ...sources }] : [];
      }),
  }));
}

function audit(ctx: Ctx, action: AuditAction, item: ContentItem, detail: Record<string, unknown>) {
  return recordAudit(ctx.db, {
    action,
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    villageId: item.village_id,
    targetType: 'content',
    targetId: item.id,
    detail: { type: 'project', live: item.status === 'published' || undefined, ...detail },
    ip: ctx.ip,
  });
}

/** A note the spam guard caught is refused, not stored; the attempt is audited for the camat office. */
export async function auditRefusedNote(ctx: Ctx, item: ContentItem, terms: string[]): Promise<void> {
  await audit(ctx, 'project.update_refused', item, { spam: terms });
}

/**
 * Adds a dated update (photos already stored and checked attachable to the project's village),
 * then sets the project's progress and status from the latest update. Progress updates are dated
 * facts: they go live at once even in a village in review mode, and every one is audited.
 */
export async function addUpdate(ctx: Ctx, id: number, input: UpdateInput) {
  const item = await getProject(ctx, id, 'update');
  // The status follows the updates, and the pembangunan totals follow the status.
  const result = await ctx.db.transaction().execute((trx) =>
    keepingAggregates(trx, item.id, async () => {
      const updateId = insertId(
        await trx
          .insertInto('project_updates')
          .values({ item_id: item.id, update_date: input.update_date, percent: input.percent, note: input.note, author_id: ctx.user.id, created_at: nowUtc() })
          .executeTakeFirstOrThrow(),
      );
      for (const [position, media_id] of input.mediaIds.entries()) {
        await trx.insertInto('project_update_media').values({ update_id: updateId, media_id, position }).execute();
      }
      return { updateId, ...(await recompute(trx, item.id)) };
    }),
  );
  await audit(ctx, 'project.update_added', item, { update_id: result.updateId, date: input.update_date, percent: input.percent, photos: input.mediaIds.length, progress: result.progress });
  if (item.status === 'published') await bumpContentVersion(ctx);
  return result;
}

/** Soft-deletes one update of the project (404 if it is not one of its live updates) and recomputes. */
export async function removeUpdate(ctx: Ctx, id: number, updateId: number) {
  const item = await getProject(ctx, id, 'update');
  const result = await ctx.db.transaction().execute((trx) =>
    keepingAggregates(trx, item.id, async () => {
      const res = await trx.updateTable('project_updates').set({ deleted_at: nowUtc() }).where('id', '=', updateId).where('item_id', '=', item.id).where('deleted_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return null;
      return recompute(trx, item.id);
    }),
  );
  if (!result) throw new NotFoundError();
  await audit(ctx, 'project.update_removed', item, { update_id: updateId, progress: result.progress });
  if (item.status === 'published') await bumpContentVersion(ctx);
  return result;
}
