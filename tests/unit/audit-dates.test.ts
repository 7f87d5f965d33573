import { dayStartUtc, isCalendarDate } from '../../src/i18n';

test.each([
  ['2026-03-01', true],
  ['2024-02-29', true],
  ['2026-02-29', false],
  ['2026-02-30', false],
  ['2026-13-01', false],
  ['2026-3-1', false],
  ['kemarin', false],
  ['2026-03-01T00:00', false],
])('isCalendarDate(%j) is %s', (raw, ok) => expect(isCalendarDate(raw)).toBe(ok));

test('a day starts at local midnight of the kecamatan’s zone, in UTC', () => {
  expect(dayStartUtc('2026-03-04', 'WIB')).toBe('2026-03-03 17:00:00');
  expect(dayStartUtc('2026-03-04', 'WITA')).toBe('2026-03-03 16:00:00');
  expect(dayStartUtc('2026-03-04', 'WIT')).toBe('2026-03-03 15:00:00');
  expect(dayStartUtc('2026-01-01', 'WIB')).toBe('2025-12-31 17:00:00');
});
