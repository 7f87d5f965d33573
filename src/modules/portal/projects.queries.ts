import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { FUNDING_SOURCES } from '../sections/project';
import { imagesById, publishedBySlug, publishedItems } from './published';

export const PROJECT_STATUSES = ['rencana', 'berjalan', 'selesai'] as const;
/** The most rows the table (and its CSV) shows; a narrower filter shows the rest. */
export const PROJECT_TABLE_LIMIT = 2000;

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

/** The published projects matching the filters (the one base of the table, the CSV and the totals). */
function filtered(db: Kysely<Database>, districtId: number, f: ProjectFilters) {
  return publishedItems(db, districtId, 'project')
    .innerJoin('project_details as pd', 'pd.item_id', 'ci.id')
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .$if(f.tahun !== null, (q) => q.where('pd.fiscal_year', '=', f.tahun!))
    .$if(f.desa !== null, (q) => q.where('v.slug', '=', f.desa!))
    .$if(f.status !== null, (q) => q.where('pd.project_status', '=', f.status!))
    .$if(f.sumber !== null, (q) =>
      q.where((eb) => eb.exists(eb.selectFrom('project_budgets as sb').select('sb.id').whereRef('sb.item_id', '=', 'ci.id').where('sb.source', '=', f.sumber!).where('sb.amount', '>', 0))),
    );
}

/** The rows of the table: title, village, year, status, budget total, progress. */
export async function projectTable(db: Kysely<Database>, districtId: number, f: ProjectFilters) {
  const rows = await filtered(db, districtId, f)
    .select((eb) => [
      'ci.id',
      'ci.title',
      'ci.slug',
      'v.name as village_name',
      'v.slug as village_slug',
      'pd.fiscal_year',
      'pd.project_status',
      'pd.progress',
      eb.selectFrom('project_budgets as b').select((e) => e.fn.coalesce(e.fn.sum<string | number>('b.amount'), e.lit(0)).as('s')).whereRef('b.item_id', '=', 'ci.id').as('budget'),
    ])
    .orderBy('pd.fiscal_year', 'desc')
    .orderBy('v.name')
    .orderBy('ci.title')
    .orderBy('ci.id')
    .limit(PROJECT_TABLE_LIMIT + 1)
    .execute();
  const truncated = rows.length > PROJECT_TABLE_LIMIT;
  const out = rows.slice(0, PROJECT_TABLE_LIMIT).map((r) => ({ ...r, fiscal_year: Number(r.fiscal_year), progress: Number(r.progress), budget: Number(r.budget ?? 0) }));
  return { rows: out, truncated };
}

/** Budget totals of the filtered projects, by funding source (form order) and by village (SUM in SQL). */
export async function projectTotals(db: Kysely<Database>, districtId: number, f: ProjectFilters) {
  const ids = filtered(db, districtId, f).select('ci.id');
  const bySourceRows = await db
    .selectFrom('project_budgets as b')
    .select((eb) => ['b.source', eb.fn.sum<string | number>('b.amount').as('total')])
    .where('b.item_id', 'in', ids)
    .groupBy('b.source')
    .execute();
  const sums = new Map(bySourceRows.map((r) => [r.source, Number(r.total ?? 0)]));
  const bySource = FUNDING_SOURCES.map((source) => ({ source, total: sums.get(source) ?? 0 })).filter((r) => r.total > 0);
  const byVillage = (
    await db
      .selectFrom('project_budgets as b')
      .innerJoin('content_items as c', 'c.id', 'b.item_id')
      .innerJoin('villages as v', 'v.id', 'c.village_id')
      .select((eb) => ['v.name', 'v.slug', eb.fn.sum<string | number>('b.amount').as('total')])
      .where('b.item_id', 'in', ids)
      .groupBy(['v.id', 'v.name', 'v.slug'])
      .orderBy('v.name')
      .execute()
  ).map((r) => ({ name: r.name, slug: r.slug, total: Number(r.total ?? 0) }));
  const total = bySource.reduce((n, r) => n + r.total, 0);
  return { bySource, byVillage, total };
}

/** The fiscal years that published projects have, newest first (for the year filter). */
export async function projectYears(db: Kysely<Database>, districtId: number): Promise<number[]> {
  const rows = await publishedItems(db, districtId, 'project').innerJoin('project_details as pd', 'pd.item_id', 'ci.id').select('pd.fiscal_year').distinct().orderBy('pd.fiscal_year', 'desc').execute();
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
