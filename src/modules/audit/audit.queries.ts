import type { Kysely } from 'kysely';
import type { AppAbility } from '../../authz/ability';
import { accessibleBy } from '../../authz/accessible-by';
import type { Database } from '../../db/schema';
import type { Page } from '../../lib/pagination';
import type { AuditFilter } from './audit.filter';

/** Most rows one CSV download holds (newest first); a narrower filter reaches further back. */
export const CSV_MAX_ROWS = 10_000;

// Every read of the log starts here: the viewer's rule (a camat office: its kecamatan; a
// superadmin: everything) is the WHERE, and the filter only narrows it further.
function entries(db: Kysely<Database>, ability: AppAbility, f: AuditFilter) {
  return db
    .selectFrom('audit_log')
    .leftJoin('villages', 'villages.id', 'audit_log.village_id')
    .leftJoin('districts', 'districts.id', 'audit_log.district_id')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select([
      'audit_log.id',
      'audit_log.created_at',
      'audit_log.district_id',
      'audit_log.village_id',
      'audit_log.user_id',
      'audit_log.username',
      'audit_log.role',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.detail',
      'audit_log.ip',
      'villages.name as village_name',
      'villages.kind as village_kind',
      'districts.name as district_name',
      'districts.timezone as district_timezone',
      'users.name as actor_name',
    ])
    .where(accessibleBy(ability, 'read', 'AuditEntry', 'audit_log'))
    .$if(f.districtId !== null, (q) => q.where('audit_log.district_id', '=', f.districtId!))
    .$if(f.villageId !== null, (q) => q.where('audit_log.village_id', '=', f.villageId!))
    .$if(f.userId !== null, (q) => q.where('audit_log.user_id', '=', f.userId!))
    .$if(f.action !== null, (q) => q.where('audit_log.action', '=', f.action!))
    .$if(f.from !== null, (q) => q.where('audit_log.created_at', '>=', f.from!))
    .$if(f.to !== null, (q) => q.where('audit_log.created_at', '<', f.to!))
    .orderBy('audit_log.id', 'desc');
}

export type AuditRow = Awaited<ReturnType<ReturnType<typeof entries>['execute']>>[number];

/** One page, and whether another follows. */
export async function listEntries(db: Kysely<Database>, ability: AppAbility, f: AuditFilter, page: Page): Promise<{ rows: AuditRow[]; hasNext: boolean }> {
  const rows = await entries(db, ability, f)
    .limit(page.perPage + 1)
    .offset(page.offset)
    .execute();
  return { rows: rows.slice(0, page.perPage), hasNext: rows.length > page.perPage };
}

export function csvEntries(db: Kysely<Database>, ability: AppAbility, f: AuditFilter): Promise<AuditRow[]> {
  return entries(db, ability, f).limit(CSV_MAX_ROWS).execute();
}

/** The filter's choices: the villages and people of the kecamatan shown (none while a superadmin looks at all). */
export async function filterChoices(db: Kysely<Database>, districtId: number | null, superadmin: boolean) {
  if (districtId === null) {
    const admins = superadmin ? await db.selectFrom('users').select(['id', 'name', 'username']).where('district_id', 'is', null).orderBy('name').limit(200).execute() : [];
    return { villages: [], users: admins };
  }
  const villages = await db.selectFrom('villages').select(['id', 'name', 'kind']).where('district_id', '=', districtId).orderBy('name').execute();
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'username'])
    .where((eb) => (superadmin ? eb.or([eb('district_id', '=', districtId), eb('district_id', 'is', null)]) : eb('district_id', '=', districtId)))
    .orderBy('name')
    .limit(500)
    .execute();
  return { villages, users };
}
