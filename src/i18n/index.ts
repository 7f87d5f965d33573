import type { Timezone } from '../db/schema';
import { fromDbDate } from '../db/time';
import { id, type MessageKey } from './id';

export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const t: Translate = (key, vars) => {
  const text: string = id[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
};

export const TIMEZONES: Record<Timezone, string> = {
  WIB: 'Asia/Jakarta',
  WITA: 'Asia/Makassar',
  WIT: 'Asia/Jayapura',
};

function asDate(value: string | Date): Date {
  return value instanceof Date ? value : fromDbDate(value);
}

/** "23 November 2026" in the kecamatan's timezone. */
export function formatDate(value: string | Date, tz: Timezone): string {
  return new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIMEZONES[tz] }).format(
    asDate(value),
  );
}

/** "23 November 2026 14.05 WIB". */
export function formatDateTime(value: string | Date, tz: Timezone): string {
  const time = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: TIMEZONES[tz] }).format(
    asDate(value),
  );
  return `${formatDate(value, tz)} ${time} ${tz}`;
}

/** "Rp 25.000". */
export function formatMoney(amount: number): string {
  return `Rp ${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 }).format(amount)}`;
}
