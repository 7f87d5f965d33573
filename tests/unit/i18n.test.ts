import { formatDate, formatDateTime, formatMoney, isoDateIn, t } from '../../src/i18n';

describe('formatDate', () => {
  test('a UTC database date is shown as an Indonesian date in the kecamatan timezone', () => {
    expect(formatDate('2026-11-23 02:00:00', 'WIB')).toBe('23 November 2026');
    expect(formatDate(new Date('2026-11-23T02:00:00Z'), 'WIB')).toBe('23 November 2026');
  });

  test('a time near midnight falls on different days in WIB and WIT', () => {
    // 16:30 UTC is 23:30 in Jakarta (UTC+7) but already 01:30 the next day in Jayapura (UTC+9).
    expect(formatDate('2026-11-23 16:30:00', 'WIB')).toBe('23 November 2026');
    expect(formatDate('2026-11-23 16:30:00', 'WITA')).toBe('24 November 2026');
    expect(formatDate('2026-11-23 16:30:00', 'WIT')).toBe('24 November 2026');
    expect(formatDate('2026-11-23 16:30:00', 'WIB')).not.toBe(formatDate('2026-11-23 16:30:00', 'WIT'));
  });

  test('the stored string is read as UTC, not as server-local time', () => {
    // 23:30 UTC on the 22nd is the 23rd in every Indonesian timezone.
    expect(formatDate('2026-11-22 23:30:00', 'WIB')).toBe('23 November 2026');
  });
});

describe('formatDateTime', () => {
  test('date, 24-hour time with a dot and the timezone name', () => {
    expect(formatDateTime('2026-11-23 16:30:00', 'WIB')).toBe('23 November 2026 23.30 WIB');
    expect(formatDateTime('2026-11-23 16:30:00', 'WITA')).toBe('24 November 2026 00.30 WITA');
    expect(formatDateTime('2026-11-23 16:30:00', 'WIT')).toBe('24 November 2026 01.30 WIT');
  });
});

describe('isoDateIn', () => {
  test("today's date in each timezone, whichever was asked first", () => {
    const now = new Date('2026-11-23T16:30:00Z');
    expect(isoDateIn('WIT', now)).toBe('2026-11-24');
    expect(isoDateIn('WIB', now)).toBe('2026-11-23');
    expect(isoDateIn('WITA', now)).toBe('2026-11-24');
    expect(isoDateIn('WIB', new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
  });

  test('the last second before midnight and the first after, in either order', () => {
    expect(isoDateIn('WIB', new Date('2026-11-23T16:59:59.999Z'))).toBe('2026-11-23');
    expect(isoDateIn('WIB', new Date('2026-11-23T17:00:00.000Z'))).toBe('2026-11-24');
    expect(isoDateIn('WIB', new Date('2026-11-23T16:59:59.999Z'))).toBe('2026-11-23');
    expect(isoDateIn('WITA', new Date('2026-11-23T15:59:59.999Z'))).toBe('2026-11-23');
  });
});

describe('formatMoney', () => {
  test('rupiah with dots for thousands and no decimals', () => {
    expect(formatMoney(25000)).toBe('Rp 25.000');
    expect(formatMoney(1_250_000_000)).toBe('Rp 1.250.000.000');
    expect(formatMoney(0)).toBe('Rp 0');
    expect(formatMoney(999.6)).toBe('Rp 1.000');
  });
});

describe('t', () => {
  test('fills variables and leaves unknown ones visible', () => {
    expect(t('login.throttled', { minutes: 15 })).toBe('Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.');
    expect(t('setup.noMatch', {})).toContain('{q}');
  });
});
