import type { Timezone } from '../../db/schema';
import { toDbDate } from '../../db/time';
import { UTC_OFFSET_HOURS, isoDateIn } from '../../i18n';

export interface Month {
  /** 'YYYY-MM' */
  key: string;
  year: number;
  /** 1..12 */
  month: number;
  /** First instant of the month and of the next one in the kecamatan's time, as stored UTC dates. */
  start: string;
  end: string;
  /** Last calendar day of the month, 'YYYY-MM-DD' (project updates are dated, not timed). */
  lastDay: string;
  firstDay: string;
}

export function monthOf(year: number, month: number, tz: Timezone): Month {
  const startOf = (y: number, m: number) => toDbDate(new Date(Date.UTC(y, m - 1, 1) - UTC_OFFSET_HOURS[tz] * 3600_000));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const key = `${year}-${String(month).padStart(2, '0')}`;
  return { key, year, month, start: startOf(year, month), end: startOf(year, month + 1), firstDay: `${key}-01`, lastDay: `${key}-${String(days).padStart(2, '0')}` };
}

export const previousMonth = (m: Month, tz: Timezone): Month => monthOf(m.month === 1 ? m.year - 1 : m.year, m.month === 1 ? 12 : m.month - 1, tz);

/** The report's default: the last full month in the kecamatan's time. */
export function lastFullMonth(tz: Timezone, now = new Date()): Month {
  const [y, m] = isoDateIn(tz, now).split('-').map(Number);
  return previousMonth(monthOf(y, m, tz), tz);
}

export type MonthProblem = 'report.month.invalid' | 'report.month.future' | 'report.month.tooOld';

/**
 * ?bulan=YYYY-MM: absent → the last full month; a month that has not begun, a malformed value or
 * one before 2015 (no Pendopo data) → the problem's message key. The running month is allowed.
 */
export function parseMonth(raw: unknown, tz: Timezone, now = new Date()): { ok: true; month: Month } | { ok: false; problem: MonthProblem } {
  if (raw === undefined || raw === '') return { ok: true, month: lastFullMonth(tz, now) };
  const m = typeof raw === 'string' ? /^(\d{4})-(\d{2})$/.exec(raw) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return { ok: false, problem: 'report.month.invalid' };
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (year < 2015) return { ok: false, problem: 'report.month.tooOld' };
  if (`${m[1]}-${m[2]}` > isoDateIn(tz, now).slice(0, 7)) return { ok: false, problem: 'report.month.future' };
  return { ok: true, month: monthOf(year, month, tz) };
}
