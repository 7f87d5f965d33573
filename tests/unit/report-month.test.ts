import { lastFullMonth, monthOf, parseMonth, previousMonth } from '../../src/modules/report/month';

describe('monthOf', () => {
  test('a month starts at local midnight of the 1st in the kecamatan’s timezone, stored as UTC', () => {
    expect(monthOf(2026, 11, 'WIB')).toMatchObject({ key: '2026-11', start: '2026-10-31 17:00:00', end: '2026-11-30 17:00:00', firstDay: '2026-11-01', lastDay: '2026-11-30' });
    expect(monthOf(2026, 11, 'WITA').start).toBe('2026-10-31 16:00:00');
    expect(monthOf(2026, 11, 'WIT').start).toBe('2026-10-31 15:00:00');
    expect(monthOf(2026, 12, 'WIB').end).toBe('2026-12-31 17:00:00');
    expect(monthOf(2028, 2, 'WIB').lastDay).toBe('2028-02-29');
  });

  test('the previous month crosses the year', () => {
    expect(previousMonth(monthOf(2027, 1, 'WIB'), 'WIB').key).toBe('2026-12');
  });
});

describe('parseMonth', () => {
  // 1 January 2027, 01:00 in Jayapura, still 31 December 2026 in Jakarta.
  const now = new Date('2026-12-31T16:00:00Z');

  test('no month: the last full month in the kecamatan’s own time', () => {
    expect(lastFullMonth('WIT', now).key).toBe('2026-12');
    expect(lastFullMonth('WIB', now).key).toBe('2026-11');
    expect(parseMonth(undefined, 'WIB', now)).toMatchObject({ ok: true, month: { key: '2026-11' } });
  });

  test('the running month is allowed; a month not begun, a malformed one or one before 2015 is refused', () => {
    expect(parseMonth('2026-12', 'WIB', now).ok).toBe(true);
    expect(parseMonth('2027-01', 'WIT', now).ok).toBe(true);
    expect(parseMonth('2027-01', 'WIB', now)).toEqual({ ok: false, problem: 'report.month.future' });
    for (const bad of ['2026-13', '2026-00', 'abc', '2026-1', '2026-011', ' 2026-11', null]) expect(parseMonth(bad, 'WIB', now)).toEqual({ ok: false, problem: 'report.month.invalid' });
    expect(parseMonth('2014-12', 'WIB', now)).toEqual({ ok: false, problem: 'report.month.tooOld' });
  });
});
