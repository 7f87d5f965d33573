import { MysqlAdapter, type Selectable, sql } from 'kysely';
import type { PotentialDetailsTable } from '../../db/schema-content';
import { compiledQuery } from '../../db/compiled';
import { CARD_COLUMNS, COVER_COLUMNS, type Db, cards } from './portal.queries';
import { published } from './published';

// The reads of /potensi: counts per category and the cards of a page, read so that a small, old
// category does not walk back through every potensi (docs/render-path.md).

/** Published potensi counted by category (category → count), from the published_counts aggregate. */
export async function potentialCounts(db: Db, districtId: number) {
  const rows = await db
    .selectFrom('published_counts')
    .select(['category', (eb) => eb.fn.sum<number | string>('items').as('n')])
    .where('district_id', '=', districtId)
    .where('type', '=', 'potential')
    .where('category', '<>', '')
    .groupBy('category')
    .execute();
  return new Map(rows.map((c) => [c.category, Number(c.n)]));
}

type PotentialValues = { district: number; category: string; limit: number; offset: number };
/** How one category's cards are read: walking the kecamatan's potensi newest first, or from the category's index. */
export type PotentialRead = 'walk' | 'category';

// The kecamatan's entries of a category, named with the hint that reads them along
// potential_details_district_category_idx (migrations/2026_12_22_0101_potential_district.ts) on each dialect.
const categoryIndexed = (d: Db) =>
  sql<Selectable<PotentialDetailsTable>>`potential_details`.as<'pd'>(
    sql.raw(d.getExecutor().adapter instanceof MysqlAdapter ? 'pd force index (potential_details_district_category_idx)' : 'pd indexed by potential_details_district_category_idx'),
  );

/**
 * `limit` potensi cards of one category from `offset`, newest first (id breaks ties), read as the
 * shape says (readsFromCategory chooses; the planners know neither how old a category's items are
 * nor, SQLite's unanalyzed, how many):
 * - 'walk': along the kecamatan's potensi newest first (cards(): content_items first), each joined to
 *   its details by key and skipped unless of the category; stops once it has the page. `+pd.category`
 *   keeps SQLite from starting at the category's index instead (MySQL/MariaDB: STRAIGHT_JOIN).
 * - 'category': from the kecamatan's entries of the category in their index (SQLite INDEXED BY,
 *   MySQL/MariaDB FORCE INDEX; joined in the order written: STRAIGHT_JOIN, and SQLite never reorders
 *   a CROSS JOIN), each item joined by key and kept if it is published (`published`, the conditions
 *   of publishedItems in src/modules/portal/published.ts), then sorted: as many rows as the
 *   kecamatan's category has in every state, however many other potensi or other kecamatans there are.
 */
export function potentialRead(d: Db, v: PotentialValues, shape: PotentialRead) {
  const mysql = d.getExecutor().adapter instanceof MysqlAdapter;
  const q =
    shape === 'walk'
      ? cards(d, v.district, 'potential')
          .innerJoin('potential_details as pd', 'pd.item_id', 'ci.id')
          .where(mysql ? sql.ref('pd.category') : sql`+${sql.ref('pd.category')}`, '=', v.category)
      : d
          .selectFrom(categoryIndexed(d))
          .$if(mysql, (b) => b.modifyFront(sql.raw('straight_join')))
          .crossJoin('content_items as ci')
          .whereRef('ci.id', '=', 'pd.item_id')
          .where('pd.district_id', '=', v.district)
          .where('pd.category', '=', v.category)
          .where(published(v.district, 'potential'))
          .leftJoin('villages as v', 'v.id', 'ci.village_id')
          .select(CARD_COLUMNS)
          .leftJoin('media as cm', (j) => j.onRef('cm.id', '=', 'ci.cover_media_id').on('cm.deleted_at', 'is', null))
          .select(COVER_COLUMNS);
  return q.select(['pd.category', 'pd.location_text']).orderBy('ci.published_at', 'desc').orderBy('ci.id', 'desc').limit(v.limit).offset(v.offset);
}

const potentialRows = compiledQuery((d, v: PotentialValues, shape) => potentialRead(d, v, shape as PotentialRead));

/**
 * Whether the cards `skip` to `skip + n` of a category holding `count` of the kecamatan's `total`
 * published potensi are read from the category. The category's read costs its `count` rows. The
 * walk stops after `skip + n` of them, about (skip + n) × total / count rows when the category's
 * items are spread evenly over time, and reads back to the oldest potensi when they are old: the
 * category is read whenever it is no dearer than that even spread, count² ≤ (skip + n) × total.
 */
export const readsFromCategory = (count: number, total: number, skip: number, n: number): boolean => count * count <= (skip + n) * total;

/**
 * The reads of `limit` potensi cards from `offset` in the order category, newest first, of one
 * category or of all, given the published count of each category. Only the categories the window
 * falls in are read, each with its own LIMIT, never more than the category holds (the walk along
 * the type's items stops at its last item, and a category without one is not read: at 1,000,000
 * items the walk for an empty category read all 120,000 potensi; docs/render-path.md).
 */
export function potentialReads(counts: ReadonlyMap<string, number>, category: string | null, limit: number, offset: number) {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const wanted: { category: string; limit: number; offset: number; shape: PotentialRead }[] = [];
  const read = (c: string, n: number, skip: number) => wanted.push({ category: c, limit: n, offset: skip, shape: readsFromCategory(counts.get(c) ?? 0, total, skip, n) ? 'category' : 'walk' });
  if (category !== null) {
    const n = Math.min(limit, (counts.get(category) ?? 0) - offset);
    if (n > 0) read(category, n, offset);
  } else {
    // Categories in the order SQL sorts them (byte order on both dialects' ascii keys).
    let start = 0;
    for (const c of [...counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const n = counts.get(c) ?? 0;
      const from = Math.max(offset, start);
      const to = Math.min(offset + limit, start + n);
      if (from < to) read(c, to - from, from - start);
      start += n;
    }
  }
  return wanted;
}

/** `limit` potensi cards from `offset` in the order category, newest first (id breaks ties), of one category or of all: potentialReads, each read as it says. */
export async function potentialCards(db: Db, districtId: number, counts: ReadonlyMap<string, number>, category: string | null, limit: number, offset: number) {
  const parts = await Promise.all(
    potentialReads(counts, category, limit, offset).map((r) => potentialRows(db, { district: districtId, category: r.category, limit: r.limit, offset: r.offset }, r.shape)),
  );
  return parts.flat();
}
