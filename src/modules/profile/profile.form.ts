import type { Request } from 'express';
import type { Village } from '../../db/schema';
import type { Ctx } from '../../domain/context';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { type MediaStorage, MediaRejected, StorageError } from '../../files';
import { MediaInputError, attachableMedia, createMedia, listMedia } from '../media/media.service';
import { imageSources } from '../media/media.urls';
import { filesOf, uploadRefusal } from '../media/upload';
import { PROFILE_FIELDS, type Profile, type ProfileInput } from './profile.service';
import { profileForm } from './profile.schema';

export const COVER_FIELD = [{ name: 'cover_file', maxCount: 1 }];

export type ProfileRead = { ok: true; input: ProfileInput; version: number; values: Record<string, unknown> } | { ok: false; values: Record<string, unknown>; errors: FieldErrors };

/**
 * Reads the profile form: its fields (strict), a new cover photo (stored at once, so a later error
 * keeps it: the re-rendered form carries its id) or a library photo of this village. Nothing typed
 * is lost on any error: the values come back as they were posted.
 */
export async function readProfileForm(ctx: Ctx, req: Request, storage: MediaStorage, village: Village): Promise<ProfileRead> {
  const form = parseForm(profileForm, req.body);
  const values: Record<string, unknown> = form.ok ? { ...posted(req.body) } : { ...form.values };
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  let cover = form.ok ? form.data.cover_media_id : null;

  const refusal = uploadRefusal(req);
  if (refusal) errors.cover_file = refusal.message;
  const [file] = refusal ? [] : filesOf(req, 'cover_file');
  if (file) {
    try {
      const alt = t('profile.coverAlt', { kind: t(`kind.${village.kind}`), name: village.name });
      cover = (await createMedia(ctx, storage, { buffer: file.buffer, originalName: file.originalname, alt, villageId: village.id })).id;
      values.cover_media_id = String(cover);
    } catch (err) {
      if (err instanceof MediaRejected || err instanceof StorageError) errors.cover_file = err.message;
      else if (err instanceof MediaInputError) errors.cover_file = t(err.messageKey);
      else throw err;
    }
  }
  if (cover !== null && !errors.cover_file) {
    try {
      await attachableMedia(ctx, [cover], village.id);
    } catch (err) {
      if (!(err instanceof MediaInputError)) throw err;
      errors.cover_media_id = t('content.mediaInvalid');
    }
  }
  if (!form.ok || Object.keys(errors).length > 0) return { ok: false, values, errors };

  const input = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, form.data[f]])) as unknown as ProfileInput;
  input.cover_media_id = cover;
  return { ok: true, input, version: form.data.version === undefined ? -1 : Number(form.data.version), values };
}

/** The posted text fields, as typed (for re-rendering). */
function posted(body: unknown): Record<string, unknown> {
  const { _csrf: _ignored, ...rest } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return rest;
}

/** Form values (strings) from a stored profile. */
export function valuesOf(p: Profile | null): Record<string, unknown> {
  if (!p) return { version: '0' };
  const out: Record<string, unknown> = { version: String(p.version) };
  for (const f of PROFILE_FIELDS) out[f] = p[f] === null || p[f] === undefined ? '' : String(p[f]);
  if (p.area_ha !== null) out.area_ha = String(p.area_ha).replace('.', ',');
  return out;
}

/** The village's photos for the cover select, the current cover first if it is older than the page. */
export async function coverChoices(ctx: Ctx, villageId: number, currentCover: number | null) {
  const { rows } = await listMedia(ctx, { page: 1, perPage: 40, offset: 0 }, { villageId, kind: 'image' });
  const choices = rows.map((m) => ({ id: m.id, label: m.alt || m.original_name || `#${m.id}`, sources: imageSources(m.files) }));
  if (currentCover !== null && !choices.some((c) => c.id === currentCover)) {
    const [m] = await attachableMedia(ctx, [currentCover], villageId).catch(() => []);
    if (m) choices.unshift({ id: m.id, label: m.alt || m.original_name || `#${m.id}`, sources: imageSources(m.files) });
  }
  return choices;
}
