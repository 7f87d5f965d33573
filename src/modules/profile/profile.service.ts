import { numberOrNull } from '../../db/numbers';
import type { Kysely } from 'kysely';
import { accessibleBy } from '../../authz/accessible-by';
import { authorize } from '../../authz/authorize';
import type { Database, Village, VillageProfileTable } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { NotFoundError } from '../../domain/errors';
import type { Ctx } from '../../domain/context';
import { recordAudit } from '../../audit/record';
import { bumpContentVersion } from '../content/content-version';

/** The editable fields of a village profile, in form order. */
export const PROFILE_FIELDS = [
  'head_name',
  'address',
  'phone',
  'whatsapp',
  'area_ha',
  'population',
  'households',
  'population_as_of',
  'population_source',
  'vision',
  'mission',
  'history',
  'cover_media_id',
  'lat',
  'lng',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The population figures: whoever changes one of them becomes `population_entered_by`. */
const POPULATION_FIELDS: readonly ProfileField[] = ['population', 'households', 'population_as_of', 'population_source'];

/** The editable fields of a village profile, exactly as its table stores them. */
export type ProfileInput = Pick<
  VillageProfileTable,
  | 'head_name'
  | 'address'
  | 'phone'
  | 'whatsapp'
  | 'area_ha'
  | 'population'
  | 'households'
  | 'population_as_of'
  | 'population_source'
  | 'vision'
  | 'mission'
  | 'history'
  | 'cover_media_id'
  | 'lat'
  | 'lng'
>;

export interface Profile extends ProfileInput {
  village_id: number;
  population_entered_by: number | null;
  version: number;
  updated_at: string;
  updated_by: number | null;
}

export const EMPTY_PROFILE: ProfileInput = {
  head_name: '',
  address: '',
  phone: '',
  whatsapp: null,
  area_ha: null,
  population: null,
  households: null,
  population_as_of: null,
  population_source: '',
  vision: '',
  mission: '',
  history: '',
  cover_media_id: null,
  lat: null,
  lng: null,
};

/** A save against a version someone else has already replaced; `current` is what is stored now (null: nothing). */
export class ProfileConflict extends Error {
  constructor(readonly current: Profile | null) {
    super('profile version conflict');
  }
}

/** The stored profile of a village (numbers as numbers on both dialects), or null. */
export async function loadProfile(db: Kysely<Database>, villageId: number): Promise<Profile | null> {
  const row = await db.selectFrom('village_profiles').selectAll().where('village_id', '=', villageId).executeTakeFirst();
  if (!row) return null;
  return { ...row, area_ha: numberOrNull(row.area_ha), population: numberOrNull(row.population), households: numberOrNull(row.households), lat: numberOrNull(row.lat), lng: numberOrNull(row.lng) };
}

/** A village of the caller's kecamatan whose profile the caller may change: 404 if unseen, 403 if read-only. */
export async function editableVillage(ctx: Ctx, id: number): Promise<Village> {
  const village = await ctx.db
    .selectFrom('villages')
    .selectAll()
    .where('id', '=', id)
    .where('district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'read', 'Village', 'villages'))
    .executeTakeFirst();
  if (!village) throw new NotFoundError();
  authorize(ctx.ability, 'update', 'Village', village);
  return village;
}

/** The villages whose profile the caller may change, with when each profile was last saved. */
export async function editableVillages(ctx: Ctx) {
  return ctx.db
    .selectFrom('villages')
    .leftJoin('village_profiles', 'village_profiles.village_id', 'villages.id')
    .select(['villages.id', 'villages.name', 'villages.kind', 'village_profiles.updated_at'])
    .where('villages.district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'update', 'Village', 'villages'))
    .orderBy('villages.name')
    .execute();
}

/** The fields whose value differs between two profiles. */
export function changedFields(before: ProfileInput, after: ProfileInput): ProfileField[] {
  return PROFILE_FIELDS.filter((f) => (before[f] ?? null) !== (after[f] ?? null));
}

/**
 * Saves a village's profile against the version the editor started from (0: no profile yet).
 * A stale version throws ProfileConflict and writes nothing. The server decides the village,
 * who entered the population figures, the version and the time. Returns the changed fields.
 */
export async function saveProfile(ctx: Ctx, village: Village, expectedVersion: number, input: ProfileInput): Promise<ProfileField[]> {
  authorize(ctx.ability, 'update', 'Village', village);
  const current = await loadProfile(ctx.db, village.id);
  if ((current?.version ?? 0) !== expectedVersion) throw new ProfileConflict(current);
  const changed = changedFields(current ?? EMPTY_PROFILE, input);
  if (changed.length === 0) return [];

  const now = nowUtc();
  const values = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, input[f]])) as unknown as ProfileInput;
  const enteredBy = changed.some((f) => POPULATION_FIELDS.includes(f)) ? ctx.user.id : (current?.population_entered_by ?? null);
  let written: boolean;
  if (current) {
    const res = await ctx.db
      .updateTable('village_profiles')
      .set({ ...values, population_entered_by: enteredBy, version: expectedVersion + 1, updated_at: now, updated_by: ctx.user.id })
      .where('village_id', '=', village.id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    written = Number(res.numUpdatedRows) === 1;
  } else {
    written = await ctx.db
      .insertInto('village_profiles')
      .values({ village_id: village.id, ...values, population_entered_by: enteredBy, version: 1, updated_at: now, updated_by: ctx.user.id })
      .execute()
      .then(
        () => true,
        // Someone created it first (duplicate key): their row now holds the village.
        async (err: unknown) => {
          if (await loadProfile(ctx.db, village.id)) return false;
          throw err;
        },
      );
  }
  if (!written) throw new ProfileConflict(await loadProfile(ctx.db, village.id));

  await recordAudit(ctx.db, {
    action: 'village.profile_updated',
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    villageId: village.id,
    targetType: 'village',
    targetId: village.id,
    detail: { fields: changed },
    ip: ctx.ip,
  });
  await bumpContentVersion(ctx);
  return changed;
}
