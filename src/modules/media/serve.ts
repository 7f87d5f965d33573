import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { pipeline } from 'node:stream';
import { can } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { type MediaStorage, StorageError, contentTypeFor, isMediaKey } from '../../files';
import { parseFiles } from './media.queries';
import '../settings/identity.table';

/**
 * Is this media shown by something public: the cover or a photo of a published, non-deleted item,
 * a village profile's cover, the kecamatan's logo or photos (its identity), or a photo of a
 * progress update of a published project?
 */
export async function isPublicMedia(db: Kysely<Database>, districtId: number, mediaId: number): Promise<boolean> {
  const item = await db
    .selectFrom('content_items as ci')
    .select('ci.id')
    .where('ci.district_id', '=', districtId)
    .where('ci.status', '=', 'published')
    .where('ci.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([eb('ci.cover_media_id', '=', mediaId), eb.exists(eb.selectFrom('item_media as im').select('im.item_id').whereRef('im.item_id', '=', 'ci.id').where('im.media_id', '=', mediaId))]),
    )
    .limit(1)
    .executeTakeFirst();
  if (item) return true;
  const profile = await db
    .selectFrom('village_profiles as vp')
    .innerJoin('villages as v', 'v.id', 'vp.village_id')
    .select('vp.village_id')
    .where('v.district_id', '=', districtId)
    .where('vp.cover_media_id', '=', mediaId)
    .limit(1)
    .executeTakeFirst();
  if (profile) return true;
  const identity = await db
    .selectFrom('district_identity')
    .select('district_id')
    .where('district_id', '=', districtId)
    .where((eb) => eb.or([eb('logo_media_id', '=', mediaId), eb('hero_media_id', '=', mediaId), eb('camat_photo_media_id', '=', mediaId)]))
    .executeTakeFirst();
  if (identity) return true;
  const update = await db
    .selectFrom('project_update_media as pum')
    .innerJoin('project_updates as pu', 'pu.id', 'pum.update_id')
    .innerJoin('content_items as ci', 'ci.id', 'pu.item_id')
    .select('pu.id')
    .where('pum.media_id', '=', mediaId)
    .where('pu.deleted_at', 'is', null)
    .where('ci.district_id', '=', districtId)
    .where('ci.status', '=', 'published')
    .where('ci.deleted_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return Boolean(update);
}

/** A download name for a PDF: the uploader's name when it is one, otherwise a neutral one. */
function pdfName(original: string): string {
  const name = original.replace(/["\\]/g, '').trim();
  return /\.pdf$/i.test(name) && name.length > 4 ? name : 'dokumen.pdf';
}

/**
 * GET /media/:y/:m/:file — the only way stored files reach a browser. 404 unless the key is one of
 * ours, its row belongs to this kecamatan and is not deleted, and the file is either public (see
 * isPublicMedia, cached for a year: keys never change) or readable by the logged-in caller (no-store).
 */
export function mediaServeRoutes(db: Kysely<Database>, storage: MediaStorage): Router {
  const router = Router();

  router.get('/media/:y/:m/:file', async (req: Request, res: Response) => {
    const key = `${req.params.y}/${req.params.m}/${req.params.file}`;
    if (!req.district || !isMediaKey(key)) throw new HttpError(404);
    const storageId = String(req.params.file).slice(0, 22);
    const row = await db
      .selectFrom('media')
      .select(['id', 'district_id', 'village_id', 'kind', 'original_name', 'files'])
      .where('storage_id', '=', storageId)
      .where('district_id', '=', req.district.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row || !parseFiles(row.files).some((f) => f.key === key)) throw new HttpError(404);

    const isPublic = await isPublicMedia(db, req.district.id, row.id);
    if (!isPublic) {
      const mayRead = req.user && can(req.ability, 'read', 'Media', { district_id: row.district_id, village_id: row.village_id });
      if (!mayRead) throw new HttpError(404);
    }

    const etag = `"${key.slice(8).replace(/\.\w+$/, '')}"`;
    if (isPublic && req.headers['if-none-match'] === etag) {
      res.set({ ETag: etag, 'Cache-Control': 'public, max-age=31536000, immutable' });
      return void res.status(304).end();
    }

    let file: Awaited<ReturnType<MediaStorage['stream']>>;
    try {
      file = await storage.stream(key);
    } catch (err) {
      if (err instanceof StorageError) throw new HttpError(err.reason === 'not_found' || err.reason === 'invalid_key' ? 404 : 503, err.message);
      throw err;
    }
    res.set({
      'Content-Type': contentTypeFor(key),
      'Content-Length': String(file.bytes),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': isPublic ? 'public, max-age=31536000, immutable' : 'private, no-store',
    });
    if (isPublic) res.set('ETag', etag);
    if (row.kind === 'pdf') res.attachment(pdfName(row.original_name));
    pipeline(file.body, res, (err) => {
      if (err) req.log?.warn({ err, key }, 'media stream ended early');
    });
  });

  return router;
}
