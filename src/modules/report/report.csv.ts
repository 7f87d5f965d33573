import type { District, Timezone } from '../../db/schema';
import { type CsvCell, toCsv } from '../../lib/csv';
import type { Report } from './report.model';
import { rowColumns, totalRow } from './report.columns';

/** The per-village table and its total row, for Indonesian Excel (src/lib/csv.ts). */
export function reportCsv(report: Report, _district: District | null, tz: Timezone): string {
  const columns = rowColumns(report, tz);
  const lines: CsvCell[][] = [columns.map((c) => c.header)];
  for (const r of [...report.rows, totalRow(report)]) lines.push(columns.map((c) => c.value(r)));
  return toCsv(lines);
}
