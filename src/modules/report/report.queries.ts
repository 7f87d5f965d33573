import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import { SECTIONS } from '../sections';
import type { Month } from './month';

// The monthly report's figures, each one grouped query (GROUP BY unit) read along an index: the
// audit log's month by kecamatan and action (migrations/2026_12_20_0101_report_indexes.ts), the
// covering indexes of public items (migrations/2026_11_23_0004_portal_indexes.ts), a project's
// progress notes by date. Nothing is summed in the app. A "unit" is a row of the report: a village
// of one kecamatan (null: the kecamatan office's own items) or, for the whole install, a kecamatan.

/** One kecamatan (rows per village) or the whole install (rows per kecamatan). */
export type Scope = { kind: 'district'; districtId: number } | { kind: 'install' };

/** The types counted per village: every section a village may publish in (src/modules/sections). */
export const VILLAGE_TYPES: ContentType[] = SECTIONS.filter((d) => d.levels.includes('village')).map((d) => d.type);

type Unit = number | null;
const unitCol = (s: Scope) => (s.kind === 'district' ? 'village_id' : 'district_id');
const n = (v: unknown) => Number(v ?? 0);

function inScope<DB, TB extends keyof DB & ('content_items' | 'audit_log'), O>(q: SelectQueryBuilder<DB, TB, O>, s: Scope) {
  // The table's district_id column; typed loosely since the builder is shared by two tables.
  return s.kind === 'district' ? q.where(sql.ref('district_id'), '=', s.districtId) : q;
}

/** Items first published within the month and public now, per unit and type. */
export async function publishedInMonth(db: Kysely<Database>, s: Scope, m: Month) {
  const rows = await inScope(db.selectFrom('content_items'), s)
    .select((eb) => [sql<Unit>`${sql.ref(unitCol(s))}`.as('unit'), 'type', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .where('published_at', '>=', m.start)
    .where('published_at', '<', m.end)
    .where('type', 'in', VILLAGE_TYPES)
    .groupBy([unitCol(s), 'type'])
    .execute();
  return rows.map((r) => ({ unit: r.unit, type: r.type, n: n(r.n) }));
}

/** Each unit's latest publication before the month ended (any type, public now). */
export async function lastPublishedBefore(db: Kysely<Database>, s: Scope, end: string) {
  const rows = await inScope(db.selectFrom('content_items'), s)
    .select((eb) => [sql<Unit>`${sql.ref(unitCol(s))}`.as('unit'), eb.fn.max('published_at').as('last')])
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .where('published_at', '<', end)
    .groupBy(unitCol(s))
    .execute();
  return rows.map((r) => ({ unit: r.unit, last: r.last === null ? null : String(r.last) }));
}

const inMonth = (m: Month) => (eb: ExpressionBuilder<Database, 'audit_log'>) => eb.and([eb('created_at', '>=', m.start), eb('created_at', '<', m.end)]);

/** Operators' completed logins in the month (audit log), and how many operators logged in. */
export async function operatorLogins(db: Kysely<Database>, s: Scope, m: Month) {
  const rows = await inScope(db.selectFrom('audit_log'), s)
    .select((eb) => [sql<Unit>`${sql.ref(unitCol(s))}`.as('unit'), eb.fn.countAll<number>().as('n'), sql<number>`COUNT(DISTINCT user_id)`.as('users')])
    .where('action', '=', 'login.succeeded')
    .where('role', '=', 'village_operator')
    .where(inMonth(m))
    .groupBy(unitCol(s))
    .execute();
  return rows.map((r) => ({ unit: r.unit, n: n(r.n), users: n(r.users) }));
}

/**
 * Village items the camat office returned, and approved, in the month: distinct items per unit from
 * the audit log (src/modules/content/workflow.ts). An approval is content.approve; entries written
 * before that code existed count as approvals when published by anyone but an operator.
 */
export async function reviewDecisions(db: Kysely<Database>, s: Scope, m: Month) {
  const decision = sql<'returned' | 'approved'>`CASE WHEN action = 'content.return' THEN 'returned' ELSE 'approved' END`;
  const rows = await inScope(db.selectFrom('audit_log'), s)
    .select([sql<Unit>`${sql.ref(unitCol(s))}`.as('unit'), decision.as('decision'), sql<number>`COUNT(DISTINCT target_id)`.as('n')])
    .where((eb) => eb.or([eb('action', '=', 'content.return'), eb('action', '=', 'content.approve'), eb.and([eb('action', '=', 'content.publish'), eb('role', '<>', 'village_operator')])]))
    .where('village_id', 'is not', null)
    .where(inMonth(m))
    .groupBy([unitCol(s), decision])
    .execute();
  return rows.map((r) => ({ unit: r.unit, decision: r.decision, n: n(r.n) }));
}

/**
 * The month's fiscal year's published projects with their progress at the month's end: the percent
 * of the latest progress update dated within it (project_updates_item_idx), 0 before any.
 */
function projectsOfYear(db: Kysely<Database>, s: Scope, m: Month) {
  return db
    .selectFrom('project_details as pd')
    .innerJoin('content_items as ci', 'ci.id', 'pd.item_id')
    .$if(s.kind === 'district', (q) => q.where('ci.district_id', '=', (s as { districtId: number }).districtId))
    .where('ci.type', '=', 'project')
    .where('ci.status', '=', 'published')
    .where('ci.deleted_at', 'is', null)
    .where('pd.fiscal_year', '=', m.year)
    .select((eb) => [
      'pd.item_id',
      sql<Unit>`${sql.ref(`ci.${unitCol(s)}`)}`.as('unit'),
      eb.fn
        .coalesce(
          eb
            .selectFrom('project_updates as pu')
            .select('pu.percent')
            .whereRef('pu.item_id', '=', 'pd.item_id')
            .where('pu.deleted_at', 'is', null)
            .where('pu.update_date', '<=', m.lastDay)
            .orderBy('pu.update_date', 'desc')
            .orderBy('pu.id', 'desc')
            .limit(1),
          sql<number>`0`,
        )
        .as('progress'),
    ]);
}

/** Per unit and funding source: projects, budget, and budget × progress at the month's end (the realised estimate). */
export async function projectBudgets(db: Kysely<Database>, s: Scope, m: Month) {
  const rows = await db
    .selectFrom(projectsOfYear(db, s, m).as('p'))
    .innerJoin('project_budgets as b', 'b.item_id', 'p.item_id')
    .select((eb) => [
      'p.unit',
      'b.source',
      eb.fn.count<number>('p.item_id').distinct().as('projects'),
      eb.fn.sum<number>('b.amount').as('budget'),
      sql<number>`SUM(b.amount * p.progress) / 100`.as('realised'),
    ])
    .where('b.amount', '>', 0)
    .groupBy(['p.unit', 'b.source'])
    .execute();
  return rows.map((r) => ({ unit: r.unit, source: r.source, projects: n(r.projects), budget: n(r.budget), realised: Math.round(n(r.realised)) }));
}

/** Per unit: the year's projects, their mean progress at the month's end, and progress updates dated in the month. */
export async function projectProgress(db: Kysely<Database>, s: Scope, m: Month) {
  const [year, updates] = await Promise.all([
    db
      .selectFrom(projectsOfYear(db, s, m).as('p'))
      .select((eb) => ['p.unit', eb.fn.countAll<number>().as('projects'), eb.fn.avg<number>('p.progress').as('progress')])
      .groupBy('p.unit')
      .execute(),
    db
      .selectFrom('project_updates as pu')
      .innerJoin('content_items as ci', 'ci.id', 'pu.item_id')
      .select((eb) => [sql<Unit>`${sql.ref(`ci.${unitCol(s)}`)}`.as('unit'), eb.fn.countAll<number>().as('n')])
      .$if(s.kind === 'district', (q) => q.where('ci.district_id', '=', (s as { districtId: number }).districtId))
      .where('ci.status', '=', 'published')
      .where('ci.deleted_at', 'is', null)
      .where('pu.deleted_at', 'is', null)
      .where('pu.update_date', '>=', m.firstDay)
      .where('pu.update_date', '<=', m.lastDay)
      .groupBy(`ci.${unitCol(s)}`)
      .execute(),
  ]);
  return {
    year: year.map((r) => ({ unit: r.unit, projects: n(r.projects), progress: Math.round(n(r.progress)) })),
    updates: updates.map((r) => ({ unit: r.unit, n: n(r.n) })),
  };
}

/** One kecamatan's projects of the year for the Pembangunan table, with their budget by source. */
export async function projectList(db: Kysely<Database>, districtId: number, m: Month) {
  const rows = await projectsOfYear(db, { kind: 'district', districtId }, m)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select(['ci.title', 'v.name as village_name', 'pd.project_status', 'pd.start_date', 'pd.target_date'])
    .orderBy('v.name')
    .orderBy('ci.title')
    .execute();
  const bySource = new Map<number, Record<string, number>>();
  for (let i = 0; i < rows.length; i += 500) {
    const ids = rows.slice(i, i + 500).map((r) => r.item_id);
    const lines = await db.selectFrom('project_budgets').select(['item_id', 'source', 'amount']).where('item_id', 'in', ids).where('amount', '>', 0).execute();
    for (const b of lines) bySource.set(b.item_id, { ...bySource.get(b.item_id), [b.source]: n(b.amount) });
  }
  return rows.map((r) => {
    const own = bySource.get(r.item_id) ?? {};
    return { ...r, progress: n(r.progress), bySource: own, budget: Object.values(own).reduce((t, a) => t + a, 0) };
  });
}
