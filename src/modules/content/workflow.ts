import { authorize, can } from '../../authz/authorize';
import type { ContentItem, ContentStatus } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import type { Ctx } from '../../domain/context';
import type { AuditAction } from '../../audit/actions';
import { recordAudit } from '../../audit/record';
import { announceItem, announced } from '../notifications/notify';
import { keepingAggregates } from './aggregates';
import { bumpContentVersion } from './content-version';
import { getItem } from './queries';
import { awaitsReview } from './review-state';
import type { SectionDef } from './section';
import { addRevision, applySnapshot, parseSnapshot } from './snapshot';

export type StatusAction = 'submit' | 'publish' | 'archive' | 'return';

// Which statuses each action starts from: draft → submitted → published, submitted → returned,
// published → archived; a publisher may also publish straight from draft, returned or archived.
const FROM: Record<StatusAction, ContentStatus[]> = {
  submit: ['draft', 'returned'],
  publish: ['draft', 'submitted', 'returned', 'archived', 'published'],
  archive: ['published'],
  return: ['submitted', 'published'],
};

export class TransitionError extends Error {}

export async function changeStatus(ctx: Ctx, def: SectionDef, id: number, action: StatusAction, note: string): Promise<ContentStatus> {
  const item = await getItem(ctx, def, id, 'read');
  if (item.deleted_at) throw new NotFoundError();
  const pendingId = item.pending_revision_id;
  if (!FROM[action].includes(item.status)) throw new TransitionError(action);
  if (action === 'publish' && item.status === 'published' && !pendingId) throw new TransitionError(action);
  if (action === 'return' && item.status === 'published' && !pendingId) throw new TransitionError(action);

  if (action === 'submit') authorize(ctx.ability, 'update', 'Content', item);
  if (action === 'publish' || action === 'archive') authorize(ctx.ability, 'publish', 'Content', item);
  if (action === 'return') authorize(ctx.ability, 'review', 'Content', item);
  // What the spam guard caught goes live only through the camat office's review.
  if (action === 'publish' && item.spam_matches && !can(ctx.ability, 'review', 'Content', item)) throw new ForbiddenError();

  const approves = action === 'publish' && awaitsReview(item) && can(ctx.ability, 'review', 'Content', item);
  const now = nowUtc();
  let status: ContentStatus = item.status;
  let title = item.title;
  await ctx.db.transaction().execute((trx) =>
    keepingAggregates(trx, id, async () => {
      const set: Record<string, unknown> = { updated_at: now, updated_by: ctx.user.id, version: item.version + 1 };
      // A resubmitted item keeps its note in view until it is approved or withdrawn.
      if (action === 'submit') status = 'submitted';
      if (action === 'archive') status = 'archived';
      if (action === 'return') {
        set.review_note = note || null;
        set.returned_at = now;
        // A returned pending edit is discarded: its spam warning goes with it; the live version stays.
        if (pendingId) Object.assign(set, { pending_revision_id: null, spam_matches: null });
        else status = 'returned';
      }
      if (action === 'publish') {
        if (pendingId) {
          const rev = await trx.selectFrom('content_revisions').select('data').where('id', '=', pendingId).where('item_id', '=', id).executeTakeFirstOrThrow();
          const snap = parseSnapshot(rev.data);
          title = snap.title;
          await applySnapshot(trx, def, id, snap);
          await addRevision(trx, id, item.version + 1, 'save', snap, ctx.user.id);
          set.pending_revision_id = null;
        }
        status = 'published';
        set.review_note = null;
        set.spam_matches = null;
        set.published_at = item.published_at ?? now;
        if (approves) set.returned_at = null;
      }
      set.status = status;
      const res = await trx.updateTable('content_items').set(set).where('id', '=', id).where('version', '=', item.version).executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw new TransitionError('concurrent');
      // The operators hear of the camat office's decision; the camat office of what waits for it.
      const event = action === 'submit' ? 'waiting' : action === 'return' ? 'returned' : action === 'publish' && ctx.user.role !== 'village_operator' ? 'published' : null;
      if (event) await announceItem(trx, event, { ...item, title }, ctx.user, note || null);
    }),
  );
  announced(ctx.db);
  await recordAudit(ctx.db, {
    action: auditActionOf(action, item, approves),
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    villageId: item.village_id,
    targetType: 'content',
    targetId: id,
    detail: { type: def.type, from: item.status, to: status, pending: Boolean(pendingId) || undefined, note: note || undefined },
    ip: ctx.ip,
  });
  if (item.status === 'published' || status === 'published') await bumpContentVersion(ctx);
  return status;
}

function auditActionOf(action: StatusAction, item: ContentItem, approves: boolean): AuditAction {
  if (action === 'submit' && item.returned_at !== null) return 'content.resubmit';
  if (action === 'publish' && approves) return 'content.approve';
  return `content.${action}`;
}

/** Soft delete to the trash, restore from it, or (district admin, from the trash only) purge. */
export async function trashAction(ctx: Ctx, def: SectionDef, id: number, action: 'delete' | 'restore' | 'purge'): Promise<void> {
  const item = await getItem(ctx, def, id, action);
  // Taking a live item down or bringing it back changes the live site: in review mode only the camat office may.
  if ((action === 'delete' || action === 'restore') && item.status === 'published') authorize(ctx.ability, 'publish', 'Content', item);
  if (action === 'delete' && item.deleted_at) return;
  if (action !== 'delete' && !item.deleted_at) throw new TransitionError(action);
  await ctx.db.transaction().execute((trx) =>
    keepingAggregates(trx, id, async () => {
      if (action === 'purge') await trx.deleteFrom('content_items').where('id', '=', id).execute();
      else {
        await trx
          .updateTable('content_items')
          // Trashing withdraws the item: a return note has nothing left to ask for.
          .set(action === 'delete' ? { deleted_at: nowUtc(), deleted_by: ctx.user.id, review_note: null } : { deleted_at: null, deleted_by: null })
          .where('id', '=', id)
          .execute();
      }
    }),
  );
  await recordAudit(ctx.db, {
    action: `content.${action === 'delete' ? 'trashed' : action === 'restore' ? 'restored' : 'purged'}`,
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    villageId: item.village_id,
    targetType: 'content',
    targetId: id,
    detail: { type: def.type, title: item.title, withdrawn: (action === 'delete' && item.review_note !== null) || undefined },
    ip: ctx.ip,
  });
  if (item.status === 'published') await bumpContentVersion(ctx);
}
