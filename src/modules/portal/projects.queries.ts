import { type Kysely, MysqlAdapter, sql } from 'kysely';
import type { Database } from '../../db/schema';
import type { Page } from '../../lib/pagination';
import { FUNDING_SOURCES, type FundingSource } from '../sections/project';
import { imagesById, publishedBySlug } from './published';

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

/**
 * The rows of the table: title, village, year, status, budget total, progress; the newest fiscal
 * year first, then the latest entered. That is the order of project_details_year_idx (whose entries
 * end with the item id on both dialects), which the query walks, joining each project's item by its
 * key, and leaves once it has a page, however many projects the kecamatan has. With `page`, that
 * page of them (fetched with one extra row to tell whether a next page exists); without it, every
 * filtered row (the CSV).
 */
export async function projectTable(db: Kysely<Database>, districtId: number, f: ProjectFilters, page?: Page) {
  const projects = db.selectFrom('project_details as pd');
  // Joined in the order written (MySQL/MariaDB STRAIGHT_JOIN; SQLite never reorders a CROSS JOIN):
  // left to themselves both start from the kecamatan's items and sort all of them. One village's
  // projects are fewer: then they start from that village's items (content_items_public_village_idx).
  const joined =
    f.desa === null
      ? projects
          .$if(db.getExecutor().adapter instanceof MysqlAdapter, (q) => q.modifyFront(sql.raw('straight_join')))
          .crossJoin('content_items as ci')
          .whereRef('ci.id', '=', 'pd.item_id')
      : projects
          .innerJoin('content_items as ci', 'ci.id', 'pd.item_id')
          .where('ci.village_id', 'in', (eb) => eb.selectFrom('villages as fv').select('fv.id').where('fv.district_id', '=', districtId).where('fv.slug', '=', f.desa!));
  const rows = await joined
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .where('ci.district_id', '=', districtId)
    .where('ci.status', '=', 'published')
    .where('ci.deleted_at', 'is', null)
    .where('ci.type', '=', 'project')
    .$if(f.tahun !== null, (q) => q.where('pd.fiscal_year', '=', f.tahun!))
    .$if(f.status !== null, (q) => q.where('pd.project_status', '=', f.status!))
    .$if(f.sumber !== null, (q) =>
      q.where((eb) => eb.exists(eb.selectFrom('project_budgets as sb').select('sb.id').whereRef('sb.item_id', '=', 'pd.item_id').where('sb.source', '=', f.sumber!).where('sb.amount', '>', 0))),
    )
    .select(['ci.id', 'ci.title', 'ci.slug', 'v.name as village_name', 'v.slug as village_slug', 'pd.fiscal_year', 'pd.project_status', 'pd.progress', 'pd.start_date', 'pd.target_date'])
    .orderBy('pd.fiscal_year', 'desc')
    .orderBy('pd.item_id', 'desc')
    .$if(page !== undefined, (q) => q.limit(page!.perPage + 1).offset(page!.offset))
    .execute();
  const hasNext = page !== undefined && rows.length > page.perPage;
  const shown = page ? rows.slice(0, page.perPage) : rows;
  // Each row's budget by source (and its total), read only for the rows shown.
  const budgets = new Map<number, Partial<Record<FundingSource, number>>>();
  for (let i = 0; i < shown.length; i += 500) {
    const ids = shown.slice(i, i + 500).map((r) => r.id);
    const sums = await db
      .selectFrom('project_budgets')
      .select((eb) => ['item_id', 'source', eb.fn.sum<string | number>('amount').as('s')])
      .where('item_id', 'in', ids)
      .groupBy(['item_id', 'source'])
      .execute();
    for (const b of sums) budgets.set(b.item_id, { ...budgets.get(b.item_id), [b.source]: Number(b.s ?? 0) });
  }
  const out = shown.map((r) => {
    const bySource = budgets.get(r.id) ?? {};
    const budget = Object.values(bySource).reduce((n, a) => n + a, 0);
    return { ...r, fiscal_year: Number(r.fiscal_year), progress: Number(r.progress), budget, bySource };
  });
  return { rows: out, hasNext };
}

/**
 * Budget totals of the filtered projects, by funding source (form order) and by village, and how
 * many projects there are: one grouped read of the project_totals aggregate (see its migration),
 * a few rows per village and year whatever the number of projects.
 */
export async function projectTotals(db: Kysely<Database>, districtId: number, f: ProjectFilters) {
  const rows = await db
    .selectFrom('project_totals as t')
    .leftJoin('villages as v', 'v.id', 't.village_key')
    .select(['t.source', 'v.name', 'v.slug', (eb) => eb.fn.sum<string | number>('t.amount').as('total'), (eb) => eb.fn.sum<string | number>('t.projects').as('n')])
    .where('t.district_id', '=', districtId)
    .where('t.filter_source', '=', f.sumber ?? '')
    .$if(f.tahun !== null, (q) => q.where('t.fiscal_year', '=', f.tahun!))
    .$if(f.desa !== null, (q) => q.where('v.slug', '=', f.desa!))
    .$if(f.status !== null, (q) => q.where('t.project_status', '=', f.status!))
    .groupBy(['t.source', 't.village_key', 'v.name', 'v.slug'])
    .orderBy('v.name')
    .execute();
  const sums = new Map<string, number>();
  for (const r of rows) if (r.source !== '') sums.set(r.source, (sums.get(r.source) ?? 0) + Number(r.total));
  const bySource = FUNDING_SOURCES.map((source) => ({ source, total: sums.get(source) ?? 0 })).filter((r) => r.total > 0);
  // The source '' rows hold each project's whole budget; projects of the kecamatan itself have no village row.
  const whole = rows.filter((r) => r.source === '');
  const byVillage = whole.flatMap((r) => (r.name !== null && r.slug !== null && Number(r.total) > 0 ? [{ name: r.name, slug: r.slug, total: Number(r.total) }] : []));
  const total = bySource.reduce((n, r) => n + r.total, 0);
  return { bySource, byVillage, total, count: whole.reduce((n, r) => n + Number(r.n), 0) };
}

/** The fiscal years that published projects have, newest first (for the year filter), from the aggregate. */
export async function projectYears(db: Kysely<Database>, districtId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('project_totals')
    .select('fiscal_year')
    .distinct()
    .where('district_id', '=', districtId)
    .where('filter_source', '=', '')
    .where('source', '=', '')
    .orderBy('fiscal_year', 'desc')
    .execute();
  return rows.map((r) => Number(r.fiscal_year));
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
  const updates = await db
    .selectFrom('project_updates')
    .select(['id', 'update_date', 'percent', 'note'])
    .where('item_id', '=', item.id)
    .where('deleted_at', 'is', null)
    .orderBy('update_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const links = updates.length
    ? await db
        .selectFrom('project_update_media')
        .select(['update_id', 'media_id'])
        .where(
          'update_id',
          'in',
          updates.map((u) => u.id),
        )
        .orderBy('position')
        .execute()
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
