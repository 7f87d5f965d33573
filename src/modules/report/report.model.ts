import type { Kysely } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import { fromDbDate } from '../../db/time';
import { FUNDING_SOURCES } from '../sections/project';
import type { Month } from './month';
import { type Scope, VILLAGE_TYPES, lastPublishedBefore, operatorLogins, projectBudgets, projectList, projectProgress, publishedInMonth, reviewDecisions } from './report.queries';

/** The month's activity figures of one row (or of the total). */
export interface Activity {
  published: Record<ContentType, number>;
  publishedTotal: number;
  logins: number;
  operators: number;
  returned: number;
  approved: number;
  updates: number;
}

export interface ReportRow extends Activity {
  /** The village's (or kecamatan's) id; null: the kecamatan office's own items. */
  unit: number | null;
  name: string;
  kind: string | null;
  lastPublished: string | null;
  /** Days from the last publication to the month's end; null when nothing was ever published by then. */
  daysSince: number | null;
  projects: number;
  progress: number;
  budget: number;
  realised: number;
  change: number;
}

export interface SourceLine {
  source: string;
  projects: number;
  budget: number;
  realised: number;
}

export interface Report {
  scope: Scope;
  month: Month;
  previous: Month;
  types: ContentType[];
  rows: ReportRow[];
  total: Activity & { projects: number; budget: number; realised: number };
  previousTotal: Activity;
  /** This month minus the previous one, per activity figure. */
  change: Record<'publishedTotal' | 'logins' | 'operators' | 'returned' | 'approved' | 'updates', number>;
  sources: SourceLine[];
  projects: Awaited<ReturnType<typeof projectList>>;
}

const emptyActivity = (): Activity => ({
  published: Object.fromEntries(VILLAGE_TYPES.map((t) => [t, 0])) as Record<ContentType, number>,
  publishedTotal: 0,
  logins: 0,
  operators: 0,
  returned: 0,
  approved: 0,
  updates: 0,
});

const key = (unit: number | null) => String(unit ?? 'office');

/** The month's activity per unit, from the grouped reads. */
async function activity(db: Kysely<Database>, s: Scope, m: Month): Promise<Map<string, Activity>> {
  const [published, logins, decisions, progress] = await Promise.all([publishedInMonth(db, s, m), operatorLogins(db, s, m), reviewDecisions(db, s, m), projectProgress(db, s, m)]);
  const out = new Map<string, Activity>();
  const of = (unit: number | null) => {
    let a = out.get(key(unit));
    if (!a) out.set(key(unit), (a = emptyActivity()));
    return a;
  };
  for (const r of published) {
    of(r.unit).published[r.type] += r.n;
    of(r.unit).publishedTotal += r.n;
  }
  for (const r of logins) Object.assign(of(r.unit), { logins: r.n, operators: r.users });
  for (const r of decisions) of(r.unit)[r.decision] = r.n;
  for (const r of progress.updates) of(r.unit).updates = r.n;
  return out;
}

function sum(list: Activity[]): Activity {
  const total = emptyActivity();
  for (const a of list) {
    for (const t of VILLAGE_TYPES) total.published[t] += a.published[t];
    for (const k of ['publishedTotal', 'logins', 'operators', 'returned', 'approved', 'updates'] as const) total[k] += a[k];
  }
  return total;
}

/** Rows of the report: the kecamatan's villages (and its office, when it has figures) or the install's kecamatan. */
async function unitsOf(db: Kysely<Database>, s: Scope) {
  if (s.kind === 'install') {
    const rows = await db.selectFrom('districts').select(['id', 'name']).orderBy('name').orderBy('code').execute();
    return rows.map((r) => ({ unit: r.id as number | null, name: r.name, kind: null as string | null }));
  }
  const rows = await db.selectFrom('villages').select(['id', 'name', 'kind']).where('district_id', '=', s.districtId).orderBy('name').execute();
  return rows.map((r) => ({ unit: r.id as number | null, name: r.name, kind: r.kind as string | null }));
}

export async function buildReport(db: Kysely<Database>, s: Scope, month: Month, previous: Month): Promise<Report> {
  const [units, now, before, last, budgets, progress, projects] = await Promise.all([
    unitsOf(db, s),
    activity(db, s, month),
    activity(db, s, previous),
    lastPublishedBefore(db, s, month.end),
    projectBudgets(db, s, month),
    projectProgress(db, s, month),
    s.kind === 'district' ? projectList(db, s.districtId, month) : Promise.resolve([]),
  ]);
  const lastOf = new Map(last.map((r) => [key(r.unit), r.last]));
  const yearOf = new Map(progress.year.map((r) => [key(r.unit), r]));
  const moneyOf = new Map<string, { budget: number; realised: number }>();
  for (const b of budgets) {
    const m = moneyOf.get(key(b.unit)) ?? { budget: 0, realised: 0 };
    moneyOf.set(key(b.unit), { budget: m.budget + b.budget, realised: m.realised + b.realised });
  }
  // The kecamatan office's own items get a row only when it has any figure.
  const office = s.kind === 'district' && [now, before, lastOf, yearOf].some((m) => m.has(key(null))) ? [{ unit: null, name: '', kind: null }] : [];
  const end = fromDbDate(month.end).getTime();
  const rows = [...units, ...office].map((u): ReportRow => {
    const a = now.get(key(u.unit)) ?? emptyActivity();
    const lastPublished = lastOf.get(key(u.unit)) ?? null;
    const year = yearOf.get(key(u.unit));
    const money = moneyOf.get(key(u.unit)) ?? { budget: 0, realised: 0 };
    return {
      ...u,
      ...a,
      lastPublished,
      daysSince: lastPublished === null ? null : Math.floor((end - fromDbDate(lastPublished).getTime()) / 86_400_000),
      projects: year?.projects ?? 0,
      progress: year?.progress ?? 0,
      ...money,
      change: a.publishedTotal - (before.get(key(u.unit))?.publishedTotal ?? 0),
    };
  });
  const total = sum(rows);
  const previousTotal = sum([...before.values()]);
  const sources = FUNDING_SOURCES.flatMap((source) => {
    const lines = budgets.filter((b) => b.source === source);
    return lines.length ? [{ source, projects: lines.reduce((n, b) => n + b.projects, 0), budget: lines.reduce((n, b) => n + b.budget, 0), realised: lines.reduce((n, b) => n + b.realised, 0) }] : [];
  });
  return {
    scope: s,
    month,
    previous,
    types: VILLAGE_TYPES,
    rows,
    total: { ...total, projects: rows.reduce((n, r) => n + r.projects, 0), budget: rows.reduce((n, r) => n + r.budget, 0), realised: rows.reduce((n, r) => n + r.realised, 0) },
    previousTotal,
    change: {
      publishedTotal: total.publishedTotal - previousTotal.publishedTotal,
      logins: total.logins - previousTotal.logins,
      operators: total.operators - previousTotal.operators,
      returned: total.returned - previousTotal.returned,
      approved: total.approved - previousTotal.approved,
      updates: total.updates - previousTotal.updates,
    },
    sources,
    projects,
  };
}
