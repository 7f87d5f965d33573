import { numberOrNull } from '../../db/numbers';
import type { Kysely } from 'kysely';
import { authorize } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import type { Ctx } from '../../domain/context';
import { recordAudit } from '../../audit/record';
import { bumpContentVersion } from '../content/content-version';
import type { DistrictIdentityTable } from './identity.table';

/** The fields the camat office edits, in form order. */
export const IDENTITY_FIELDS = ['logo_media_id', 'hero_media_id', 'camat_photo_media_id', 'camat_name', 'welcome_source', 'address', 'hours', 'phone', 'whatsapp', 'email', 'social_links'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export type Identity = Pick<DistrictIdentityTable, IdentityField>;

export const IMAGE_FIELDS = ['logo', 'hero', 'camat_photo'] as const;
export type ImageField = (typeof IMAGE_FIELDS)[number];

export const EMPTY_IDENTITY: Identity = {
  logo_media_id: null,
  hero_media_id: null,
  camat_photo_media_id: null,
  camat_name: '',
  welcome_source: '',
  address: '',
  hours: '',
  phone: '',
  whatsapp: '',
  email: '',
  social_links: '',
};

/** The stored identity of a kecamatan (ids as numbers on both dialects), or the empty one. */
export async function loadIdentity(db: Kysely<Database>, districtId: number): Promise<Identity> {
  const row = await db.selectFrom('district_identity').select(IDENTITY_FIELDS).where('district_id', '=', districtId).executeTakeFirst();
  if (!row) return { ...EMPTY_IDENTITY };
  return { ...row, logo_media_id: numberOrNull(row.logo_media_id), hero_media_id: numberOrNull(row.hero_media_id), camat_photo_media_id: numberOrNull(row.camat_photo_media_id) };
}

/** Whether the kecamatan's identity shows this media row (as logo, hero or camat's photo). */
export async function identityUses(db: Kysely<Database>, districtId: number, mediaId: number): Promise<boolean> {
  const row = await db
    .selectFrom('district_identity')
    .select('district_id')
    .where('district_id', '=', districtId)
    .where((eb) => eb.or([eb('logo_media_id', '=', mediaId), eb('hero_media_id', '=', mediaId), eb('camat_photo_media_id', '=', mediaId)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** Clears every reference of the identity to a media row (deleted from the library). */
export async function forgetInIdentity(db: Kysely<Database>, districtId: number, mediaId: number): Promise<void> {
  for (const column of ['logo_media_id', 'hero_media_id', 'camat_photo_media_id'] as const) {
    await db
      .updateTable('district_identity')
      .set({ [column]: null })
      .where('district_id', '=', districtId)
      .where(column, '=', mediaId)
      .execute();
  }
}

/**
 * Saves the kecamatan's identity (camat office only), audits the changed fields and bumps the
 * content version, so no cached public page keeps the old face. Returns the changed fields.
 */
export async function saveIdentity(ctx: Ctx, input: Identity): Promise<IdentityField[]> {
  authorize(ctx.ability, 'update', 'District', { id: ctx.district.id });
  const before = await loadIdentity(ctx.db, ctx.district.id);
  const changed = IDENTITY_FIELDS.filter((f) => before[f] !== input[f]);
  if (changed.length === 0) return [];
  const values = { ...input, updated_at: nowUtc(), updated_by: ctx.user.id };
  const update = () => ctx.db.updateTable('district_identity').set(values).where('district_id', '=', ctx.district.id).executeTakeFirst();
  if (Number((await update()).numUpdatedRows) === 0) {
    // First save; if another save created the row in between (duplicate key), this one updates it.
    await ctx.db
      .insertInto('district_identity')
      .values({ district_id: ctx.district.id, ...values })
      .execute()
      .catch(async (err: unknown) => {
        if (Number((await update()).numUpdatedRows) === 0) throw err;
      });
  }

  await recordAudit(ctx.db, {
    action: 'settings.identity',
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    villageId: null,
    targetType: 'district',
    targetId: ctx.district.id,
    detail: { fields: changed },
    ip: ctx.ip,
  });
  await bumpContentVersion(ctx);
  return changed;
}
