import { type Kysely, MysqlAdapter, sql } from 'kysely';
import type { Database } from '../../db/schema';
import type { Page } from '../../http/pagination';
import { FUNDING_SOURCES } from '../sections/project';
import { imagesById, publishedBySlug, publishedItems } from './published';

export const PROJECT_STATUSES = ['rencana', 'berjalan', 'selesai'] as const;
/** Rows per page of the /pembangunan table (its CSV and totals cover every filtered row). */
export const PROJECTS_PER_PAGE = 50;

export interface ProjectFilters {
  tahun: number | null;
  desa: string | null;
  status: (typeof PROJECT_STATUSES)[number] | null;
  sumber: (typeof FUNDING_SOURCES)[number] | null;
}

const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const within = <T extends string>(list: readonly T[], v: string): T | null => ((list as readonly string[]).includes(v) ? (v as T) : null);

/** Reads ?tahun, ?desa, ?status, ?sumber through allowlists (anything else: no filter); never throws. */
export function projectFilters(query: Record<string, unknown>, villageSlugs: readonly string[]): ProjectFilters {
  const year = one(query.tahun);
  return {
    tahun: /^\d{4}$/.test(year) && Number(year) >= 2015 && Number(year) <= 2100 ? Number(year) : null,
    desa: within(villageSlugs, one(query.desa)),
    status: within(PROJECT_STATUSES, one(query.status)),
    sumber: within(FUNDING_SOURCES, one(query.sumber)),
  };
}

export function projectQueryString(f: ProjectFilters): string {
  const p = new URLSearchParams();
  if (f.tahun !== null) p.set('tahun', String(f.tahun));
  if (f.desa) p.set('desa', f.desa);
  if (f.status) p.set('status', f.status);
  if (f.sumber) p.set('sumber', f.sumber);
  return p.toString();
}

/** The published projects matching the filters (the one base of the table, the CSV and the totals); no village joined. */
function filtered(db: Kysely<Database>, districtId: number, f: ProjectFilters, itemsFirst = false) {
  const items = publishedItems(db, districtId, 'project');
  // itemsFirst, MySQL/MariaDB: join in the order written (STRAIGHT_JOIN), from the items' covering
  // index, not from project_details with a lookup of every wide content row (for the totals; the
  // table sorts on project_details columns, so it leaves the order to the optimizer).
  return (itemsFirst && db.getExecutor().adapter instanceof MysqlAdapter ? items.modifyFront(sql.raw('straight_join')) : items)
    .innerJoin('project_details as pd', 'pd.item_id', 'ci.id')
    .$if(f.tahun !== null, (q) => q.where('pd.fiscal_year', '=', f.tahun!))
    // A subquery, not a join: counts and sums that need no village name then read only the indexes.
    .$if(f.desa !== null, (q) => q.where('ci.village_id', 'in', (eb) => eb.selectFrom('villages as fv').select('fv.id').where('fv.slug', '=', f.desa!)))
    .$if(f.status !== null, (q) => q.where('pd.project_status', '=', f.status!))
    .$if(f.sumber !== null, (q) =>
      q.where((eb) => eb.exists(eb.selectFrom('project_budgets as sb').select('sb.id').whereRef('sb.item_id', '=', 'ci.id').where('sb.source', '=', f.sumber!).where('sb.amount', '>', 0))),
    );
}

/**
 * The rows of the table: title, village, year, status, budget total, progress. With `page`, that
 * page of them (fetched with one extra row to tell whether a next page exists); without it, every
 * filtered row (the CSV).
 */
export async function projectTable(db: Kysely<Database>, districtId: number, f: ProjectFilters, page?: Page) {
  const rows = await filtered(db, districtId, f)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select([
      'ci.id',
      'ci.title',
      'ci.slug',
      'v.name as village_name',
      'v.slug as village_slug',
      'pd.fiscal_year',
      'pd.project_status',
      'pd.progress',
    ])
    .orderBy('pd.fiscal_year', 'desc')
    .orderBy('v.name')
    .orderBy('ci.title')
    .orderBy('ci.id')
    .$if(page !== undefined, (q) => q.limit(page!.perPage + 1).offset(page!.offset))
    .execute();
  const hasNext = page !== undefined && rows.length > page.perPage;
  const shown = page ? rows.slice(0, page.perPage) : rows;
  // Each row's budget total, summed only for the rows shown (not for every filtered row before the sort).
  const budgets = new Map<number, number>();
  for (let i = 0; i < shown.length; i += 500) {
    const ids = shown.slice(i, i + 500).map((r) => r.id);
    const sums = await db.selectFrom('project_budgets').select((eb) => ['item_id', eb.fn.sum<string | number>('amount').as('s')]).where('item_id', 'in', ids).groupBy('item_id').execute();
    for (const b of sums) budgets.set(b.item_id, Number(b.s ?? 0));
  }
  const out = shown.map((r) => ({ ...r, fiscal_year: Number(r.fiscal_year), progress: Number(r.progress), budget: budgets.get(r.id) ?? 0 }));
  return { rows: out, hasNext };
}

/**
 * Budget totals of the filtered projects, by funding source (form order) and by village (SUM in SQL),
 * and how many projects there are. Each total joins the budgets onto the filtered projects (one
 * pass over the project index), rather than probing every budget row against an IN list.
 */
export async function projectTotals(db: Kysely<Database>, districtId: number, f: ProjectFilters) {
  const [bySourceRows, byVillageRows, counted] = await Promise.all([
    filtered(db, districtId, f, true)
      .innerJoin('project_budgets as b', 'b.item_id', 'ci.id')
      .select((eb) => ['b.source', eb.fn.sum<string | number>('b.amount').as('total')])
      .groupBy('b.source')
      .execute(),
    filtered(db, districtId, f, true)
      .innerJoin('project_budgets as b', 'b.item_id', 'ci.id')
      // Projects of the kecamatan itself (no village) have no row here.
      .innerJoin('villages as v', 'v.id', 'ci.village_id')
      .select((eb) => ['v.name', 'v.slug', eb.fn.sum<string | number>('b.amount').as('total')])
      .groupBy(['v.id', 'v.name', 'v.slug'])
      .orderBy('v.name')
      .execute(),
    filtered(db, districtId, f, true).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const sums = new Map(bySourceRows.map((r) => [r.source, Number(r.total ?? 0)]));
  const bySource = FUNDING_SOURCES.map((source) => ({ source, total: sums.get(source) ?? 0 })).filter((r) => r.total > 0);
  const byVillage = byVillageRows.map((r) => ({ name: r.name, slug: r.slug, total: Number(r.total ?? 0) }));
  const total = bySource.reduce((n, r) => n + r.total, 0);
  return { bySource, byVillage, total, count: Number(counted.n) };
}

/**
 * The fiscal years that published projects have, newest first (for the year filter): each year in
 * project_details_year_idx with one published project of the kecamatan that has it (a scalar
 * subquery with LIMIT 1, which stops at the first, where an EXISTS would be turned by MariaDB into
 * a join over every project), rather than joining every project.
 */
export async function projectYears(db: Kysely<Database>, districtId: number): Promise<number[]> {
  const rows = await db
    .selectFrom((eb) => eb.selectFrom('project_details').select('fiscal_year').distinct().as('y'))
    .select((eb) => [
      'y.fiscal_year',
      eb
        .selectFrom('project_details as yp')
        .innerJoin('content_items as ci', 'ci.id', 'yp.item_id')
        .select('ci.id')
        .whereRef('yp.fiscal_year', '=', 'y.fiscal_year')
        .where('ci.district_id', '=', districtId)
        .where('ci.status', '=', 'published')
        .where('ci.deleted_at', 'is', null)
        .where('ci.type', '=', 'project')
        .limit(1)
        .as('any_id'),
    ])
    .orderBy('y.fiscal_year', 'desc')
    .execute();
  return rows.filter((r) => r.any_id !== null && r.any_id !== undefined).map((r) => Number(r.fiscal_year));
}

/** A published project with details, budget by source and its dated updates (newest first) with photos. */
export async function projectBySlug(db: Kysely<Database>, districtId: number, slug: string) {
  const item = await publishedBySlug(db, districtId, 'project', slug);
  if (!item) return undefined;
  const details = await db.selectFrom('project_details').selectAll().where('item_id', '=', item.id).executeTakeFirst();
  if (!details) return undefined;
  const budgetRows = await db.selectFrom('project_budgets').select(['source', 'amount']).where('item_id', '=', item.id).execute();
  const budgets = FUNDING_SOURCES.flatMap((s) => {
    const amount = budgetRows.filter((b) => b.source === s).reduce((n, b) => n + Number(b.amount), 0);
    return amount > 0 ? [{ source: s, amount }] : [];
  });
  const updates = await db.selectFrom('project_updates').select(['id', 'update_date', 'percent', 'note']).where('item_id', '=', item.id).where('deleted_at', 'is', null).orderBy('update_date', 'desc').orderBy('id', 'desc').execute();
  const links = updates.length
    ? await db.selectFrom('project_update_media').select(['update_id', 'media_id']).where('update_id', 'in', updates.map((u) => u.id)).orderBy('position').execute()
    : [];
  const cover = item.cover_media_id;
  const images = await imagesById(db, [cover, ...links.map((l) => l.media_id)]);
  return {
    item,
    details: { ...details, progress: Number(details.progress) },
    budgets,
    total: budgets.reduce((n, b) => n + b.amount, 0),
    cover: cover ? (images.get(cover) ?? null) : null,
    updates: updates.map((u) => ({ ...u, percent: Number(u.percent), photos: links.filter((l) => l.update_id === u.id).flatMap((l) => images.get(l.media_id) ?? []) })),
  };
}
