import { type Kysely, MysqlAdapter, sql } from 'kysely';
import type { Database } from '../../db/schema';
import { PRODUCT_CATEGORIES } from '../sections/product';
import { imagesById, publishedBySlug, publishedItems } from './published';

export const PRODUCTS_PER_PAGE = 24;
export const SORTS = ['terbaru', 'termurah', 'termahal'] as const;
export type ProductSort = (typeof SORTS)[number];

export interface ProductFilters {
  desa: string | null;
  kategori: string | null;
  min: number | null;
  max: number | null;
  q: string;
  urut: ProductSort;
  page: number;
}

const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
/** A page number clamped to 1..10000 (anything unreadable is page 1). */
export const pageOf = (v: unknown): number => {
  const n = /^\d{1,9}$/.test(one(v)) ? Number(one(v)) : 1;
  return Math.min(Math.max(n, 1), 10000);
};
/** Rupiah digits only ("25000"), at most 15 digits; anything else means "no bound". */
const rupiahOf = (v: unknown): number | null => (/^\d{1,15}$/.test(one(v).trim()) ? Number(one(v).trim()) : null);

/** Reads ?desa, ?kategori, ?min, ?max, ?q, ?urut, ?page through allowlists; never throws. */
export function productFilters(query: Record<string, unknown>, villageSlugs: readonly string[]): ProductFilters {
  const desa = one(query.desa);
  const kategori = one(query.kategori);
  const urut = one(query.urut);
  let min = rupiahOf(query.min);
  let max = rupiahOf(query.max);
  if (min !== null && max !== null && min > max) [min, max] = [max, min];
  return {
    desa: villageSlugs.includes(desa) ? desa : null,
    kategori: (PRODUCT_CATEGORIES as readonly string[]).includes(kategori) ? kategori : null,
    min,
    max,
    q: one(query.q).trim().slice(0, 100),
    urut: (SORTS as readonly string[]).includes(urut) ? (urut as ProductSort) : 'terbaru',
    page: pageOf(query.page),
  };
}

/** The query string of the filters (without page), for links that keep them. */
export function productQueryString(f: ProductFilters): string {
  const p = new URLSearchParams();
  if (f.desa) p.set('desa', f.desa);
  if (f.kategori) p.set('kategori', f.kategori);
  if (f.min !== null) p.set('min', String(f.min));
  if (f.max !== null) p.set('max', String(f.max));
  if (f.q) p.set('q', f.q);
  if (f.urut !== 'terbaru') p.set('urut', f.urut);
  return p.toString();
}

/** A LIKE pattern matching `text` literally anywhere (with ESCAPE '!'). */
export const likePattern = (text: string): string => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** One page of the published products matching the filters (one extra row tells of a next page). */
export async function listProducts(db: Kysely<Database>, districtId: number, f: ProductFilters) {
  const pattern = likePattern(f.q);
  const villageId = f.desa === null ? null : (await db.selectFrom('villages').select('id').where('district_id', '=', districtId).where('slug', '=', f.desa).executeTakeFirst())?.id;
  // Newest first: joined in the order written on MySQL/MariaDB (STRAIGHT_JOIN, as cards() in
  // portal.queries.ts), so the read walks content_items newest first and stops after a page; left to
  // itself MariaDB starts from product_details and sorts every product (1M items: 3.3 s → 1 ms).
  const base = publishedItems(db, districtId, 'product');
  let q = (f.urut === 'terbaru' && db.getExecutor().adapter instanceof MysqlAdapter ? base.modifyFront(sql.raw('straight_join')) : base)
    .innerJoin('product_details as pd', 'pd.item_id', 'ci.id')
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select(['ci.id', 'ci.title', 'ci.slug', 'ci.cover_media_id', 'ci.cover_alt', 'pd.price', 'pd.unit', 'pd.seller_name', 'pd.availability', 'v.name as village_name', 'v.slug as village_slug'])
    // By the village's id, not its slug: then the read walks that village's products newest first
    // (content_items_public_village_idx) instead of every product of the kecamatan.
    .$if(f.desa !== null, (qb) => qb.where('ci.village_id', '=', villageId ?? 0))
    .$if(f.kategori !== null, (qb) => qb.where('pd.category', '=', f.kategori!))
    .$if(f.min !== null, (qb) => qb.where('pd.price', '>=', f.min!))
    .$if(f.max !== null, (qb) => qb.where('pd.price', '<=', f.max!))
    .$if(f.q !== '', (qb) =>
      qb.where((eb) =>
        eb.or([
          sql<boolean>`${eb.ref('ci.title')} like ${pattern} escape '!'`,
          sql<boolean>`${eb.ref('ci.summary')} like ${pattern} escape '!'`,
          sql<boolean>`${eb.ref('pd.seller_name')} like ${pattern} escape '!'`,
        ]),
      ),
    );
  if (f.urut === 'termurah') q = q.orderBy('pd.price', 'asc');
  else if (f.urut === 'termahal') q = q.orderBy('pd.price', 'desc');
  else q = q.orderBy('ci.published_at', 'desc');
  const rows = await q
    .orderBy('ci.id', 'desc')
    .limit(PRODUCTS_PER_PAGE + 1)
    .offset((f.page - 1) * PRODUCTS_PER_PAGE)
    .execute();
  const hasNext = rows.length > PRODUCTS_PER_PAGE;
  const items = rows.slice(0, PRODUCTS_PER_PAGE).map((r) => ({ ...r, price: Number(r.price) }));
  const images = await imagesById(
    db,
    items.map((r) => r.cover_media_id),
  );
  return { items: items.map((r) => ({ ...r, image: r.cover_media_id ? (images.get(r.cover_media_id) ?? null) : null })), hasNext };
}

/** A published product with its details and photos (cover first, then the gallery), or undefined. */
export async function productBySlug(db: Kysely<Database>, districtId: number, slug: string) {
  const item = await publishedBySlug(db, districtId, 'product', slug);
  if (!item) return undefined;
  const details = await db.selectFrom('product_details').selectAll().where('item_id', '=', item.id).executeTakeFirst();
  if (!details) return undefined;
  const gallery = await db.selectFrom('item_media').select('media_id').where('item_id', '=', item.id).orderBy('position').execute();
  const ids = [item.cover_media_id, ...gallery.map((g) => g.media_id)].filter((id, i, all): id is number => id !== null && all.indexOf(id) === i);
  const images = await imagesById(db, ids);
  const photos = ids.flatMap((id) => {
    const img = images.get(id);
    return img ? [{ ...img, alt: img.alt || (id === item.cover_media_id ? item.cover_alt : '') || item.title }] : [];
  });
  return { item, details: { ...details, price: Number(details.price) }, photos };
}
