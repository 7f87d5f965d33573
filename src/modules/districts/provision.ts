import type { Kysely, Transaction } from 'kysely';
import { insertId } from '../../db/insert-id';
import type { Database, Timezone } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { slugify, uniqueSlug } from '../../lib/slug';
import { DISTRICT_CODE, REGENCY_CODE, districtCodesOfRegency, findDistrict, findRegencyName, timezoneOfDistrict, villagesOf } from '../../regions/official';
import { normaliseHost, districtsChanged } from './hosts';

export class ProvisionError extends Error {}

export interface ProvisionResult {
  districtId: number;
  code: string;
  name: string;
  createdDistrict: boolean;
  addedVillages: number;
  addedHost: boolean;
}

/** Resolves the CLI's arguments into official district codes, refusing anything unknown. */
export function resolveDistrictCodes(args: { codes: string[]; regency?: string }): string[] {
  const codes = [...args.codes];
  if (args.regency !== undefined) {
    if (!REGENCY_CODE.test(args.regency) || !findRegencyName(args.regency)) {
      throw new ProvisionError(`Unknown regency code "${args.regency}" (expected e.g. 36.04)`);
    }
    codes.push(...districtCodesOfRegency(args.regency));
  }
  if (codes.length === 0) throw new ProvisionError('Give a district code (e.g. 33.04.02) or --regency 36.04');
  for (const code of codes) {
    if (!DISTRICT_CODE.test(code)) throw new ProvisionError(`Malformed district code "${code}" (expected e.g. 33.04.02)`);
    if (!findDistrict(code)) throw new ProvisionError(`Unknown district code "${code}" in the official list`);
  }
  return [...new Set(codes)];
}

/**
 * Creates a kecamatan and its villages from the official list. Idempotent: what exists is
 * kept as it is, only what is missing is added, nothing is deleted.
 */
export async function provisionDistrict(trx: Transaction<Database> | Kysely<Database>, code: string, opts: { host?: string; timezone?: Timezone } = {}): Promise<ProvisionResult> {
  const official = findDistrict(code);
  if (!official) throw new ProvisionError(`Unknown district code "${code}" in the official list`);
  const now = nowUtc();
  let createdDistrict = false;
  let district = await trx.selectFrom('districts').select(['id']).where('code', '=', code).executeTakeFirst();
  if (!district) {
    const id = insertId(
      await trx
        .insertInto('districts')
        .values({
          code,
          name: official.name,
          regency_code: official.regencyCode,
          regency_name: official.regencyName,
          province_name: official.provinceName,
          timezone: opts.timezone ?? timezoneOfDistrict(code),
          created_at: now,
          updated_at: now,
        })
        .executeTakeFirstOrThrow(),
    );
    district = { id };
    createdDistrict = true;
  }

  const existing = await trx.selectFrom('villages').select(['code', 'slug']).where('district_id', '=', district.id).execute();
  const codes = new Set(existing.map((v) => v.code));
  const slugs = new Set(existing.map((v) => v.slug));
  const missing = villagesOf(code).filter((v) => !codes.has(v.code));
  for (const v of missing) {
    const slug = uniqueSlug(slugify(v.name), slugs);
    slugs.add(slug);
    await trx.insertInto('villages').values({ district_id: district.id, code: v.code, name: v.name, slug, kind: v.kind, created_at: now, updated_at: now }).execute();
  }
  // Its pages list the villages: pages stored or data kept before are stale now (docs/render-path.md).
  if (missing.length > 0 && !createdDistrict) await bumpVersions(trx, [district.id]);

  let addedHost = false;
  if (opts.host) addedHost = await addHost(trx, district.id, opts.host);
  districtsChanged();
  return { districtId: district.id, code, name: official.name, createdDistrict, addedVillages: missing.length, addedHost };
}

/** Every stored page and kept read of these kecamatan is stale from now on. */
export async function bumpVersions(trx: Transaction<Database> | Kysely<Database>, districtIds: number[]): Promise<void> {
  if (districtIds.length === 0) return;
  await trx
    .updateTable('districts')
    .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
    .where('id', 'in', districtIds)
    .execute();
}

export async function addHost(trx: Transaction<Database> | Kysely<Database>, districtId: number, rawHost: string): Promise<boolean> {
  const host = normaliseHost(rawHost);
  if (!host) throw new ProvisionError(`Invalid host name "${rawHost}"`);
  const owner = await trx.selectFrom('district_hosts').select('district_id').where('host', '=', host).executeTakeFirst();
  if (owner && owner.district_id !== districtId) {
    throw new ProvisionError(`Host "${host}" already belongs to another district`);
  }
  if (owner) return false;
  await trx.insertInto('district_hosts').values({ district_id: districtId, host, created_at: nowUtc() }).execute();
  // The kecamatan's absolute links may now name this host (site-origin.ts): its cached pages go.
  await trx
    .updateTable('districts')
    .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
    .where('id', '=', districtId)
    .execute();
  return true;
}
