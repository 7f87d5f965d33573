import { randomInt } from 'node:crypto';
import { can, authorize } from '../../authz/authorize';
import { insertId } from '../../db/insert-id';
import type { Kysely } from 'kysely';
import type { ContentItem, ContentStatus, Database } from '../../db/schema';
import { applyDelta, countedState, keepingAggregates, noteWordsOfItem } from './aggregates';
import { nowUtc } from '../../db/time';
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import type { Ctx } from '../../domain/context';
import { slugify, uniqueSlug } from '../../lib/slug';
import { transaction } from '../../lib/transaction';
import { isDeadlock, isUniqueViolation, retrying } from '../../lib/write-races';
import type { AuditAction } from '../../audit/actions';
import { recordAudit } from '../../audit/record';
import { announceItem, announced } from '../notifications/notify';
import { renderBody } from './body';
import type { Intent } from './content.schema';
import { bumpContentVersion } from './content-version';
import { ConflictError, ContentInputError, SaveRaceError } from './content.errors';
import { getItem } from './queries';
import { awaitsReview } from './review-state';
import type { SectionDef } from './section';
import { type Snapshot, addRevision, applySnapshot, snapshotOf } from './snapshot';
import { blockedTermsOf, findBlockedTerms } from './spam';

export interface SaveInput {
  snapshot: Snapshot;
  /** What the form asked for; the server decides what it may become. */
  intent: Intent;
  /** Only a district admin chooses; an operator always posts for their own village. */
  villageId: number | null;
}

async function spamMatches(ctx: Ctx, def: SectionDef, snap: Snapshot): Promise<string[]> {
  const texts = [snap.title, snap.summary, snap.body_source, snap.cover_alt, ...def.detailTexts(snap.details as never)];
  return findBlockedTerms(texts, blockedTermsOf(ctx.district.blocked_terms));
}

/** Whether this save may go live now: the right to publish, and nothing the spam guard caught. */
function goesLive(ctx: Ctx, scope: { district_id: number; village_id: number | null }, intent: Intent, spam: string[]): boolean {
  return intent === 'publish' && spam.length === 0 && can(ctx.ability, 'publish', 'Content', scope);
}

async function resolveVillage(ctx: Ctx, def: SectionDef, requested: number | null): Promise<number | null> {
  if (ctx.user.role === 'village_operator') {
    // Pengumuman, agenda and halaman belong to the kecamatan: no operator posts them.
    if (!def.levels.includes('village')) throw new ForbiddenError();
    return ctx.user.village_id;
  }
  if (requested === null) {
    if (!def.levels.includes('district')) throw new ContentInputError('village_id', 'content.villageInvalid');
    return null;
  }
  if (!def.levels.includes('village')) throw new ContentInputError('village_id', 'content.villageInvalid');
  const v = await ctx.db.selectFrom('villages').select('id').where('id', '=', requested).where('district_id', '=', ctx.district.id).executeTakeFirst();
  if (!v) throw new ContentInputError('village_id', 'content.villageInvalid');
  return v.id;
}

const SLUG_KEY = { mysql: 'content_items_slug_uq', sqlite: 'content_items.slug' };
const SAVE_TRIES = 8;

/**
 * Runs a saving transaction again when a concurrent save took its slug first or InnoDB chose it as
 * a deadlock victim (src/lib/write-races.ts); `attempt` tells freeSlug how far to spread out.
 */
async function savingRaces<T>(save: (attempt: number) => Promise<T>): Promise<T> {
  try {
    return await retrying(SAVE_TRIES, (err) => isUniqueViolation(err, SLUG_KEY) || isDeadlock(err), save);
  } catch (err) {
    if (isUniqueViolation(err, SLUG_KEY) || isDeadlock(err)) throw new SaveRaceError();
    throw err;
  }
}

// Takes the transaction when called inside one: SQLite's single connection would wait on itself.
// After `attempt` lost races, one of the first 2^attempt free slugs, so racing writers part ways.
async function freeSlug(db: Kysely<Database>, ctx: Ctx, def: SectionDef, title: string, attempt: number, exceptId?: number): Promise<string> {
  const base = slugify(title, 100);
  const rows = await db
    .selectFrom('content_items')
    .select('slug')
    .where('district_id', '=', ctx.district.id)
    .where('type', '=', def.type)
    .where('slug', 'like', `${base}%`)
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .execute();
  return uniqueSlug(base, new Set(rows.map((r) => r.slug)), attempt === 0 ? 0 : randomInt(2 ** Math.min(attempt, 6)));
}

function audit(ctx: Ctx, action: AuditAction, item: { id: number; village_id: number | null }, detail?: Record<string, unknown>) {
  return recordAudit(ctx.db, {
    action,
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    villageId: item.village_id,
    targetType: 'content',
    targetId: item.id,
    detail,
    ip: ctx.ip,
  });
}

export async function createItem(ctx: Ctx, def: SectionDef, input: SaveInput): Promise<{ id: number; status: ContentStatus }> {
  const village_id = await resolveVillage(ctx, def, input.villageId);
  const scope = { district_id: ctx.district.id, village_id };
  authorize(ctx.ability, 'create', 'Content', scope);
  const spam = await spamMatches(ctx, def, input.snapshot);
  const live = goesLive(ctx, scope, input.intent, spam);
  const status: ContentStatus = live ? 'published' : input.intent === 'draft' ? 'draft' : 'submitted';
  const now = nowUtc();
  const snap = input.snapshot;
  const id = await savingRaces((attempt) =>
    transaction(ctx.db, async (trx) => {
      const itemId = insertId(
        await trx
          .insertInto('content_items')
          .values({
            ...scope,
            type: def.type,
            title: snap.title,
            slug: await freeSlug(trx, ctx, def, snap.title, attempt),
            summary: snap.summary,
            body_source: snap.body_source,
            body: renderBody(snap.body_source),
            cover_media_id: snap.cover_media_id,
            cover_alt: snap.cover_alt,
            status,
            spam_matches: spam.length ? spam.join(', ') : null,
            author_id: ctx.user.id,
            updated_by: ctx.user.id,
            published_at: live ? now : null,
            created_at: now,
            updated_at: now,
          })
          .executeTakeFirstOrThrow(),
      );
      await applySnapshot(trx, def, itemId, snap);
      await addRevision(trx, itemId, 1, 'save', snap, ctx.user.id);
      const counted = await countedState(trx, itemId);
      await applyDelta(trx, null, counted);
      if (counted) await noteWordsOfItem(trx, itemId);
      if (status === 'submitted') await announceItem(trx, 'waiting', { id: itemId, ...scope, type: def.type, title: snap.title }, ctx.user);
      return itemId;
    }),
  );
  announced(ctx.db);
  await audit(ctx, `content.created`, { id, village_id }, { type: def.type, status, spam: spam.length ? spam : undefined });
  if (live) await bumpContentVersion(ctx);
  return { id, status };
}

/**
 * Saves an edit against the version the editor started from. A published item whose edit may
 * not go live keeps its live version; the edit waits for review as a pending revision.
 */
export async function updateItem(ctx: Ctx, def: SectionDef, id: number, expectedVersion: number, input: SaveInput): Promise<{ status: ContentStatus; pending: boolean }> {
  const item = await getItem(ctx, def, id, 'update');
  if (item.deleted_at) throw new NotFoundError();
  if (item.version !== expectedVersion) throw new ConflictError(item, await snapshotOf(ctx.db, def, item));
  const spam = await spamMatches(ctx, def, input.snapshot);
  const wasLive = item.status === 'published';
  const live = goesLive(ctx, item, wasLive ? 'publish' : input.intent, spam);
  const pending = wasLive && !live;
  const status: ContentStatus = pending ? 'published' : live ? 'published' : input.intent === 'draft' ? (item.status === 'archived' ? 'archived' : 'draft') : 'submitted';
  const step = reviewStepOf(ctx, item, status, live, pending);
  const now = nowUtc();
  const ok = await savingRaces((attempt) =>
    transaction(ctx.db, (trx) =>
      keepingAggregates(trx, id, async () => {
        const version = item.version + 1;
        const guarded = await trx
          .updateTable('content_items')
          .set({ version, updated_at: now, updated_by: ctx.user.id, spam_matches: spam.length ? spam.join(', ') : null })
          .where('id', '=', id)
          .where('version', '=', expectedVersion)
          .executeTakeFirst();
        if (Number(guarded.numUpdatedRows) === 0) return false;
        if (pending) {
          const revId = await addRevision(trx, id, version, 'pending', input.snapshot, ctx.user.id);
          await trx.updateTable('content_items').set({ pending_revision_id: revId }).where('id', '=', id).execute();
          if (!item.pending_revision_id) await announceItem(trx, 'waiting', { ...item, title: input.snapshot.title }, ctx.user);
          return true;
        }
        await applySnapshot(trx, def, id, input.snapshot);
        const slug = item.published_at ? item.slug : await freeSlug(trx, ctx, def, input.snapshot.title, attempt, id);
        await trx
          .updateTable('content_items')
          .set({
            slug,
            status,
            pending_revision_id: null,
            published_at: item.published_at ?? (live ? now : null),
            // The return note stays in view until the item is approved or withdrawn.
            review_note: live || step === 'content.withdraw' ? null : item.review_note,
            returned_at: step === 'content.approve' ? null : item.returned_at,
          })
          .where('id', '=', id)
          .execute();
        await addRevision(trx, id, version, 'save', input.snapshot, ctx.user.id);
        const event = status === 'submitted' && item.status !== 'submitted' ? 'waiting' : live && !wasLive && ctx.user.role !== 'village_operator' ? 'published' : null;
        if (event) await announceItem(trx, event, { ...item, title: input.snapshot.title }, ctx.user);
        return true;
      }),
    ),
  );
  announced(ctx.db);
  if (!ok) {
    const current = await getItem(ctx, def, id, 'read');
    throw new ConflictError(current, await snapshotOf(ctx.db, def, current));
  }
  await audit(ctx, step, item, { type: def.type, status, spam: spam.length ? spam : undefined });
  if (live) await bumpContentVersion(ctx);
  return { status, pending };
}

/** What a save means for review, as the audit log names it. */
function reviewStepOf(ctx: Ctx, item: ContentItem, status: ContentStatus, live: boolean, pending: boolean): AuditAction {
  if (live && awaitsReview(item) && can(ctx.ability, 'review', 'Content', item)) return 'content.approve';
  if (item.returned_at !== null && (pending || (status === 'submitted' && item.status !== 'submitted'))) return 'content.resubmit';
  if (pending) return 'content.edit_submitted';
  if (status === 'draft' && (item.status === 'submitted' || item.status === 'returned')) return 'content.withdraw';
  return 'content.updated';
}
