import type { Request } from 'express';
import type { Ctx } from '../../domain/context';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { type MediaStorage, MediaRejected, StorageError, kindOf } from '../../files';
import { MediaInputError, attachableMedia, createMedia, isDeletedMedia } from '../media/media.service';
import { imageSources } from '../media/media.urls';
import { filesOf, uploadRefusal } from '../media/upload';
import { identityForm } from './identity.schema';
import { IMAGE_FIELDS, type Identity, type ImageField, loadIdentity } from './identity.service';

export const IDENTITY_FILES = IMAGE_FIELDS.map((f) => ({ name: `${f}_file`, maxCount: 1 }));

export type IdentityRead = { ok: true; input: Identity } | { ok: false; values: Record<string, unknown>; errors: FieldErrors };

const ALT: Record<ImageField, 'identity.logoAlt' | 'identity.heroAlt' | 'identity.camatPhotoAlt'> = {
  logo: 'identity.logoAlt',
  hero: 'identity.heroAlt',
  camat_photo: 'identity.camatPhotoAlt',
};

/**
 * Reads the identity form. A new image goes through the media pipeline (size and type proven,
 * re-encoded, kecamatan-level) and is stored at once, so a later error keeps it: the re-rendered
 * form carries its id. A PDF is refused as a logo or photo. Nothing typed is lost on any error.
 */
export async function readIdentityForm(ctx: Ctx, req: Request, storage: MediaStorage): Promise<IdentityRead> {
  const form = parseForm(identityForm, req.body);
  const values: Record<string, unknown> = posted(req.body);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const refusal = uploadRefusal(req);
  const ids: Record<ImageField, number | null> = { logo: null, hero: null, camat_photo: null };

  // A multer limit stops the whole upload: said once, above the form.
  if (refusal) errors._form = refusal.message;
  for (const field of IMAGE_FIELDS) {
    if (refusal) continue;
    ids[field] = form.ok ? (form.data[`${field}_remove`] ? null : form.data[`${field}_media_id`]) : null;
    const [file] = filesOf(req, `${field}_file`);
    if (!file) continue;
    if (kindOf(file.buffer) === 'pdf') {
      errors[`${field}_file`] = t('identity.imageOnly');
      continue;
    }
    try {
      const alt = t(ALT[field], { name: ctx.district.name });
      ids[field] = (await createMedia(ctx, storage, { buffer: file.buffer, originalName: file.originalname, alt, villageId: null })).id;
      values[`${field}_media_id`] = String(ids[field]);
      delete values[`${field}_remove`];
    } catch (err) {
      if (err instanceof MediaRejected || err instanceof StorageError) errors[`${field}_file`] = err.message;
      else if (err instanceof MediaInputError) errors[`${field}_file`] = t(err.messageKey);
      else throw err;
    }
  }
  const stored = await loadIdentity(ctx.db, ctx.district.id);
  for (const field of IMAGE_FIELDS) {
    const id = ids[field];
    if (id === null || errors[`${field}_file`]) continue;
    const [media] = await attachableMedia(ctx, [id], null).catch((err: unknown) => {
      if (err instanceof MediaInputError) return [];
      throw err;
    });
    if (media && media.kind === 'image') continue;
    // The image the identity had, deleted from the library since the form was opened (the delete
    // already cleared the stored reference): nothing left to keep, and no reason to refuse the save.
    if (id === stored[`${field}_media_id`] || (await isDeletedMedia(ctx, id))) ids[field] = null;
    else errors[`${field}_file`] = t('identity.imageInvalid');
  }
  if (!form.ok || Object.keys(errors).length > 0) return { ok: false, values, errors };

  const d = form.data;
  return {
    ok: true,
    input: {
      logo_media_id: ids.logo,
      hero_media_id: ids.hero,
      camat_photo_media_id: ids.camat_photo,
      camat_name: d.camat_name,
      welcome_source: d.welcome_source,
      address: d.address,
      hours: d.hours,
      phone: d.phone,
      whatsapp: d.whatsapp,
      email: d.email,
      social_links: d.social_links.join('\n'),
    },
  };
}

/** The posted text fields, as typed (for re-rendering). */
function posted(body: unknown): Record<string, unknown> {
  const { _csrf: _ignored, ...rest } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return rest;
}

/** Form values (strings) from a stored identity. */
export function identityValues(identity: Identity): Record<string, unknown> {
  return Object.fromEntries(Object.entries(identity).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** The current image of each field for the form's preview (by the ids in its values). */
export async function identityPreviews(ctx: Ctx, values: Record<string, unknown>) {
  const out: Partial<Record<ImageField, { thumb: string; alt: string }>> = {};
  for (const field of IMAGE_FIELDS) {
    const id = Number(values[`${field}_media_id`]);
    if (!Number.isSafeInteger(id) || id < 1 || values[`${field}_remove`]) continue;
    const [media] = await attachableMedia(ctx, [id], null).catch(() => []);
    const sources = media ? imageSources(media.files) : null;
    if (media && sources) out[field] = { thumb: sources.thumb, alt: media.alt };
  }
  return out;
}
