import { accessibleBy } from '../../authz/accessible-by';
import { authorize } from '../../authz/authorize';
import type { Action } from '../../authz/ability';
import type { ContentItem, ContentStatus } from '../../db/schema';
import { NotFoundError } from '../../domain/errors';
import type { Page } from '../../lib/pagination';
import type { Ctx } from '../../domain/context';
import type { SectionDef } from './section';

/** One item of this section the caller may read (404 otherwise); `action` must be allowed too (403). */
export async function getItem(ctx: Ctx, def: SectionDef, id: number, action: Action = 'read'): Promise<ContentItem> {
  const item = await ctx.db
    .selectFrom('content_items')
    .selectAll()
    .where('id', '=', id)
    .where('type', '=', def.type)
    .where('district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'read', 'Content', 'content_items'))
    .executeTakeFirst();
  if (!item) throw new NotFoundError();
  authorize(ctx.ability, action, 'Content', item);
  return item;
}

export interface ListFilter {
  q: string;
  status: ContentStatus | '';
  villageId: number | null;
  trash: boolean;
}

const STATUSES = ['draft', 'submitted', 'published', 'returned', 'archived'] as const;

/** Filter values from the query string, each through an allowlist; junk falls back to "all". */
export function listFilterOf(query: Record<string, unknown>): ListFilter {
  const q = typeof query.q === 'string' ? query.q.trim().slice(0, 100) : '';
  const status = STATUSES.find((s) => s === query.status) ?? '';
  const village = typeof query.desa === 'string' && /^[1-9]\d{0,8}$/.test(query.desa) ? Number(query.desa) : null;
  return { q, status, villageId: village, trash: query.sampah === '1' };
}

export async function listItems(ctx: Ctx, def: SectionDef, filter: ListFilter, page: Page) {
  let base = ctx.db
    .selectFrom('content_items')
    .leftJoin('villages', 'villages.id', 'content_items.village_id')
    .leftJoin('users', 'users.id', 'content_items.author_id')
    .where('content_items.type', '=', def.type)
    .where('content_items.district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'read', 'Content', 'content_items'))
    .where('content_items.deleted_at', filter.trash ? 'is not' : 'is', null);
  if (filter.status) base = base.where('content_items.status', '=', filter.status);
  if (filter.villageId !== null) base = base.where('content_items.village_id', '=', filter.villageId);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('content_items.title', 'like', like), eb('content_items.summary', 'like', like)]));
  }
  const [rows, total] = await Promise.all([
    base
      .select([
        'content_items.id',
        'content_items.title',
        'content_items.slug',
        'content_items.status',
        'content_items.village_id',
        'content_items.pending_revision_id',
        'content_items.spam_matches',
        'content_items.updated_at',
        'content_items.published_at',
        'content_items.deleted_at',
        'villages.name as village_name',
        'users.name as author_name',
      ])
      .orderBy('content_items.updated_at', 'desc')
      .orderBy('content_items.id', 'desc')
      .limit(page.perPage)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function listRevisions(ctx: Ctx, item: ContentItem) {
  return ctx.db
    .selectFrom('content_revisions')
    .leftJoin('users', 'users.id', 'content_revisions.author_id')
    .select(['content_revisions.id', 'content_revisions.version', 'content_revisions.kind', 'content_revisions.created_at', 'content_revisions.data', 'users.name as author_name'])
    .where('content_revisions.item_id', '=', item.id)
    .orderBy('content_revisions.id', 'desc')
    .execute();
}
