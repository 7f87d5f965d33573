import { attachment, csvCell, toCsv } from '../../src/lib/csv';

describe('csvCell', () => {
  test('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a,b')).toBe('a,b');
    expect(csvCell('kata "kutip"')).toBe('"kata ""kutip"""');
    expect(csvCell('baris\nbaru')).toBe('"baris\nbaru"');
    expect(csvCell('biasa')).toBe('biasa');
  });

  test('text starting like a formula gets an apostrophe; numbers stay numbers', () => {
    for (const s of ['=1+1', '+62', '-5', '@SUM(A1)', '\tx']) expect(csvCell(s).replace(/^"|"$/g, '').startsWith(`'`)).toBe(true);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(1250000)).toBe('1250000');
    expect(csvCell(12.5)).toBe('12,5');
    expect(csvCell(null)).toBe('');
  });
});

test('toCsv: BOM, ";" and CRLF', () => {
  expect(
    toCsv([
      ['a', 1],
      ['b;c', 2],
    ]),
  ).toBe('\uFEFFa;1\r\n"b;c";2\r\n');
});

test('attachment: a plain quoted filename', () => {
  expect(attachment('laporan-purworeja-klampok-2026-11.xlsx')).toBe('attachment; filename="laporan-purworeja-klampok-2026-11.xlsx"');
  expect(attachment('a"b\r\n.csv')).toBe('attachment; filename="a-b--.csv"');
});
