import type { ExpressionBuilder, SqlBool, Expression } from 'kysely';
import { accessibleBy } from '../../authz/accessible-by';
import type { Database } from '../../db/schema';
import type { Ctx } from '../../domain/context';
import { imageSources } from '../media/media.urls';
import { sectionOf } from '../sections';
import type { SavedFile } from '../../files';

// What waits for the camat office: a new submission, or an edit of a live item kept aside.
const waiting = (eb: ExpressionBuilder<Database, 'content_items'>): Expression<SqlBool> =>
  eb.or([eb('content_items.status', '=', 'submitted'), eb('content_items.pending_revision_id', 'is not', null)]);

function queueBase(ctx: Ctx) {
  return ctx.db
    .selectFrom('content_items')
    .where('content_items.district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'review', 'Content', 'content_items'))
    .where('content_items.deleted_at', 'is', null)
    .where(waiting);
}

/** The whole queue of the kecamatan, oldest first, across villages and types. */
export async function listQueue(ctx: Ctx) {
  const rows = await queueBase(ctx)
    .leftJoin('villages', 'villages.id', 'content_items.village_id')
    .leftJoin('users as author', 'author.id', 'content_items.author_id')
    .leftJoin('users as editor', 'editor.id', 'content_items.updated_by')
    .select([
      'content_items.id',
      'content_items.type',
      'content_items.title',
      'content_items.status',
      'content_items.pending_revision_id',
      'content_items.spam_matches',
      'content_items.updated_at',
      'villages.name as village_name',
      'author.name as author_name',
      'editor.name as editor_name',
    ])
    .orderBy('content_items.updated_at', 'asc')
    .orderBy('content_items.id', 'asc')
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...r, section: sectionOf(r.type).section }));
}

export async function countQueue(ctx: Ctx): Promise<number> {
  const row = await queueBase(ctx)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The section, village and author of an item the caller may review; null when out of reach. */
export async function reviewHead(ctx: Ctx, id: number) {
  const row = await ctx.db
    .selectFrom('content_items')
    .leftJoin('villages', 'villages.id', 'content_items.village_id')
    .leftJoin('users', 'users.id', 'content_items.author_id')
    .select(['content_items.type', 'villages.name as village_name', 'users.name as author_name'])
    .where('content_items.id', '=', id)
    .where('content_items.district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'review', 'Content', 'content_items'))
    .where('content_items.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { def: sectionOf(row.type), villageName: row.village_name, authorName: row.author_name } : null;
}

export async function pendingRevision(ctx: Ctx, itemId: number, revisionId: number) {
  return ctx.db
    .selectFrom('content_revisions')
    .leftJoin('users', 'users.id', 'content_revisions.author_id')
    .select(['content_revisions.data', 'content_revisions.created_at', 'users.name as author_name'])
    .where('content_revisions.id', '=', revisionId)
    .where('content_revisions.item_id', '=', itemId)
    .executeTakeFirst();
}

/** Thumbnails of the photos a snapshot points at, within what the caller may read. */
export async function thumbsOf(ctx: Ctx, ids: number[]) {
  const out = new Map<number, { thumb: string; alt: string }>();
  if (ids.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('media')
    .select(['id', 'files', 'alt'])
    .where('id', 'in', ids)
    .where('district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'read', 'Media', 'media'))
    .execute();
  for (const r of rows) {
    const src = imageSources(JSON.parse(r.files) as SavedFile[]);
    if (src) out.set(r.id, { thumb: src.thumb, alt: r.alt });
  }
  return out;
}
