import { accessibleBy } from '../../authz/accessible-by';
import { authorize } from '../../authz/authorize';
import { insertId } from '../../db/insert-id';
import { nowUtc } from '../../db/time';
import { transaction } from '../../lib/transaction';
import { NotFoundError } from '../../domain/errors';
import type { Page } from '../../lib/pagination';
import type { Ctx } from '../../domain/context';
import { type MediaStorage, type UploadKind, deleteVariants, kindOf, sanitizeOriginalName, saveUpload } from '../../files';
import type { AuditAction } from '../../audit/actions';
import { recordAudit } from '../../audit/record';
import { COLUMNS, type MediaRecord, scoped, toRecord } from './media.queries';
import { forgetInIdentity, identityUses } from '../settings/identity.service';
import { districtsChanged } from '../districts/hosts';
import { bumpContentVersion } from '../content/content-version';
import { altSpam, guardLiveUse } from './live-guard';

export { parseFiles, type MediaRecord } from './media.queries';

/** A refused choice in a media form (field + i18n key), shown next to the field. */
export class MediaInputError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: 'mediaAdmin.villageUnknown' | 'mediaAdmin.notAttachable' | 'mediaAdmin.noFile' | 'mediaAdmin.altBlocked',
  ) {
    super(messageKey);
  }
}

export interface MediaFilter {
  /** Only media of this village (null: kecamatan-level). */
  villageId?: number | null;
  kind?: UploadKind;
}

/** The media library the caller may read, newest first. */
export async function listMedia(ctx: Ctx, page: Page, filter: MediaFilter = {}) {
  let base = scoped(ctx, 'read');
  if (filter.villageId !== undefined) {
    base = filter.villageId === null ? base.where('media.village_id', 'is', null) : base.where('media.village_id', '=', filter.villageId);
  }
  if (filter.kind) base = base.where('media.kind', '=', filter.kind);
  const [rows, total] = await Promise.all([
    base.select(COLUMNS).orderBy('media.id', 'desc').limit(page.perPage).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toRecord), total: Number(total.n) };
}

/** One media row the caller may read (404 otherwise); `action` must then be allowed too (403). */
export async function getMedia(ctx: Ctx, id: number, action: 'read' | 'update' | 'delete' = 'read'): Promise<MediaRecord> {
  const row = await scoped(ctx, 'read').select(COLUMNS).where('media.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError();
  authorize(ctx.ability, action, 'Media', { district_id: row.district_id, village_id: row.village_id });
  return toRecord(row);
}

/** The village an upload belongs to, decided by the server: an operator's own; a camat office's choice within the kecamatan. */
async function villageFor(ctx: Ctx, requested: number | null | undefined): Promise<number | null> {
  if (ctx.user.role === 'village_operator') {
    if (requested !== undefined && requested !== ctx.user.village_id) throw new MediaInputError('village_id', 'mediaAdmin.villageUnknown');
    return ctx.user.village_id;
  }
  if (requested == null) return null;
  const village = await ctx.db
    .selectFrom('villages')
    .select('id')
    .where('id', '=', requested)
    .where('district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'read', 'Village', 'villages'))
    .executeTakeFirst();
  if (!village) throw new MediaInputError('village_id', 'mediaAdmin.villageUnknown');
  return village.id;
}

export interface NewMedia {
  buffer: Buffer;
  /** The client's name, stored (sanitised) for display only. */
  originalName: string;
  alt: string;
  /** Omit for "the caller's own" (operators); a camat office may name a village of its kecamatan, or null. */
  villageId?: number | null;
}

/**
 * Checks the caller's right, proves and re-encodes the upload (saveUpload), then inserts the row. If
 * the insert fails, the stored files are removed before the error goes on. Throws MediaRejected
 * (400, Indonesian message), StorageError (503 with its message), MediaInputError, ForbiddenError.
 */
export async function createMedia(ctx: Ctx, storage: MediaStorage, input: NewMedia): Promise<MediaRecord> {
  const villageId = await villageFor(ctx, input.villageId);
  authorize(ctx.ability, 'create', 'Media', { district_id: ctx.district.id, village_id: villageId });
  if (input.buffer.length === 0) throw new MediaInputError('file', 'mediaAdmin.noFile');
  if (altSpam(ctx, input.alt).length > 0) throw new MediaInputError('alt', 'mediaAdmin.altBlocked');
  const saved = await saveUpload(storage, input.buffer, kindOf(input.buffer));
  const widest = saved.files.filter((f) => f.variant.startsWith('w')).sort((a, b) => (b.width ?? 0) - (a.width ?? 0))[0];
  const values = {
    district_id: ctx.district.id,
    village_id: villageId,
    uploaded_by: ctx.user.id,
    kind: saved.kind,
    original_name: sanitizeOriginalName(input.originalName),
    alt: input.alt.trim().slice(0, 250),
    width: widest?.width ?? null,
    height: widest?.height ?? null,
    bytes: saved.files.reduce((n, f) => n + f.bytes, 0),
    storage_id: saved.id,
    files: JSON.stringify(saved.files),
    created_at: nowUtc(),
  };
  let id: number;
  try {
    id = insertId(await ctx.db.insertInto('media').values(values).executeTakeFirstOrThrow());
  } catch (err) {
    await deleteVariants(
      storage,
      saved.files.map((f) => f.key),
    );
    throw err;
  }
  await audit(ctx, 'media.uploaded', id, villageId, { name: values.original_name, kind: saved.kind, bytes: values.bytes });
  return getMedia(ctx, id);
}

export async function updateAlt(ctx: Ctx, id: number, alt: string): Promise<MediaRecord> {
  const before = await getMedia(ctx, id, 'update');
  const next = alt.trim().slice(0, 250);
  if (altSpam(ctx, next).length > 0) throw new MediaInputError('alt', 'mediaAdmin.altBlocked');
  const live = await guardLiveUse(ctx, id);
  await ctx.db
    .updateTable('media')
    .set({ alt: next })
    .where('id', '=', id)
    .where('district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'update', 'Media', 'media'))
    .execute();
  if (before.alt === next) return before;
  await audit(ctx, 'media.updated', id, before.village_id, { alt: [before.alt, next] });
  // Shown on public pages (a live item, the kecamatan's identity): cached ones must not keep the old text.
  if (live.length > 0 || (await identityUses(ctx.db, ctx.district.id, id))) await bumpContentVersion(ctx);
  return before;
}

/** Soft delete: the row is hidden and its files stop being served; `npm run media:sweep` removes them later. */
export async function deleteMedia(ctx: Ctx, id: number): Promise<MediaRecord> {
  const media = await getMedia(ctx, id, 'delete');
  await guardLiveUse(ctx, id);
  await transaction(ctx.db, async (trx) => {
    await trx
      .updateTable('media')
      .set({ deleted_at: nowUtc() })
      .where('id', '=', id)
      .where('district_id', '=', ctx.district.id)
      .where('deleted_at', 'is', null)
      .where(accessibleBy(ctx.ability, 'delete', 'Media', 'media'))
      .execute();
    // The identity form posts its image ids back: a deleted one left there would refuse every save.
    await forgetInIdentity(trx, ctx.district.id, id);
    // Cached public pages may show it: a new content version retires them everywhere.
    await bumpContentVersion({ db: trx, district: ctx.district });
  });
  districtsChanged(); // again after the commit, so no request of this process caches the old version
  await audit(ctx, 'media.deleted', id, media.village_id, { name: media.original_name });
  return media;
}

/** Whether the id is a media row of this kecamatan that has been deleted. */
export async function isDeletedMedia(ctx: Ctx, id: number): Promise<boolean> {
  const row = await ctx.db.selectFrom('media').select('id').where('id', '=', id).where('district_id', '=', ctx.district.id).where('deleted_at', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

/**
 * For content forms: every id must be a non-deleted media row of this kecamatan, readable by the
 * caller, in exactly the item's scope (`villageId`, null = kecamatan-level), so nobody attaches
 * another village's photos. Returns the rows in the order given (duplicates dropped); throws
 * MediaInputError('media', 'mediaAdmin.notAttachable') if any id fails.
 */
export async function attachableMedia(ctx: Ctx, ids: readonly number[], villageId: number | null): Promise<MediaRecord[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  if (wanted.some((id) => !Number.isSafeInteger(id) || id < 1)) throw new MediaInputError('media', 'mediaAdmin.notAttachable');
  let query = scoped(ctx, 'read').select(COLUMNS).where('media.id', 'in', wanted);
  query = villageId === null ? query.where('media.village_id', 'is', null) : query.where('media.village_id', '=', villageId);
  const rows = (await query.execute()).map(toRecord);
  if (rows.length !== wanted.length) throw new MediaInputError('media', 'mediaAdmin.notAttachable');
  return wanted.map((id) => rows.find((r) => r.id === id)!);
}

function audit(ctx: Ctx, action: AuditAction, mediaId: number, villageId: number | null, detail: Record<string, unknown>) {
  return recordAudit(ctx.db, {
    action,
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    villageId,
    targetType: 'media',
    targetId: mediaId,
    detail,
    ip: ctx.ip,
  });
}
