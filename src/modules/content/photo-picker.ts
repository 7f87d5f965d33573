import type { Page } from '../../lib/pagination';
import type { Ctx } from '../../domain/context';
import { COLUMNS, scoped, toRecord } from '../media/media.queries';
import { listMedia } from '../media/media.service';
import { imageSources } from '../media/media.urls';

// Choosing photos from the village's library is a step of its own (views/admin/content/photos.ejs):
// the content form is posted to the picker with everything typed, the picker carries those fields
// through its pages as hidden inputs, and "Pakai foto terpilih" brings the form back with the choice,
// nothing saved and nothing lost. Only photos of the item's own village (or of the kecamatan level)
// are listed or taken back; the save checks them again (attachableMedia in readItemForm).

export const PICKER_PER_PAGE = 12;
/** Fields of the picker itself, never carried back into the content form. */
const OWN = new Set(['_csrf', 'media_ids', 'page', 'back']);

export interface PickerInput {
  /** The content form's fields as typed: [name, value] in order, repeated names repeated. */
  carried: [string, string][];
  chosen: number[];
  page: number;
  back: boolean;
}

/** Reads a post to the picker (the content form's multipart post, or the picker's own urlencoded one), as `multipartText` gives it. */
export function readPicker(body: Record<string, unknown>): PickerInput {
  const carried: [string, string][] = [];
  for (const [name, value] of Object.entries(body)) {
    if (OWN.has(name) || name.includes('password')) continue;
    for (const one of Array.isArray(value) ? value : [value]) if (typeof one === 'string') carried.push([name, one]);
  }
  const ids = ([] as unknown[])
    .concat(body.media_ids ?? [])
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  const page = Number(body.page);
  return { carried, chosen: [...new Set(ids)].slice(0, 50), page: Number.isSafeInteger(page) && page > 0 && page < 10_000 ? page : 1, back: body.back === '1' };
}

/** The library the photos may come from: the operator's own village, else the item's village (null: the kecamatan level). */
export function libraryScope(ctx: Ctx, villageId: number | null): number | null {
  return ctx.user.role === 'village_operator' ? ctx.user.village_id : villageId;
}

export interface Thumb {
  id: number;
  alt: string;
  name: string;
  thumb: string | null;
}

const thumbOf = (m: { id: number; alt: string; original_name: string; files: Parameters<typeof imageSources>[0] }): Thumb => ({
  id: m.id,
  alt: m.alt,
  name: m.original_name,
  thumb: imageSources(m.files)?.thumb ?? null,
});

/** One page of the library's photos, newest first. */
export async function libraryPage(ctx: Ctx, scope: number | null, page: number) {
  const at: Page = { page, perPage: PICKER_PER_PAGE, offset: (page - 1) * PICKER_PER_PAGE };
  const { rows, total } = await listMedia(ctx, at, { villageId: scope, kind: 'image' });
  return { photos: rows.map(thumbOf), total, hasNext: at.offset + rows.length < total };
}

/** The chosen ids that are photos of this library (anything else, e.g. another village's photo, is dropped), in the chosen order. */
export async function pickable(ctx: Ctx, scope: number | null, ids: readonly number[]): Promise<Thumb[]> {
  if (ids.length === 0) return [];
  let query = scoped(ctx, 'read')
    .select(COLUMNS)
    .where('media.id', 'in', [...ids])
    .where('media.kind', '=', 'image');
  query = scope === null ? query.where('media.village_id', 'is', null) : query.where('media.village_id', '=', scope);
  const rows = new Map((await query.execute()).map(toRecord).map((m) => [m.id, thumbOf(m)]));
  return ids.map((id) => rows.get(id)).filter((m): m is Thumb => m !== undefined);
}
