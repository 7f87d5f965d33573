import type { ExpressionBuilder, Kysely } from 'kysely';
import type { ContentItemTable, ContentType, Database } from '../../db/schema';
import { compiledQuery } from '../../db/compiled';
import { parseFiles } from '../media/media.queries';
import { type ImageSources, documentUrl, formatBytes, imageSources } from '../media/media.urls';

// The one way public code reads content: published, not in the trash, of the request's kecamatan.
// Every public route, feed, sitemap, search and API builds on these, so nothing unpublished leaks.

export function publishedItems(db: Kysely<Database>, districtId: number, type?: ContentType) {
  return db.selectFrom('content_items as ci').where(published(districtId, type));
}

/**
 * publishedItems' conditions on `ci`, for a read that has to start from another table (a join
 * steered from a detail table's index, src/modules/portal/potentials.queries.ts).
 */
export const published = (districtId: number, type?: ContentType) => (eb: ExpressionBuilder<{ ci: ContentItemTable }, 'ci'>) =>
  eb.and([eb('ci.district_id', '=', districtId), eb('ci.status', '=', 'published'), eb('ci.deleted_at', 'is', null), ...(type !== undefined ? [eb('ci.type', '=', type)] : [])]);

// Compiled once (src/db/compiled.ts): every detail page reads its item this way.
const bySlug = compiledQuery((d, v: { district: number; type: ContentType; slug: string }) =>
  publishedItems(d, v.district)
    .where('ci.type', '=', v.type)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .selectAll('ci')
    .select(['v.name as village_name', 'v.slug as village_slug', 'v.kind as village_kind'])
    .where('ci.slug', '=', v.slug)
    .limit(1),
);

/** One published item by its slug (slugs are unique per kecamatan and type), or undefined. */
export async function publishedBySlug(db: Kysely<Database>, districtId: number, type: ContentType, slug: string) {
  if (!/^[a-z0-9-]{1,120}$/.test(slug)) return undefined;
  return (await bySlug(db, { district: districtId, type, slug }))[0];
}

// Compiled once per number of ids (src/db/compiled.ts).
const mediaRows = compiledQuery((d, v: Record<string, number>) => d.selectFrom('media').select(['id', 'files', 'alt']).where('id', 'in', Object.values(v)).where('deleted_at', 'is', null));

// A media row's files never change once stored, so their image sources are kept by the JSON text.
const sourcesOf = new Map<string, ImageSources | null>();

/** Image sources and alt text of a media row's stored files (null for a PDF or a row without images). */
export function imageOf(files: string, alt: string): (ImageSources & { alt: string }) | null {
  let src = sourcesOf.get(files);
  if (src === undefined) {
    src = imageSources(parseFiles(files));
    if (sourcesOf.size >= 2000) sourcesOf.clear();
    sourcesOf.set(files, src);
  }
  return src && { ...src, alt };
}

/** Image sources of the given media ids (non-deleted rows only), keyed by id. */
export async function imagesById(db: Kysely<Database>, ids: readonly (number | null)[]): Promise<Map<number, ImageSources & { alt: string }>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  const out = new Map<number, ImageSources & { alt: string }>();
  if (wanted.length === 0) return out;
  // At most 64 ids a query, so there are at most 64 shapes.
  for (let i = 0; i < wanted.length; i += 64) {
    const chunk = wanted.slice(i, i + 64);
    for (const r of await mediaRows(db, Object.fromEntries(chunk.map((id, k) => [`i${k}`, id])), String(chunk.length))) {
      const image = imageOf(r.files, r.alt);
      if (image) out.set(r.id, image);
    }
  }
  return out;
}

export interface ItemDocument {
  name: string;
  /** The file's path under /media/ (served as an attachment by src/modules/media/serve.ts). */
  url: string;
  bytes: number;
  /** "850 KB". */
  size: string;
}

/** The PDFs attached to the given items (their item_media rows of kind 'pdf', not deleted), in order, keyed by item id. */
export async function documentsOf(db: Kysely<Database>, itemIds: readonly number[]): Promise<Map<number, ItemDocument[]>> {
  const out = new Map<number, ItemDocument[]>();
  if (itemIds.length === 0) return out;
  const rows = await db
    .selectFrom('item_media as im')
    .innerJoin('media as m', 'm.id', 'im.media_id')
    .select(['im.item_id', 'm.original_name', 'm.bytes', 'm.files'])
    .where('im.item_id', 'in', [...itemIds])
    .where('m.kind', '=', 'pdf')
    .where('m.deleted_at', 'is', null)
    .orderBy('im.item_id')
    .orderBy('im.position')
    .execute();
  for (const r of rows) {
    const url = documentUrl(parseFiles(r.files));
    if (!url) continue;
    const bytes = Number(r.bytes);
    const list = out.get(r.item_id) ?? [];
    list.push({ name: r.original_name || 'dokumen.pdf', url, bytes, size: formatBytes(bytes) });
    out.set(r.item_id, list);
  }
  return out;
}
