import type { Request } from 'express';
import type { Ctx } from '../../domain/context';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { type MediaStorage, MediaRejected, StorageError } from '../../files';
import { MediaInputError, attachableMedia, createMedia, listMedia } from '../media/media.service';
import { filesOf, uploadRefusal } from '../media/upload';
import { attachedDocuments, documentFiles, documentRefusal, idsOf } from './documents.form';
import type { SaveInput } from './content.service';
import { type Intent, itemForm } from './content.schema';
import { villagesFor } from '../districts/villages';
import { libraryScope, pickable } from './photo-picker';
import { pickDetails } from './details';
import type { SectionDef } from './section';
import type { Snapshot } from './snapshot';

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
  // A file that is not a PDF in the forms field refuses every upload of the post: nothing is stored.
  const notPdf = def.documents ? documentRefusal(req) : null;
  if (notPdf) errors.document_files = notPdf;

  const data = form.ok ? form.data : null;
  // An edit stays in its item's village: uploads land there, library photos must come from there.
  const villageId = item ? item.village_id : ctx.user.role === 'village_operator' ? ctx.user.village_id : ((data?.village_id as number | null | undefined) ?? null);
  let cover = (data?.cover_media_id as number | null | undefined) ?? null;
  // Kept from what was posted even when another field is refused, so the form shows them again.
  const mediaIds = data ? [...((data.media_ids as number[] | undefined) ?? [])] : idsOf(values.media_ids);
  const documentIds = data ? [...((data.document_ids as number[] | undefined) ?? [])] : idsOf(values.document_ids);

  if (!refusal && !notPdf) {
    try {
      for (const file of filesOf(req, 'cover_file')) {
        cover = (await createMedia(ctx, storage, { buffer: file.buffer, originalName: file.originalname, alt: String(values.cover_alt ?? ''), villageId })).id;
      }
      for (const file of filesOf(req, 'photo_files')) {
        mediaIds.push((await createMedia(ctx, storage, { buffer: file.buffer, originalName: file.originalname, alt: String(values.title ?? ''), villageId })).id);
      }
      for (const file of documentFiles(req)) {
        documentIds.push((await createMedia(ctx, storage, { buffer: file.buffer, originalName: file.originalname, alt: '', villageId })).id);
      }
    } catch (err) {
      if (err instanceof MediaRejected || err instanceof StorageError) errors.cover_file = err.message;
      else if (err instanceof MediaInputError) errors.cover_file = t(err.messageKey);
      else throw err;
    }
  }
  values.cover_media_id = cover;
  values.media_ids = mediaIds;
  if (def.documents) values.document_ids = documentIds;
  if (Object.keys(errors).length === 0) {
    try {
      await attachableMedia(ctx, [...(cover ? [cover] : []), ...mediaIds, ...documentIds], villageId);
    } catch (err) {
      if (!(err instanceof MediaInputError)) throw err;
      errors.cover_media_id = t('content.mediaInvalid');
    }
  }
  const details = data ? pickDetails(def.detailShape, data) : null;
  const broken = details && def.check?.(details);
  if (broken) errors[broken.field] = t(broken.message);
  if (!data || !details || Object.keys(errors).length > 0) return { ok: false, values, errors };

  const snapshot: Snapshot = {
    title: data.title,
    summary: data.summary,
    body_source: data.body_source,
    cover_media_id: cover,
    cover_alt: data.cover_alt,
    media_ids: [...new Set([...mediaIds, ...documentIds])].filter((id) => id !== cover),
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

const numbers = (v: unknown) =>
  ([] as unknown[])
    .concat(v ?? [])
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0);

/**
 * What every content form view needs besides its values: the villages, the library for the cover,
 * the chosen photos' thumbnails, and the attached PDF forms (among the gallery ids of a saved item,
 * or the document_ids carried back).
 */
export async function formContext(ctx: Ctx, def: SectionDef, villageId: number | null, values: Record<string, unknown>) {
  const scope = libraryScope(ctx, villageId);
  const ids = numbers(values.media_ids);
  const [{ rows }, villages, chosenPhotos, documents] = await Promise.all([
    listMedia(ctx, { page: 1, perPage: 40, offset: 0 }, { villageId: scope, kind: 'image' }),
    villagesFor(ctx),
    pickable(ctx, scope, ids),
    def.documents ? attachedDocuments(ctx, [...new Set([...ids, ...numbers(values.document_ids)])]) : [],
  ]);
  return { villages, chosenPhotos, documents, library: rows.map((m) => ({ id: m.id, alt: m.alt, name: m.original_name })) };
}
