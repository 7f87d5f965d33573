import { LINE_LENGTH, MAX_LINES, clockTime, isoDate, latitude, lineList, linesOf, longitude, normaliseWhatsapp, rupiah, whatsapp } from '../../src/modules/content/fields';
import type { z } from 'zod';

/** The parsed value, or the message key of the first issue. */
function parse(schema: z.ZodType, input: unknown): unknown {
  const r = schema.safeParse(input);
  return r.success ? r.data : { error: r.error.issues[0].message };
}

describe('rupiah', () => {
  test.each([
    ['Rp 25.000', 25000],
    ['Rp25.000', 25000],
    ['rp. 1.500.000', 1500000],
    ['25000', 25000],
    ['25 000', 25000],
    ['Rp 25.000,00', 25000],
    ['  7500 ', 7500],
    ['0', 0],
    ['1000000000000', 1e12],
  ])('%s → %d', (input, value) => {
    expect(parse(rupiah(), input)).toBe(value);
  });

  test.each(['', 'dua puluh ribu', '-5000', '25,5', 'Rp 25.000,50', '1000000000001', '12345678901234', '1e6', '0x10'])('%j is refused', (input) => {
    expect(parse(rupiah(), input)).toHaveProperty('error');
  });

  test('empty: required says so; optional gives 0', () => {
    expect(parse(rupiah(), '')).toEqual({ error: 'validation.required' });
    expect(parse(rupiah(), undefined)).toEqual({ error: 'validation.required' });
    expect(parse(rupiah(false), '')).toBe(0);
    expect(parse(rupiah(), 'abc')).toEqual({ error: 'field.rupiah' });
  });
});

describe('WhatsApp numbers', () => {
  test.each([
    ['0812-3456-7890', '6281234567890'],
    ['+62 812 3456 7890', '6281234567890'],
    ['62 812-3456-7890', '6281234567890'],
    ['(0812) 3456.7890', '6281234567890'],
    ['812 3456 7890', '6281234567890'],
    ['081234567', '6281234567'],
    ['08123456789012', '628123456789012'],
  ])('%s → %s', (input, value) => {
    expect(normaliseWhatsapp(input)).toBe(value);
  });

  test.each(['021-555-1234', '0812', '+1 555 123 4567', '0812-3456-789a', '62-21-555-1234', '081234567890123', '++6281234567890', '0812 3456 7890 ext 2'])('%j is not a WhatsApp number', (input) => {
    expect(normaliseWhatsapp(input)).toBeUndefined();
  });

  test('empty is null; the form field reports field.whatsapp', () => {
    expect(normaliseWhatsapp('')).toBeNull();
    expect(parse(whatsapp, '')).toBeNull();
    expect(parse(whatsapp, ' 0812-3456-7890 ')).toBe('6281234567890');
    expect(parse(whatsapp, '021-555')).toEqual({ error: 'field.whatsapp' });
    expect(parse(whatsapp, '0'.repeat(31))).toEqual({ error: 'field.whatsapp' });
  });
});

describe('isoDate', () => {
  test('real calendar dates only', () => {
    expect(parse(isoDate(true), '2026-11-23')).toBe('2026-11-23');
    expect(parse(isoDate(true), '2028-02-29')).toBe('2028-02-29');
    for (const bad of ['2026-02-30', '2027-02-29', '2026-13-01', '2026-00-10', '23/11/2026', '2026-1-5', '2026-11-23T00:00', 'besok']) {
      expect([bad, parse(isoDate(true), bad)]).toEqual([bad, { error: 'field.date' }]);
    }
  });

  test('empty: required or null', () => {
    expect(parse(isoDate(true), '')).toEqual({ error: 'validation.required' });
    expect(parse(isoDate(false), '')).toBeNull();
    expect(parse(isoDate(false), undefined)).toBeNull();
  });
});

describe('clockTime', () => {
  test.each([
    ['08:00', '08:00'],
    ['8:05', '08:05'],
    ['08.30', '08:30'],
    ['23:59', '23:59'],
    ['0:00', '00:00'],
    ['', null],
  ])('%j → %j', (input, value) => {
    expect(parse(clockTime, input)).toBe(value);
  });

  test.each(['24:00', '7:60', '8', '08:5', 'pagi', '08:00:00', '-1:00'])('%j is refused', (input) => {
    expect(parse(clockTime, input)).toEqual({ error: 'field.time' });
  });
});

describe('latitude and longitude within Indonesia', () => {
  test('decimal points or commas; rounded to 6 places; empty is null', () => {
    expect(parse(latitude, '-7.4167')).toBe(-7.4167);
    expect(parse(latitude, '-7,4167')).toBe(-7.4167);
    expect(parse(longitude, '109.51141234')).toBe(109.511412);
    expect(parse(latitude, '')).toBeNull();
    expect(parse(longitude, undefined)).toBeNull();
  });

  test('the edges are in, beyond them is out', () => {
    expect(parse(latitude, '-12')).toBe(-12);
    expect(parse(latitude, '7')).toBe(7);
    expect(parse(longitude, '94')).toBe(94);
    expect(parse(longitude, '142')).toBe(142);
    for (const bad of ['-12.1', '7.01', '95', 'abc', 'NaN', 'Infinity']) expect([bad, parse(latitude, bad)]).toEqual([bad, { error: 'field.coordinate' }]);
    for (const bad of ['93.9', '142.5', '-109.5', '0']) expect([bad, parse(longitude, bad)]).toEqual([bad, { error: 'field.coordinate' }]);
  });
});

describe('lineList (requirements, steps)', () => {
  test('one entry a line: CRLF, CR and LF read alike, lines trimmed, blank lines dropped', () => {
    expect(parse(lineList, ' KTP \r\n\r\nKK\rSurat pengantar\n\n')).toBe('KTP\nKK\nSurat pengantar');
    expect(linesOf('KTP\nKK')).toEqual(['KTP', 'KK']);
    expect(parse(lineList, undefined)).toBe('');
    expect(linesOf('')).toEqual([]);
  });

  test(`more than ${MAX_LINES} lines, or a line over ${LINE_LENGTH} characters, is refused with field.lines`, () => {
    expect(parse(lineList, Array.from({ length: MAX_LINES }, () => 'a').join('\n'))).toBe(Array.from({ length: MAX_LINES }, () => 'a').join('\n'));
    expect(parse(lineList, Array.from({ length: MAX_LINES + 1 }, () => 'a').join('\n'))).toEqual({ error: 'field.lines' });
    expect(parse(lineList, 'x'.repeat(LINE_LENGTH + 1))).toEqual({ error: 'field.lines' });
  });
});
