import { numberOrNull } from '../../db/numbers';
import { z } from 'zod';
import { type DetailsOf, columnFields } from '../content/details';
import type { SectionDef } from '../content/section';
import { choice, isoDate, latitude, longitude, rupiah, shortText } from '../content/fields';

export const PROJECT_STATUSES = ['rencana', 'berjalan', 'selesai'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Funding sources, in the order of the form (Dana Desa, ADD, BK Provinsi, BK Kabupaten, APBN, Swadaya, lainnya). */
export const FUNDING_SOURCES = ['dana_desa', 'add', 'bk_provinsi', 'bk_kabupaten', 'apbn', 'swadaya', 'lainnya'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export type BudgetField = `budget_${FundingSource}`;
export const budgetField = (s: FundingSource): BudgetField => `budget_${s}`;

/** One value per budget field, in the order of FUNDING_SOURCES. */
const perBudgetField = <T>(valueOf: (s: FundingSource) => T) => Object.fromEntries(FUNDING_SOURCES.map((s) => [budgetField(s), valueOf(s)])) as Record<BudgetField, T>;

/** "2026" → 2026, within 2015..2100. */
const fiscalYear = z
  .string()
  .trim()
  .default('')
  .transform((v, ctx) => {
    if (!/^\d{4}$/.test(v) || Number(v) < 2015 || Number(v) > 2100) {
      ctx.addIssue({ code: 'custom', message: v === '' ? 'validation.required' : 'project.yearInvalid' });
      return z.NEVER;
    }
    return Number(v);
  });

/** The project_details columns (`progress` aside: it follows the updates), then a budget field per funding source (project_budgets). */
const fields = {
  ...columnFields(
    'project_details',
    {
      fiscal_year: fiscalYear,
      location_text: shortText(200),
      lat: latitude,
      lng: longitude,
      executor: shortText(150),
      output_volume: shortText(150),
      start_date: isoDate(false),
      target_date: isoDate(false),
      project_status: choice(PROJECT_STATUSES).default('rencana'),
    },
    ['progress'],
  ),
  ...perBudgetField(() => rupiah(false)),
};

export type ProjectDetails = DetailsOf<typeof fields>;

/** The sum of the budget fields of a details object. */
export function budgetTotal(d: Partial<Record<BudgetField, number>>): number {
  return FUNDING_SOURCES.reduce((n, s) => n + (Number(d[budgetField(s)]) || 0), 0);
}

/**
 * Pembangunan: fiscal year, where, who builds what, dates, status and the budget split by funding
 * source (one project_budgets row per source with an amount). `progress` is not a form field: it
 * follows the latest dated progress update (project-updates.ts) and is kept across every save.
 */
export const project: SectionDef<typeof fields> = {
  type: 'project',
  section: 'pembangunan',
  label: 'type.project',
  levels: ['village'],
  public: {
    path: '/pembangunan',
    listed: true,
    title: 'projects.title',
    nav: 'section.pembangunan',
    village: { segment: 'pembangunan', title: 'portal.section.pembangunan' },
    searchWeight: 6,
    api: {
      list: 'projects',
      schemaName: 'Project',
      summary: 'Published development projects with budgets and progress',
      fields: z.object({
        fiscal_year: z.number().int().nullable(),
        status: z.enum(PROJECT_STATUSES).nullable(),
        progress: z.number().int().min(0).max(100),
        location_text: z.string().nullable(),
        lat: z.number().nullable(),
        lng: z.number().nullable(),
        executor: z.string().nullable(),
        output_volume: z.string().nullable(),
        start_date: z.iso.date().nullable(),
        target_date: z.iso.date().nullable(),
        budgets: z.array(z.object({ source: z.string(), amount: z.number().int().describe('Rupiah') })),
        budget_total: z.number().int().describe('Rupiah'),
      }),
      details: async (db, ids) => {
        const rows = await db.selectFrom('project_details').selectAll().where('item_id', 'in', ids).execute();
        const budgets = await db.selectFrom('project_budgets').select(['item_id', 'source', 'amount']).where('item_id', 'in', ids).orderBy('id').execute();
        return new Map(
          rows.map((x) => {
            const own = budgets.filter((b) => b.item_id === x.item_id).map((b) => ({ source: b.source, amount: Number(b.amount) }));
            const { fiscal_year, project_status, progress, location_text, lat, lng, executor, output_volume, start_date, target_date } = x;
            return [
              x.item_id,
              {
                fiscal_year: numberOrNull(fiscal_year),
                status: project_status,
                progress: numberOrNull(progress) ?? 0,
                location_text,
                lat: numberOrNull(lat),
                lng: numberOrNull(lng),
                executor,
                output_volume,
                start_date,
                target_date,
                budgets: own,
                budget_total: own.reduce((s, b) => s + b.amount, 0),
              },
            ];
          }),
        );
      },
    },
    // MySQL returns the progress as a string: "40" and 40 both read "40%".
    map: { table: 'project_details', detail: { column: 'progress', text: (p) => `${Number(p)}%` }, title: 'map.projects', colour: '#b45309' },
  },
  detailShape: fields,
  fieldsPartial: 'project',
  loadDetails: async (db, itemId) => {
    const row = await db
      .selectFrom('project_details')
      .select(['fiscal_year', 'location_text', 'lat', 'lng', 'executor', 'output_volume', 'start_date', 'target_date', 'project_status'])
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    if (!row) return null;
    const rows = await db.selectFrom('project_budgets').select(['source', 'amount']).where('item_id', '=', itemId).execute();
    const budgets = perBudgetField((s) => Number(rows.find((r) => r.source === s)?.amount ?? 0));
    // MySQL returns DOUBLE as numbers and BIGINT as strings; both come back as numbers here.
    return { ...row, fiscal_year: Number(row.fiscal_year), lat: numberOrNull(row.lat), lng: numberOrNull(row.lng), ...budgets };
  },
  saveDetails: async (db, itemId, d) => {
    const { fiscal_year, location_text, lat, lng, executor, output_volume, start_date, target_date, project_status } = d;
    const columns = { fiscal_year, location_text, lat, lng, executor, output_volume, start_date, target_date, project_status };
    // Updated in place, never replaced, so the progress kept from the updates survives every save.
    const exists = await db.selectFrom('project_details').select('item_id').where('item_id', '=', itemId).executeTakeFirst();
    if (exists) await db.updateTable('project_details').set(columns).where('item_id', '=', itemId).execute();
    else
      await db
        .insertInto('project_details')
        .values({ item_id: itemId, ...columns, progress: 0 })
        .execute();
    await db.deleteFrom('project_budgets').where('item_id', '=', itemId).execute();
    for (const source of FUNDING_SOURCES) {
      const amount = Number(d[budgetField(source)] ?? 0);
      if (amount > 0) await db.insertInto('project_budgets').values({ item_id: itemId, source, amount }).execute();
    }
  },
  detailTexts: (d) => [d.location_text, d.executor, d.output_volume],
  check: (d) => (d.start_date && d.target_date && d.target_date < d.start_date ? { field: 'target_date', message: 'project.targetBeforeStart' } : null),
};
