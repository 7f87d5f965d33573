import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { accessibleBy } from '../../authz/accessible-by';
import type { Database } from '../../db/schema';
import { toDbDate } from '../../db/time';
import type { Ctx } from '../../domain/context';
import { sectionOf } from '../sections';

type Where = (eb: ExpressionBuilder<Database, 'content_items'>) => Expression<SqlBool>;

/** A village is flagged quiet when nothing of it was published within this many days. */
export const QUIET_DAYS = 30;
const LIST_SIZE = 5;

// The operator's four piles. "Returned" includes a live item whose pending edit came back with a note.
const PILES: Record<'drafts' | 'waiting' | 'returned' | 'published', Where> = {
  drafts: (eb) => eb('content_items.status', '=', 'draft'),
  waiting: (eb) => eb.or([eb('content_items.status', '=', 'submitted'), eb('content_items.pending_revision_id', 'is not', null)]),
  returned: (eb) =>
    eb.or([
      eb('content_items.status', '=', 'returned'),
      eb.and([eb('content_items.status', '=', 'published'), eb('content_items.review_note', 'is not', null), eb('content_items.pending_revision_id', 'is', null)]),
    ]),
  published: (eb) => eb('content_items.status', '=', 'published'),
};

export type Pile = keyof typeof PILES;

/** Drafts, waiting, returned and recently published items of the operator's own village. */
export async function villageWork(ctx: Ctx, villageId: number) {
  const base = ctx.db
    .selectFrom('content_items')
    .where('content_items.district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'read', 'Content', 'content_items'))
    .where('content_items.village_id', '=', villageId)
    .where('content_items.deleted_at', 'is', null);
  const pile = async (name: Pile) => {
    const q = base.where(PILES[name]);
    const [rows, total] = await Promise.all([
      q
        .select(['id', 'type', 'title', 'status', 'review_note', 'pending_revision_id', 'updated_at', 'published_at'])
        .orderBy(name === 'published' ? 'content_items.published_at' : 'content_items.updated_at', 'desc')
        .orderBy('content_items.id', 'desc')
        .limit(LIST_SIZE)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(total.n), rows: rows.map((r) => ({ ...r, section: sectionOf(r.type).section })) };
  };
  const names: Pile[] = ['drafts', 'waiting', 'returned', 'published'];
  const results = await Promise.all(names.map(pile));
  return Object.fromEntries(names.map((n, i) => [n, results[i]])) as Record<Pile, Awaited<ReturnType<typeof pile>>>;
}

export interface VillageActivity {
  id: number;
  name: string;
  slug: string;
  kind: string;
  review_required: number;
  lastPublished: string | null;
  published: number;
  operators: number;
  never: boolean;
  quiet: boolean;
  noOperator: boolean;
}

/** Every village of the kecamatan with its last publication and active operators, quietest first. */
export async function villageActivity(ctx: Ctx, now = new Date()): Promise<VillageActivity[]> {
  const [villages, published, operators] = await Promise.all([
    ctx.db
      .selectFrom('villages')
      .select(['id', 'name', 'slug', 'kind', 'review_required'])
      .where('district_id', '=', ctx.district.id)
      .where(accessibleBy(ctx.ability, 'read', 'Village', 'villages'))
      .execute(),
    ctx.db
      .selectFrom('content_items')
      .select((eb) => ['village_id', eb.fn.max('published_at').as('last'), eb.fn.countAll<number>().as('n')])
      .where('district_id', '=', ctx.district.id)
      .where(accessibleBy(ctx.ability, 'read', 'Content', 'content_items'))
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .where('village_id', 'is not', null)
      .groupBy('village_id')
      .execute(),
    ctx.db
      .selectFrom('users')
      .select((eb) => ['village_id', eb.fn.countAll<number>().as('n')])
      .where('district_id', '=', ctx.district.id)
      .where(accessibleBy(ctx.ability, 'read', 'User', 'users'))
      .where('role', '=', 'village_operator')
      .where('disabled_at', 'is', null)
      .groupBy('village_id')
      .execute(),
  ]);
  const cutoff = toDbDate(new Date(now.getTime() - QUIET_DAYS * 86_400_000));
  const pub = new Map(published.map((p) => [p.village_id, p]));
  const ops = new Map(operators.map((o) => [o.village_id, Number(o.n)]));
  const rows = villages.map((v): VillageActivity => {
    const p = pub.get(v.id);
    const last = p?.last ? String(p.last) : null;
    const count = ops.get(v.id) ?? 0;
    return {
      ...v,
      review_required: Number(v.review_required),
      lastPublished: last,
      published: Number(p?.n ?? 0),
      operators: count,
      never: last === null,
      quiet: last === null || last < cutoff,
      noOperator: count === 0,
    };
  });
  // Never published first (by name), then the longest silence first.
  return rows.sort((a, b) => {
    if (a.lastPublished === b.lastPublished) return a.name.localeCompare(b.name, 'id');
    if (a.lastPublished === null) return -1;
    if (b.lastPublished === null) return 1;
    return a.lastPublished < b.lastPublished ? -1 : 1;
  });
}
