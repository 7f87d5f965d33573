import type { Kysely, Transaction } from 'kysely';
import type { Database, Timezone } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { slugify, uniqueSlug } from '../../lib/slug';
import { allDistricts, districtCodesOfProvince, findDistrict, findProvinceName, timezoneOfDistrict, villagesOf } from '../../regions/official';
import { ProvisionError, bumpVersions } from './provision';

// Provisioning many kecamatan at once (district:add --province / --all): the same rows as
// provisionDistrict makes one by one (same names, slugs and time zones; idempotent, nothing
// deleted), but read and written in batches, so the whole official list takes seconds rather than
// 100,000 round trips.

type Db = Kysely<Database> | Transaction<Database>;

// Rows per INSERT: under SQLite's 32,766 and MySQL's 65,535 placeholders at 9 columns a row.
const BATCH = 1000;

export const PROVINCE_CODE = /^\d{2}$/;

/** The official codes of a province ("33"), or of every province (undefined), grouped by province in code order. */
export function codesByProvince(province?: string): { province: string; name: string; codes: string[] }[] {
  if (province !== undefined && (!PROVINCE_CODE.test(province) || !findProvinceName(province))) {
    throw new ProvisionError(`Unknown province code "${province}" (expected e.g. 33)`);
  }
  const groups = new Map<string, string[]>();
  const codes = province === undefined ? allDistricts().map((d) => d.code) : districtCodesOfProvince(province);
  for (const code of codes) {
    const p = code.slice(0, 2);
    groups.set(p, [...(groups.get(p) ?? []), code]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, list]) => ({ province: p, name: findProvinceName(p) ?? p, codes: list }));
}

function chunks<T>(list: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export interface BulkResult {
  districts: number;
  createdDistricts: number;
  addedVillages: number;
}

/** Creates what is missing of these kecamatan and their villages; run it inside a transaction. */
export async function provisionMany(trx: Db, codes: string[], opts: { timezone?: Timezone } = {}): Promise<BulkResult> {
  const now = nowUtc();
  const ids = new Map<string, number>();
  for (const part of chunks(codes)) {
    for (const r of await trx.selectFrom('districts').select(['id', 'code']).where('code', 'in', part).execute()) ids.set(r.code, r.id);
  }
  const missing = codes.filter((c) => !ids.has(c));
  for (const part of chunks(missing)) {
    const values = part.map((code) => {
      const d = findDistrict(code);
      if (!d) throw new ProvisionError(`Unknown district code "${code}" in the official list`);
      return {
        code,
        name: d.name,
        regency_code: d.regencyCode,
        regency_name: d.regencyName,
        province_name: d.provinceName,
        timezone: opts.timezone ?? timezoneOfDistrict(code),
        created_at: now,
        updated_at: now,
      };
    });
    await trx.insertInto('districts').values(values).execute();
    for (const r of await trx.selectFrom('districts').select(['id', 'code']).where('code', 'in', part).execute()) ids.set(r.code, r.id);
  }

  // What each kecamatan already has, so only missing villages are added, with slugs unique in it.
  const existing = new Map<number, { codes: Set<string>; slugs: Set<string> }>();
  for (const id of ids.values()) existing.set(id, { codes: new Set(), slugs: new Set() });
  for (const part of chunks([...ids.values()])) {
    for (const v of await trx.selectFrom('villages').select(['district_id', 'code', 'slug']).where('district_id', 'in', part).execute()) {
      existing.get(v.district_id)!.codes.add(v.code);
      existing.get(v.district_id)!.slugs.add(v.slug);
    }
  }
  const rows = [];
  for (const code of codes) {
    const districtId = ids.get(code)!;
    const have = existing.get(districtId)!;
    for (const v of villagesOf(code)) {
      if (have.codes.has(v.code)) continue;
      const slug = uniqueSlug(slugify(v.name), have.slugs);
      have.slugs.add(slug);
      rows.push({ district_id: districtId, code: v.code, name: v.name, slug, kind: v.kind, created_at: now, updated_at: now });
    }
  }
  for (const part of chunks(rows)) await trx.insertInto('villages').values(part).execute();
  // Kecamatan that existed and gained villages: their stored pages list the old villages.
  const created = new Set(missing.map((c) => ids.get(c)!));
  const grown = [...new Set(rows.map((r) => r.district_id))].filter((id) => !created.has(id));
  for (const part of chunks(grown)) await bumpVersions(trx, part);
  return { districts: codes.length, createdDistricts: missing.length, addedVillages: rows.length };
}
