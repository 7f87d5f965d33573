import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { toDbDate } from '../../db/time';
import type { Page } from '../../lib/pagination';
import { QUIET_DAYS } from '../dashboard/dashboard.queries';

export interface DistrictRow {
  id: number;
  code: string;
  name: string;
  regency_name: string;
  province_name: string;
  suspended_at: string | null;
  twoFactorAdmins: boolean;
  villages: number;
  operators: number;
  recent: number;
  lastPublished: string | null;
  quiet: number;
  hosts: string[];
}

const byDistrict = <T extends { district_id: number }>(rows: T[]) => new Map(rows.map((r) => [r.district_id, r]));

/**
 * One page of the install's kecamatan with their activity. Each figure is one grouped query over
 * the page's ids: villages, active operators, hosts; the last publication and the quiet villages
 * from the published_counts aggregate (one row per village, as the dashboard's villageActivity
 * counts a village quiet: nothing published within QUIET_DAYS); items of the last 30 days from
 * content_items_public_newest_idx, whose range stops at the cutoff, so old content is never read.
 */
export async function listDistricts(db: Kysely<Database>, page: Page, now = new Date()) {
  const [districts, total] = await Promise.all([
    db.selectFrom('districts').select(['id', 'code', 'name', 'regency_name', 'province_name', 'suspended_at', 'two_factor_admins']).orderBy('code').limit(page.perPage).offset(page.offset).execute(),
    db
      .selectFrom('districts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const ids = districts.map((d) => d.id);
  if (ids.length === 0) return { rows: [] as DistrictRow[], total: Number(total.n) };
  const cutoff = toDbDate(new Date(now.getTime() - QUIET_DAYS * 86_400_000));
  const [villages, operators, recent, last, lively, hosts] = await Promise.all([
    db
      .selectFrom('villages')
      .select((eb) => ['district_id', eb.fn.countAll<number>().as('n')])
      .where('district_id', 'in', ids)
      .groupBy('district_id')
      .execute(),
    db
      .selectFrom('users')
      .select((eb) => ['district_id', eb.fn.countAll<number>().as('n')])
      .where('district_id', 'in', ids)
      .where('role', '=', 'village_operator')
      .where('disabled_at', 'is', null)
      .groupBy('district_id')
      .$narrowType<{ district_id: number }>()
      .execute(),
    db
      .selectFrom('content_items')
      .select((eb) => ['district_id', eb.fn.countAll<number>().as('n')])
      .where('district_id', 'in', ids)
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .where('published_at', '>=', cutoff)
      .groupBy('district_id')
      .execute(),
    db
      .selectFrom('published_counts')
      .select((eb) => ['district_id', eb.fn.max('last_published_at').as('last')])
      .where('district_id', 'in', ids)
      .where('type', '=', '')
      .where('category', '=', '')
      .groupBy('district_id')
      .execute(),
    db
      .selectFrom('published_counts')
      .select((eb) => ['district_id', eb.fn.countAll<number>().as('n')])
      .where('district_id', 'in', ids)
      .where('type', '=', '')
      .where('category', '=', '')
      .where('village_key', '<>', 0)
      .where('last_published_at', '>=', cutoff)
      .groupBy('district_id')
      .execute(),
    db.selectFrom('district_hosts').select(['district_id', 'host']).where('district_id', 'in', ids).orderBy('id').execute(),
  ]);
  const [v, o, r, l, q] = [villages, operators, recent, last, lively].map((rows) => byDistrict(rows as { district_id: number }[]));
  const rows = districts.map((d): DistrictRow => {
    const count = (m: Map<number, unknown>) => Number((m.get(d.id) as { n?: number } | undefined)?.n ?? 0);
    const lastAt = (l.get(d.id) as { last?: unknown } | undefined)?.last;
    return {
      id: d.id,
      code: d.code,
      name: d.name,
      regency_name: d.regency_name,
      province_name: d.province_name,
      suspended_at: d.suspended_at === null ? null : String(d.suspended_at),
      twoFactorAdmins: Boolean(Number(d.two_factor_admins)),
      villages: count(v),
      operators: count(o),
      recent: count(r),
      lastPublished: lastAt ? String(lastAt) : null,
      quiet: Math.max(count(v) - count(q), 0),
      hosts: hosts.filter((h) => h.district_id === d.id).map((h) => h.host),
    };
  });
  return { rows, total: Number(total.n) };
}

/** One kecamatan with its hosts and camat-office accounts, or undefined. */
export async function getDistrict(db: Kysely<Database>, id: number) {
  const district = await db.selectFrom('districts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!district) return undefined;
  const [hosts, admins] = await Promise.all([
    db.selectFrom('district_hosts').select('host').where('district_id', '=', id).orderBy('id').execute(),
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('district_id', '=', id)
      .where('role', '=', 'district_admin')
      .executeTakeFirstOrThrow(),
  ]);
  return { district, hosts: hosts.map((h) => h.host), admins: Number(admins.n) };
}

/** Which of these official codes the install already has, with their ids. */
export async function presentCodes(db: Kysely<Database>, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('districts').select(['id', 'code']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}
