// CSV that Excel opens correctly with Indonesian regional settings: there the list separator is
// ";" and the decimal separator ",", so a comma-separated file lands in one column. Cells are
// separated by ";", the file is UTF-8 with a BOM (so Excel does not read it as ANSI), lines end in
// CRLF, and numbers are written without thousands separators (integers, as Rupiah amounts are;
// a fraction would get "," as its decimal mark).

export type CsvCell = string | number | null | undefined;

/**
 * One cell: quoted when it holds a quote, a ";" or a line break. Text a user typed that starts
 * with = + - @ (or a tab or CR) would run as a formula in a spreadsheet: it gets a leading
 * apostrophe, which Excel shows as text. Numbers are the app's own and never neutralised.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? csvNumber(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A number as Indonesian Excel reads it: no thousands separator, "," before decimals. */
function csvNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100).replace('.', ',');
}

/** The whole file: BOM, ";" between cells, CRLF after every line. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/** attachment; filename="…" for a name made of [a-z0-9.-] (slugs, months), so it needs no escaping. */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^a-zA-Z0-9._-]/g, '-')}"`;
}
