import type { Request } from 'express';
import type { Ctx } from '../../domain/context';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { type MediaStorage, MediaRejected, StorageError } from '../../files';
import { MediaInputError, attachableMedia, createMedia, listMedia } from '../media/media.service';
import { filesOf, uploadRefusal } from '../media/upload';
import type { SaveInput } from './content.service';
import { type Intent, itemForm } from './content.schema';
import { villagesFor } from '../districts/villages';
import { libraryScope, pickable } from './photo-picker';
import type { SectionDef } from './section';
import type { Snapshot } from './snapshot';

export const UPLOAD_FIELDS = [
  { name: 'cover_file', maxCount: 1 },
  { name: 'photo_files', maxCount: 6 },
];

export type FormRead = { ok: true; input: SaveInput; version: number | null } | { ok: false; values: Record<string, unknown>; errors: FieldErrors };

/**
 * Reads a content form: its fields (strict), its uploaded photos (stored at once, so a later error
 * does not lose them: the re-rendered form keeps their ids) and the photos chosen from the library,
 * which must belong to the item's own village. Nothing typed is lost on any error.
 */
export async function readItemForm(ctx: Ctx, def: SectionDef, req: Request, storage: MediaStorage, item?: { village_id: number | null }): Promise<FormRead> {
  const form = parseForm(itemForm(def), req.body);
  const values: Record<string, unknown> = form.ok ? { ...form.data } : { ...form.values };
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const refusal = uploadRefusal(req);
  if (refusal) errors.cover_file = refusal.message;

  const data = form.ok ? form.data : null;
  // An edit stays in its item's village: uploads land there, library photos must come from there.
  const villageId = item ? item.village_id : ctx.user.role === 'village_operator' ? ctx.user.village_id : ((data?.village_id as number | null | undefined) ?? null);
  let cover = (data?.cover_media_id as number | null | undefined) ?? null;
  const mediaIds = [...((data?.media_ids as number[] | undefined) ?? [])];

  if (!refusal) {
    try {
      for (const file of filesOf(req, 'cover_file')) {
        cover = (await createMedia(ctx, storage, { buffer: file.buffer, originalName: file.originalname, alt: String(values.cover_alt ?? ''), villageId })).id;
      }
      for (const file of filesOf(req, 'photo_files')) {
        mediaIds.push((await createMedia(ctx, storage, { buffer: file.buffer, originalName: file.originalname, alt: String(values.title ?? ''), villageId })).id);
      }
    } catch (err) {
      if (err instanceof MediaRejected || err instanceof StorageError) errors.cover_file = err.message;
      else if (err instanceof MediaInputError) errors.cover_file = t(err.messageKey);
      else throw err;
    }
  }
  values.cover_media_id = cover;
  values.media_ids = mediaIds;
  if (Object.keys(errors).length === 0) {
    try {
      await attachableMedia(ctx, [...(cover ? [cover] : []), ...mediaIds], villageId);
    } catch (err) {
      if (!(err instanceof MediaInputError)) throw err;
      errors.cover_media_id = t('content.mediaInvalid');
    }
  }
  const details = data ? def.pickDetails(data) : null;
  const broken = details && def.check?.(details);
  if (broken) errors[broken.field] = t(broken.message);
  if (!data || !details || Object.keys(errors).length > 0) return { ok: false, values, errors };

  const snapshot: Snapshot = {
    title: data.title,
    summary: data.summary,
    body_source: data.body_source,
    cover_media_id: cover,
    cover_alt: data.cover_alt,
    media_ids: mediaIds.filter((id) => id !== cover),
    details,
  };
  return { ok: true, input: { snapshot, intent: data.intent as Intent, villageId }, version: data.version ? Number(data.version) : null };
}

/** Values for an edit form from a snapshot (the pending edit, if one waits, else the live one). */
export function valuesOf(snap: Snapshot, villageId: number | null): Record<string, unknown> {
  return { ...snap.details, ...snap, village_id: villageId };
}

/** Form values from the fields the photo picker carried (a repeated name becomes a list). */
export function carriedValues(carried: readonly [string, string][]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of carried) {
    const before = values[name];
    values[name] = before === undefined ? value : ([] as unknown[]).concat(before, value);
  }
  return values;
}

/** What every content form view needs besides its values: the villages, the library for the cover, and the chosen photos' thumbnails. */
export async function formContext(ctx: Ctx, villageId: number | null, mediaIds: unknown) {
  const scope = libraryScope(ctx, villageId);
  const ids = ([] as unknown[])
    .concat(mediaIds ?? [])
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  const [{ rows }, villages, chosenPhotos] = await Promise.all([listMedia(ctx, { page: 1, perPage: 40, offset: 0 }, { villageId: scope, kind: 'image' }), villagesFor(ctx), pickable(ctx, scope, ids)]);
  return { villages, chosenPhotos, library: rows.map((m) => ({ id: m.id, alt: m.alt, name: m.original_name })) };
}
