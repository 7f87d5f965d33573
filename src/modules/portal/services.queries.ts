import { sql } from 'kysely';
import { linesOf } from '../content/fields';
import type { Db } from './portal.queries';
import { documentsOf, imagesById, publishedBySlug, publishedItems } from './published';

/** A kecamatan has a few dozen services; the list is one page, bounded all the same. */
const MAX_LISTED = 300;

/** Every published layanan of the kecamatan, A–Z by title, with what its list entry shows. */
export async function listServices(db: Db, districtId: number) {
  const rows = await publishedItems(db, districtId, 'service')
    .innerJoin('service_details as sd', 'sd.item_id', 'ci.id')
    .select(['ci.id', 'ci.title', 'ci.slug', 'ci.summary', 'sd.audience', 'sd.duration', 'sd.cost'])
    // The same order on both dialects, whatever the column's collation.
    .orderBy(sql`lower(ci.title)`)
    .orderBy('ci.id')
    .limit(MAX_LISTED)
    .execute();
  return rows.map((r) => ({ ...r, cost: Number(r.cost) }));
}

/** A published layanan with its details (requirements and steps as lists), cover and PDF forms, or undefined. */
export async function serviceBySlug(db: Db, districtId: number, slug: string) {
  const item = await publishedBySlug(db, districtId, 'service', slug);
  if (!item) return undefined;
  const row = await db.selectFrom('service_details').selectAll().where('item_id', '=', item.id).executeTakeFirst();
  if (!row) return undefined;
  const [images, documents] = await Promise.all([imagesById(db, [item.cover_media_id]), documentsOf(db, [item.id])]);
  return {
    item,
    details: { ...row, cost: Number(row.cost), requirements: linesOf(row.requirements), steps: linesOf(row.steps) },
    image: item.cover_media_id !== null ? (images.get(item.cover_media_id) ?? null) : null,
    documents: documents.get(item.id) ?? [],
  };
}
