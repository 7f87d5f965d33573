import { t } from '../../i18n';

export interface CsvProjectRow {
  title: string;
  slug: string;
  village_name: string | null;
  fiscal_year: number;
  project_status: string;
  budget: number;
  progress: number;
}

/** One CSV field: quoted when it holds a quote, comma, semicolon or line break; a leading =+-@ is neutralised for spreadsheets. */
export function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The filtered table as CSV: UTF-8 with a BOM (Excel), a header row in Indonesian, CRLF line ends. */
export function projectsCsv(rows: readonly CsvProjectRow[], origin: string): string {
  const header = ['projects.colTitle', 'projects.colVillage', 'projects.colYear', 'projects.colStatus', 'projects.colBudgetCsv', 'projects.colProgressCsv', 'projects.colUrl'] as const;
  const lines = [header.map((k) => csvField(t(k)))];
  for (const r of rows) {
    lines.push(
      [r.title, r.village_name ?? '', r.fiscal_year, t(`projectStatus.${r.project_status}` as never), r.budget, r.progress, `${origin}/pembangunan/${r.slug}`].map(csvField),
    );
  }
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}
