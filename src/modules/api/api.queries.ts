import type { Kysely } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import { numberOrNull } from '../../db/numbers';
import { itemPath, villagePath } from '../portal/paths';
import { publishedItems } from '../portal/published';
import { SECTIONS, sectionOf } from '../sections';

// The JSON API's reads. Content comes only through publishedItems, so the API can never show
// anything unpublished, trashed or of another kecamatan.

export interface Paging {
  page: number;
  perPage: number;
}

/** The types in the API: those whose definition has an `api` part (../sections/index.ts). */
export const API_SECTIONS = SECTIONS.filter((d) => d.public.api !== null);

const iso = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return `${String(v).replace(' ', 'T')}Z`;
};

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

async function baseRows(db: Kysely<Database>, districtId: number, type: ContentType, p: Paging) {
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

function common(base: string, type: ContentType, r: Base) {
  return {
    id: r.id,
    type,
    title: r.title,
    slug: r.slug,
    summary: r.summary,
    url: `${base}${itemPath(type, r.slug)}`,
    village: r.village_slug ? { name: r.village_name, slug: r.village_slug, url: `${base}${villagePath(r.village_slug)}` } : null,
    published_at: iso(r.published_at),
    updated_at: iso(r.updated_at),
  };
}

/** One page of published items of a type, with their typed details, and the total. */
export async function listItems(db: Kysely<Database>, districtId: number, type: ContentType, p: Paging, base: string) {
  const [total, rows] = await Promise.all([countOf(db, districtId, type), baseRows(db, districtId, type, p)]);
  const ids = rows.map((r) => r.id);
  const items = rows.map((r) => common(base, type, r));
  if (ids.length === 0) return { total, items };
  const api = sectionOf(type).public.api;
  if (!api?.fields || !api.details) return { total, items };
  // An item without its details row (none is published so) still has every field, as null.
  const none = Object.fromEntries(Object.keys(api.fields.shape).map((k) => [k, null]));
  const details = await api.details(db, ids, base);
  return { total, items: items.map((it) => ({ ...it, ...none, ...details.get(it.id) })) };
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
    url: `${base}${villagePath(r.slug)}`,
    head_name: r.head_name || null,
    population: numberOrNull(r.population),
    households: numberOrNull(r.households),
    population_as_of: r.population_as_of ?? null,
    area_ha: numberOrNull(r.area_ha),
    lat: numberOrNull(r.lat),
    lng: numberOrNull(r.lng),
  }));
  return { total: Number(totalRow.n), items };
}
