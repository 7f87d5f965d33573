import type { Request } from 'express';
import type { Kysely } from 'kysely';
import type { ContentType, Database, Timezone } from '../../db/schema';
import { fromDbDate } from '../../db/time';
import type { Page } from '../../http/pagination';
import { TIMEZONES } from '../../i18n';
import type { ImageSources } from '../media/media.urls';
import { TYPE_PREFIX, baseUrl } from './paths';
import { imagesById, publishedItems } from './published';

// Shared reads of the public pages, all built on publishedItems (published, not trashed, this kecamatan).

export type Db = Kysely<Database>;
export type Image = ImageSources & { alt: string };

/** Public URL prefix of each content type (the one map in paths.ts). */
export const PATH_OF = TYPE_PREFIX;

/** Published items of one type as list cards (with their village), not yet ordered or limited. */
export function cards(db: Db, districtId: number, type: ContentType) {
  return publishedItems(db, districtId, type)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select(['ci.id', 'ci.type', 'ci.slug', 'ci.title', 'ci.summary', 'ci.published_at', 'ci.cover_media_id', 'ci.cover_alt', 'ci.village_id'])
    .select(['v.name as village_name', 'v.slug as village_slug', 'v.kind as village_kind']);
}

/** Adds `href` and the cover's image sources (or null) to each card. */
export async function dress<T extends { type: ContentType; slug: string; cover_media_id: number | null }>(db: Db, rows: T[]) {
  const images = await imagesById(db, rows.map((r) => r.cover_media_id));
  return rows.map((r) => ({
    ...r,
    href: `${PATH_OF[r.type]}/${r.slug}`,
    image: (r.cover_media_id !== null ? images.get(r.cover_media_id) : undefined) ?? null,
  }));
}

/** One page of rows fetched with limit perPage + 1: the rows to show and whether a next page exists. */
export function paged<T>(rows: T[], page: Page): { rows: T[]; hasNext: boolean } {
  return { rows: rows.slice(0, page.perPage), hasNext: rows.length > page.perPage };
}

/** 'YYYY-MM-DD' today in the kecamatan's timezone. */
export function todayIn(tz: Timezone, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIMEZONES[tz], year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export const absoluteUrl = (req: Request, path: string) => `${baseUrl(req)}${path}`;

export const isoOf = (value: string | Date | null) => (value === null ? undefined : (value instanceof Date ? value : fromDbDate(value)).toISOString());

/** Published counts per village and type, and each village's latest publication. */
export async function villageStats(db: Db, districtId: number) {
  const counts = await publishedItems(db, districtId)
    .where('ci.village_id', 'is not', null)
    .select(['ci.village_id', 'ci.type', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('ci.published_at').as('last')])
    .groupBy(['ci.village_id', 'ci.type'])
    .execute();
  const out = new Map<number, { potential: number; product: number; project: number; news: number; last: string | null }>();
  for (const c of counts) {
    const id = c.village_id!;
    const s = out.get(id) ?? { potential: 0, product: 0, project: 0, news: 0, last: null };
    if (c.type === 'potential' || c.type === 'product' || c.type === 'project' || c.type === 'news') s[c.type] = Number(c.n);
    const last = c.last === null ? null : String(c.last);
    if (last && (!s.last || last > s.last)) s.last = last;
    out.set(id, s);
  }
  return out;
}

export const villagesOf = (db: Db, districtId: number) =>
  db.selectFrom('villages').select(['id', 'name', 'slug', 'kind', 'code']).where('district_id', '=', districtId).orderBy('name').execute();

/** Latest products with their price (for cards). */
export async function latestProducts(db: Db, districtId: number, limit: number, offset = 0, villageId?: number) {
  const rows = await cards(db, districtId, 'product')
    .innerJoin('product_details as pd', 'pd.item_id', 'ci.id')
    .select(['pd.price', 'pd.unit'])
    .$if(villageId !== undefined, (q) => q.where('ci.village_id', '=', villageId!))
    .orderBy('ci.published_at', 'desc')
    .orderBy('ci.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return dress(db, rows);
}

/** Projects with their status and progress; `status` narrows to one status. */
export async function latestProjects(db: Db, districtId: number, limit: number, opts: { offset?: number; villageId?: number; status?: 'berjalan' } = {}) {
  const rows = await cards(db, districtId, 'project')
    .innerJoin('project_details as pd', 'pd.item_id', 'ci.id')
    .select(['pd.progress', 'pd.project_status', 'pd.fiscal_year'])
    .$if(opts.villageId !== undefined, (q) => q.where('ci.village_id', '=', opts.villageId!))
    .$if(opts.status !== undefined, (q) => q.where('pd.project_status', '=', opts.status!))
    .orderBy('ci.published_at', 'desc')
    .orderBy('ci.id', 'desc')
    .limit(limit)
    .offset(opts.offset ?? 0)
    .execute();
  return dress(db, rows);
}

/** Plain cards of one type, newest first. */
export async function latest(db: Db, districtId: number, type: ContentType, limit: number, offset = 0, villageId?: number) {
  const rows = await cards(db, districtId, type)
    .$if(villageId !== undefined, (q) => q.where('ci.village_id', '=', villageId!))
    .orderBy('ci.published_at', 'desc')
    .orderBy('ci.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return dress(db, rows);
}

/** Events from `today` on (soonest first) or before it (latest first). */
export async function events(db: Db, districtId: number, today: string, when: 'upcoming' | 'past', limit: number, offset = 0) {
  const rows = await cards(db, districtId, 'event')
    .innerJoin('event_details as ed', 'ed.item_id', 'ci.id')
    .select(['ed.starts_on', 'ed.ends_on', 'ed.start_time', 'ed.place'])
    .$if(when === 'upcoming', (q) => q.where((eb) => eb.or([eb('ed.starts_on', '>=', today), eb('ed.ends_on', '>=', today)])).orderBy('ed.starts_on', 'asc'))
    .$if(when === 'past', (q) => q.where('ed.starts_on', '<', today).where((eb) => eb.or([eb('ed.ends_on', 'is', null), eb('ed.ends_on', '<', today)])).orderBy('ed.starts_on', 'desc'))
    .orderBy('ci.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return dress(db, rows);
}
