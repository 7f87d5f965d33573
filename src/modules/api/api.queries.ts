import type { Kysely } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import { publishedItems } from '../portal/published';

// The JSON API's reads. Content comes only through publishedItems, so the API can never show
// anything unpublished, trashed or of another kecamatan.

export interface Paging {
  page: number;
  perPage: number;
}

export type ApiType = 'news' | 'potential' | 'product' | 'project';

/** The public path of an item, per the URL map in ../portal/paths.ts. */
export const ITEM_PATH: Record<ApiType, string> = { news: '/berita', potential: '/potensi', product: '/produk', project: '/pembangunan' };

const iso = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return `${String(v).replace(' ', 'T')}Z`;
};
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * How many published items of a type the kecamatan has: the sum of its published_counts rows (one
 * per village, and per category for potensi; kept exact with every publish, see
 * src/modules/content/aggregates.ts), not a count of the items.
 */
async function countOf(db: Kysely<Database>, districtId: number, type: ContentType): Promise<number> {
  const row = await db
    .selectFrom('published_counts')
    .select((eb) => eb.fn.sum<number | string | null>('items').as('n'))
    .where('district_id', '=', districtId)
    .where('type', '=', type)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function baseRows(db: Kysely<Database>, districtId: number, type: ApiType, p: Paging) {
  return publishedItems(db, districtId, type)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select(['ci.id', 'ci.title', 'ci.slug', 'ci.summary', 'ci.published_at', 'ci.updated_at', 'v.name as village_name', 'v.slug as village_slug'])
    .orderBy('ci.published_at', 'desc')
    .orderBy('ci.id', 'desc')
    .limit(p.perPage)
    .offset((p.page - 1) * p.perPage)
    .execute();
}

type Base = Awaited<ReturnType<typeof baseRows>>[number];

function common(base: string, type: ApiType, r: Base) {
  return {
    id: r.id,
    type,
    title: r.title,
    slug: r.slug,
    summary: r.summary,
    url: `${base}${ITEM_PATH[type]}/${r.slug}`,
    village: r.village_slug ? { name: r.village_name, slug: r.village_slug, url: `${base}/desa/${r.village_slug}` } : null,
    published_at: iso(r.published_at),
    updated_at: iso(r.updated_at),
  };
}

/** One page of published items of a type, with their typed details, and the total. */
export async function listItems(db: Kysely<Database>, districtId: number, type: ApiType, p: Paging, base: string) {
  const [total, rows] = await Promise.all([countOf(db, districtId, type), baseRows(db, districtId, type, p)]);
  const ids = rows.map((r) => r.id);
  const items = rows.map((r) => common(base, type, r));
  if (ids.length === 0) return { total, items };
  if (type === 'potential') {
    const d = new Map((await db.selectFrom('potential_details').selectAll().where('item_id', 'in', ids).execute()).map((x) => [x.item_id, x]));
    return {
      total,
      items: items.map((it) => {
        const x = d.get(it.id);
        return {
          ...it,
          category: x?.category ?? null,
          location_text: x?.location_text ?? null,
          lat: num(x?.lat),
          lng: num(x?.lng),
          contact: x?.contact ?? null,
          opening_hours: x?.opening_hours ?? null,
        };
      }),
    };
  }
  if (type === 'product') {
    const d = new Map((await db.selectFrom('product_details').selectAll().where('item_id', 'in', ids).execute()).map((x) => [x.item_id, x]));
    return {
      total,
      items: items.map((it) => {
        const x = d.get(it.id);
        return {
          ...it,
          price: num(x?.price),
          currency: 'IDR',
          unit: x?.unit ?? null,
          seller_name: x?.seller_name ?? null,
          whatsapp: x?.whatsapp ?? null,
          category: x?.category ?? null,
          availability: x?.availability ?? null,
        };
      }),
    };
  }
  if (type === 'project') {
    const d = new Map((await db.selectFrom('project_details').selectAll().where('item_id', 'in', ids).execute()).map((x) => [x.item_id, x]));
    const budgets = await db.selectFrom('project_budgets').select(['item_id', 'source', 'amount']).where('item_id', 'in', ids).orderBy('id').execute();
    return {
      total,
      items: items.map((it) => {
        const x = d.get(it.id);
        const own = budgets.filter((b) => b.item_id === it.id).map((b) => ({ source: b.source, amount: Number(b.amount) }));
        return {
          ...it,
          fiscal_year: num(x?.fiscal_year),
          status: x?.project_status ?? null,
          progress: num(x?.progress) ?? 0,
          location_text: x?.location_text ?? null,
          lat: num(x?.lat),
          lng: num(x?.lng),
          executor: x?.executor ?? null,
          output_volume: x?.output_volume ?? null,
          start_date: x?.start_date ?? null,
          target_date: x?.target_date ?? null,
          budgets: own,
          budget_total: own.reduce((s, b) => s + b.amount, 0),
        };
      }),
    };
  }
  return { total, items };
}

/** One page of the kecamatan's villages with the public part of their profile. */
export async function listVillages(db: Kysely<Database>, districtId: number, p: Paging, base: string) {
  const totalRow = await db
    .selectFrom('villages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('villages as v')
    .leftJoin('village_profiles as vp', 'vp.village_id', 'v.id')
    .select(['v.id', 'v.code', 'v.name', 'v.slug', 'v.kind', 'vp.head_name', 'vp.population', 'vp.households', 'vp.population_as_of', 'vp.area_ha', 'vp.lat', 'vp.lng'])
    .where('v.district_id', '=', districtId)
    .orderBy('v.name')
    .orderBy('v.id')
    .limit(p.perPage)
    .offset((p.page - 1) * p.perPage)
    .execute();
  const items = rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    slug: r.slug,
    kind: r.kind,
    url: `${base}/desa/${r.slug}`,
    head_name: r.head_name || null,
    population: num(r.population),
    households: num(r.households),
    population_as_of: r.population_as_of ?? null,
    area_ha: num(r.area_ha),
    lat: num(r.lat),
    lng: num(r.lng),
  }));
  return { total: Number(totalRow.n), items };
}
