import type { Timezone } from '../db/schema';
import { fromDbDate, toDbDate } from '../db/time';
import { memoized } from '../lib/memo';
import { id, type MessageKey } from './id';

export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

// Each message with variables split once into text and variable names (odd places): a page fills
// hundreds of them (a line per village on the home page), and a regex replace per call showed in
// its profile.
const partsOf = new Map<string, string[]>();

export const t: Translate = (key, vars) => {
  const text: string = id[key] ?? key;
  if (!vars) return text;
  let parts = partsOf.get(text);
  if (!parts) {
    parts = text.split(/\{(\w+)\}/);
    if (partsOf.size < 5000) partsOf.set(text, parts);
  }
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += (parts[i] in vars ? String(vars[parts[i]]) : `{${parts[i]}}`) + parts[i + 1];
  return out;
};

export const TIMEZONES: Record<Timezone, string> = {
  WIB: 'Asia/Jakarta',
  WITA: 'Asia/Makassar',
  WIT: 'Asia/Jayapura',
};

function asDate(value: string | Date): Date {
  return value instanceof Date ? value : fromDbDate(value);
}

// Building an Intl formatter costs far more than using one (it loads locale data), and a page
// formats dozens of dates: each formatter is built once per timezone and kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'date' | 'time' | 'iso', tz: Timezone): Intl.DateTimeFormat {
  const key = `${kind} ${tz}`;
  let f = formatters.get(key);
  if (!f) {
    const timeZone = TIMEZONES[tz];
    f =
      kind === 'date'
        ? new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone })
        : kind === 'time'
          ? new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone })
          : new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
    formatters.set(key, f);
  }
  return f;
}

// The text of a stored date string, per timezone: the same dates (the cards of a list, the
// villages' latest posts) are formatted on every render of a page.
const dateTexts = new Map<Timezone, (value: string) => string>();

/** "23 November 2026" in the kecamatan's timezone. */
export function formatDate(value: string | Date, tz: Timezone): string {
  if (typeof value !== 'string') return formatter('date', tz).format(value);
  let texts = dateTexts.get(tz);
  if (!texts) dateTexts.set(tz, (texts = memoized((v) => formatter('date', tz).format(fromDbDate(v)))));
  return texts(value);
}

/** "23 November 2026 14.05 WIB". */
export function formatDateTime(value: string | Date, tz: Timezone): string {
  const d = asDate(value);
  return `${formatter('date', tz).format(d)} ${formatter('time', tz).format(d)} ${tz}`;
}

// Today's date per timezone, kept for the UTC minute it was read in: every Indonesian zone turns
// its day on a whole hour, so the date cannot change within a minute (the home page asks on every request).
const todayOf = new Map<Timezone, { minute: number; date: string }>();

/** 'YYYY-MM-DD' of `now` in the kecamatan's timezone. */
export function isoDateIn(tz: Timezone, now = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  const kept = todayOf.get(tz);
  if (kept?.minute === minute) return kept.date;
  const date = formatter('iso', tz).format(now);
  todayOf.set(tz, { minute, date });
  return date;
}

/** "November 2026": a calendar month (month 1..12), whatever the timezone. */
const monthFormat = new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' });
export function formatMonth(year: number, month: number): string {
  return monthFormat.format(new Date(Date.UTC(year, month - 1, 15)));
}

// Indonesia keeps no daylight saving: each zone is a fixed offset from UTC.
export const UTC_OFFSET_HOURS: Record<Timezone, number> = { WIB: 7, WITA: 8, WIT: 9 };

/** The UTC storage timestamp (src/db/time.ts) of midnight starting 'YYYY-MM-DD' in the kecamatan's timezone. */
export function dayStartUtc(isoDate: string, tz: Timezone): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return toDbDate(new Date(Date.UTC(y, m - 1, d) - UTC_OFFSET_HOURS[tz] * 3_600_000));
}

/** Whether 'YYYY-MM-DD' is a date of the calendar (no 2026-02-30). */
export function isCalendarDate(raw: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** "Rp 25.000". */
const money = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
export function formatMoney(amount: number): string {
  return `Rp ${money.format(amount)}`;
}
