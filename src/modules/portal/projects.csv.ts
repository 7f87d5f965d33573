import { type CsvCell, toCsv } from '../../lib/csv';
import { t } from '../../i18n';
import { FUNDING_SOURCES, type FundingSource } from '../sections/project';
import { itemPath } from './paths';

export interface CsvProjectRow {
  title: string;
  slug: string;
  village_name: string | null;
  fiscal_year: number;
  project_status: string;
  start_date: string | null;
  target_date: string | null;
  budget: number;
  bySource: Partial<Record<FundingSource, number>>;
  progress: number;
}

/**
 * The filtered table as CSV for Indonesian Excel (src/lib/csv.ts): a header row in Indonesian, the
 * dates as YYYY-MM-DD, the budget in whole rupiah per funding source and in total.
 */
export function projectsCsv(rows: readonly CsvProjectRow[], origin: string): string {
  const header: CsvCell[] = [
    t('projects.colTitle'),
    t('projects.colVillage'),
    t('projects.colYear'),
    t('projects.colStatus'),
    t('project.startDate'),
    t('project.targetDate'),
    ...FUNDING_SOURCES.map((s) => t('projects.colSourceCsv', { source: t(`fundingSource.${s}`) })),
    t('projects.colBudgetCsv'),
    t('projects.colProgressCsv'),
    t('projects.colUrl'),
  ];
  const lines: CsvCell[][] = [header];
  for (const r of rows) {
    lines.push([
      r.title,
      r.village_name ?? '',
      r.fiscal_year,
      t(`projectStatus.${r.project_status}` as never),
      r.start_date,
      r.target_date,
      ...FUNDING_SOURCES.map((s) => r.bySource[s] ?? 0),
      r.budget,
      r.progress,
      `${origin}${itemPath('project', r.slug)}`,
    ]);
  }
  return toCsv(lines);
}
