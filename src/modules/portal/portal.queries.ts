import { type Kysely, MysqlAdapter, sql } from 'kysely';
import type { ContentType, Database, Timezone } from '../../db/schema';
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
