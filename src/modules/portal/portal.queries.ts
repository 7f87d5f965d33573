import { type Kysely, MysqlAdapter, type Selectable, sql } from 'kysely';
import type { ContentType, Database, Timezone } from '../../db/schema';
import type { PotentialDetailsTable } from '../../db/schema-content';
import { fromDbDate } from '../../db/time';
import { compiledQuery } from '../../db/compiled';
import type { Page } from '../../lib/pagination';
import { isoDateIn } from '../../i18n';
import type { ImageSources } from '../media/media.urls';
import { itemPath } from './paths';
import { imageOf, publishedItems } from './published';

// Shared reads of the public pages, all built on publishedItems (published, not trashed, this kecamatan).

export type Db = Kysely<Database>;
export type Image = ImageSources & { alt: string };

/** What a card shows of an item (`ci`) and its village (`v`). */
export const CARD_COLUMNS = [
  ...['ci.id', 'ci.type', 'ci.slug', 'ci.title', 'ci.summary', 'ci.published_at', 'ci.cover_media_id', 'ci.cover_alt', 'ci.village_id'],
  ...['v.name as village_name', 'v.slug as village_slug', 'v.kind as village_kind'],
] as const;

// The cover's stored files and alt text, joined by primary key (null without a cover or when it is
// deleted): one read per list instead of a second query for the images.
export const COVER_COLUMNS = ['cm.files as cover_files', 'cm.alt as cover_media_alt'] as const;
type CoverColumns = { cover_files: string | null; cover_media_alt: string | null };

/**
 * Published items of one type as list cards (with their village), not yet ordered or limited.
 * On MySQL/MariaDB the joins run in the order written (STRAIGHT_JOIN): content_items first, along
 * its index in published_at order, so "the newest N" stops after N rows. Left to itself MariaDB
 * starts from the detail table of an inner join instead and sorts every item of the type.
 * `itemsFirst = false` leaves the order to the optimizer (lists sorted on a detail column).
 */
export function cards(db: Db, districtId: number, type: ContentType, itemsFirst = true) {
  const q = publishedItems(db, districtId, type);
  return (itemsFirst && db.getExecutor().adapter instanceof MysqlAdapter ? q.modifyFront(sql.raw('straight_join')) : q)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select(CARD_COLUMNS)
    .leftJoin('media as cm', (j) => j.onRef('cm.id', '=', 'ci.cover_media_id').on('cm.deleted_at', 'is', null))
    .select(COVER_COLUMNS);
}

/** Adds `href` and the cover's image sources (or null) to each card read with its cover columns. */
export function dress<T extends { type: ContentType; slug: string } & CoverColumns>(rows: T[]) {
  return rows.map((r) => ({
    ...r,
    href: itemPath(r.type, r.slug),
    image: r.cover_files === null ? null : imageOf(r.cover_files, r.cover_media_alt ?? ''),
  }));
}

/** One page of rows fetched with limit perPage + 1: the rows to show and whether a next page exists. */
export function paged<T>(rows: T[], page: Page): { rows: T[]; hasNext: boolean } {
  return { rows: rows.slice(0, page.perPage), hasNext: rows.length > page.perPage };
}

/** 'YYYY-MM-DD' today in the kecamatan's timezone. */
export const todayIn = (tz: Timezone, now = new Date()): string => isoDateIn(tz, now);

export const isoOf = (value: string | Date | null) => (value === null ? undefined : (value instanceof Date ? value : fromDbDate(value)).toISOString());

const statsRows = compiledQuery((d, v: { district: number; village: number }, shape) =>
  d
    .selectFrom('published_counts')
    .select(['village_key', 'type', 'items', 'last_published_at'])
    .where('district_id', '=', v.district)
    .where('village_key', shape === 'all' ? '<>' : '=', v.village),
);

export type VillageStats = { potential: number; product: number; project: number; news: number; last: string | null };

/**
 * Published counts per village and type, and each village's latest publication; with `villageId`,
 * of that village only. Reads the published_counts aggregate (a few rows per village), not the items.
 */
export async function villageStats(db: Db, districtId: number, villageId?: number) {
  const values = { district: districtId, village: villageId ?? 0 };
  const rows = await statsRows(db, values, villageId === undefined ? 'all' : 'one');
  const out = new Map<number, VillageStats>();
  for (const r of rows) {
    const s = out.get(r.village_key) ?? { potential: 0, product: 0, project: 0, news: 0, last: null };
    // Potensi have a row per category: they add up.
    if (r.type === 'potential' || r.type === 'product' || r.type === 'project' || r.type === 'news') s[r.type] += Number(r.items);
    if (r.type === '' && r.last_published_at !== null) s.last = String(r.last_published_at);
    out.set(r.village_key, s);
  }
  return out;
}

const lastPostedRows = compiledQuery((d, v: { district: number }) =>
  d.selectFrom('published_counts').select(['village_key', 'last_published_at']).where('district_id', '=', v.district).where('village_key', '<>', 0).where('type', '=', ''),
);

/** Each village's latest publication (the `last` of villageStats), keyed by village id; villages that never published are absent. */
export async function villageLastPosted(db: Db, districtId: number) {
  const rows = await lastPostedRows(db, { district: districtId });
  const out = new Map<number, { last: string }>();
  for (const r of rows) if (r.last_published_at !== null) out.set(r.village_key, { last: String(r.last_published_at) });
  return out;
}

const villageRows = compiledQuery((d, v: { district: number }) => d.selectFrom('villages').select(['id', 'name', 'slug', 'kind', 'code']).where('district_id', '=', v.district).orderBy('name'));

export const villagesOf = (db: Db, districtId: number) => villageRows(db, { district: districtId });

type CardValues = { district: number; type: ContentType; limit: number; offset: number; village: number | null; status: string | null };

// The card lists of every page, compiled once per shape (src/db/compiled.ts): which of the village
// and status filters apply is the shape, everything else a value.
const shapeOf = (v: { village: number | null; status?: string | null }) => `${v.village === null ? '' : 'v'}${v.status ? 's' : ''}`;

const cardList = compiledQuery((d, v: CardValues, shape) =>
  cards(d, v.district, v.type)
    .$if(shape.includes('v'), (q) => q.where('ci.village_id', '=', v.village))
    .orderBy('ci.published_at', 'desc')
    .orderBy('ci.id', 'desc')
    .limit(v.limit)
    .offset(v.offset),
);

const productList = compiledQuery((d, v: CardValues, shape) =>
  cards(d, v.district, 'product')
    .innerJoin('product_details as pd', 'pd.item_id', 'ci.id')
    .select(['pd.price', 'pd.unit'])
    .$if(shape.includes('v'), (q) => q.where('ci.village_id', '=', v.village))
    .orderBy('ci.published_at', 'desc')
    .orderBy('ci.id', 'desc')
    .limit(v.limit)
    .offset(v.offset),
);

const projectList = compiledQuery((d, v: CardValues, shape) =>
  cards(d, v.district, 'project')
    .innerJoin('project_details as pd', 'pd.item_id', 'ci.id')
    .select(['pd.progress', 'pd.project_status', 'pd.fiscal_year'])
    .$if(shape.includes('v'), (q) => q.where('ci.village_id', '=', v.village))
    .$if(shape.includes('s'), (q) => q.where('pd.project_status', '=', v.status as 'berjalan'))
    .orderBy('ci.published_at', 'desc')
    .orderBy('ci.id', 'desc')
    .limit(v.limit)
    .offset(v.offset),
);

/** Latest products with their price (for cards). */
export async function latestProducts(db: Db, districtId: number, limit: number, offset = 0, villageId?: number) {
  const values = { district: districtId, type: 'product' as const, limit, offset, village: villageId ?? null, status: null };
  return dress(await productList(db, values, shapeOf(values)));
}

/** Projects with their status and progress; `status` narrows to one status. */
export async function latestProjects(db: Db, districtId: number, limit: number, opts: { offset?: number; villageId?: number; status?: 'berjalan' } = {}) {
  const values = { district: districtId, type: 'project' as const, limit, offset: opts.offset ?? 0, village: opts.villageId ?? null, status: opts.status ?? null };
  return dress(await projectList(db, values, shapeOf(values)));
}

/** Plain cards of one type, newest first. */
export async function latest(db: Db, districtId: number, type: ContentType, limit: number, offset = 0, villageId?: number) {
  const values = { district: districtId, type, limit, offset, village: villageId ?? null, status: null };
  return dress(await cardList(db, values, shapeOf(values)));
}

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

// The category's entries, named with the hint that reads them along potential_details_category_idx
// (migrations/2026_12_21_0201_potential_category_index.ts) on each dialect.
const categoryIndexed = (d: Db) =>
  sql<Selectable<PotentialDetailsTable>>`potential_details`.as<'pd'>(
    sql.raw(d.getExecutor().adapter instanceof MysqlAdapter ? 'pd force index (potential_details_category_idx)' : 'pd indexed by potential_details_category_idx'),
  );

/**
 * `limit` potensi cards of one category from `offset`, newest first (id breaks ties), read as the
 * shape says (readsFromCategory chooses; the planners know neither how old a category's items are
 * nor, SQLite's unanalyzed, how many):
 * - 'walk': along the kecamatan's potensi newest first (cards(): content_items first), each joined to
 *   its details by key and skipped unless of the category; stops once it has the page. `+pd.category`
 *   keeps SQLite from starting at the category's index instead (MySQL/MariaDB: STRAIGHT_JOIN).
 * - 'category': from the category's entries in its index (SQLite INDEXED BY, MySQL/MariaDB FORCE
 *   INDEX; joined in the order written: STRAIGHT_JOIN, and SQLite never reorders a CROSS JOIN), each
 *   item joined by key and kept if it is this kecamatan's and published (publishedItems' conditions,
 *   src/modules/portal/published.ts), then sorted: as many rows as the category has, in every
 *   kecamatan and state, however many other potensi there are.
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
          .where('pd.category', '=', v.category)
          .where('ci.district_id', '=', v.district)
          .where('ci.status', '=', 'published')
          .where('ci.deleted_at', 'is', null)
          .where('ci.type', '=', 'potential')
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
