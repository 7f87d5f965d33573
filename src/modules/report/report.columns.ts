import type { Timezone } from '../../db/schema';
import { formatDate, isoDateIn, t } from '../../i18n';
import { fromDbDate } from '../../db/time';
import { sectionOf } from '../sections';
import type { Report, ReportRow } from './report.model';

export type CellKind = 'text' | 'int' | 'money' | 'date' | 'percent';
export type CellValue = string | number | null;

export interface Column {
  header: string;
  kind: CellKind;
  value: (r: ReportRow) => CellValue;
}

/** A stored UTC time as the kecamatan's calendar date, 'YYYY-MM-DD'. */
export const localDay = (v: string | null, tz: Timezone) => (v === null ? null : isoDateIn(tz, fromDbDate(v)));

export const rowName = (r: ReportRow) => (r.unit === null ? t('report.office') : r.kind ? `${t(`kind.${r.kind}` as 'kind.desa')} ${r.name}` : r.name);

/** The per-village (or per-kecamatan) table, as the page, the XLSX and the CSV show it. */
export function rowColumns(report: Report, tz: Timezone): Column[] {
  return [
    { header: t(report.scope.kind === 'district' ? 'report.col.village' : 'report.col.district'), kind: 'text', value: rowName },
    ...report.types.map((type): Column => ({ header: t('report.col.published', { type: t(sectionOf(type).label) }), kind: 'int', value: (r) => r.published[type] })),
    { header: t('report.col.publishedTotal'), kind: 'int', value: (r) => r.publishedTotal },
    { header: t('report.col.change'), kind: 'int', value: (r) => r.change },
    { header: t('report.col.lastPublished'), kind: 'date', value: (r) => localDay(r.lastPublished, tz) },
    { header: t('report.col.daysSince'), kind: 'int', value: (r) => r.daysSince },
    { header: t('report.col.logins'), kind: 'int', value: (r) => r.logins },
    { header: t('report.col.operators'), kind: 'int', value: (r) => r.operators },
    { header: t('report.col.returned'), kind: 'int', value: (r) => r.returned },
    { header: t('report.col.approved'), kind: 'int', value: (r) => r.approved },
    { header: t('report.col.updates'), kind: 'int', value: (r) => r.updates },
    { header: t('report.col.projects', { year: report.month.year }), kind: 'int', value: (r) => r.projects },
    { header: t('report.col.progress'), kind: 'percent', value: (r) => r.progress },
    { header: t('report.col.budget'), kind: 'money', value: (r) => r.budget },
    { header: t('report.col.realised'), kind: 'money', value: (r) => r.realised },
  ];
}

/** The kecamatan's total under the same columns (dates and days have no total). */
export function totalRow(report: Report): ReportRow {
  return {
    ...report.total,
    unit: -1,
    name: t(report.scope.kind === 'district' ? 'report.total' : 'report.totalInstall'),
    kind: null,
    lastPublished: null,
    daysSince: null,
    progress: report.rows.length ? Math.round(report.rows.reduce((n, r) => n + r.progress * r.projects, 0) / Math.max(1, report.total.projects)) : 0,
    change: report.change.publishedTotal,
  };
}

/** The summary lines: figure, this month, last month, change. */
export function summaryLines(report: Report): [string, number, number, number][] {
  const line = (label: string, k: keyof Report['change']): [string, number, number, number] => [label, report.total[k], report.previousTotal[k], report.change[k]];
  return [
    ...report.types.map((type): [string, number, number, number] => {
      const now = report.total.published[type];
      const before = report.previousTotal.published[type];
      return [t('report.col.published', { type: t(sectionOf(type).label) }), now, before, now - before];
    }),
    line(t('report.col.publishedTotal'), 'publishedTotal'),
    line(t('report.col.logins'), 'logins'),
    line(t('report.col.operators'), 'operators'),
    line(t('report.col.returned'), 'returned'),
    line(t('report.col.approved'), 'approved'),
    line(t('report.col.updates'), 'updates'),
  ];
}

const count = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

/** A cell as the page shows it: Indonesian number and date formats; rupiah without "Rp", which the column's header names. */
export function display(kind: CellKind, v: CellValue): string {
  if (v === null) return kind === 'date' ? t('report.never') : '—';
  if (kind === 'date') return formatDate(new Date(`${v}T00:00:00Z`), 'WIB');
  if (kind === 'percent') return `${count.format(Number(v))}%`;
  return kind === 'text' ? String(v) : count.format(Number(v));
}

/** A change from the previous month: "+3", "−2", "0". */
export const signed = (n: number) => (n > 0 ? `+${count.format(n)}` : n < 0 ? `−${count.format(-n)}` : '0');
