import type ExcelJS from 'exceljs';
import type { District, Timezone } from '../../db/schema';
import { formatDate, formatMonth, t } from '../../i18n';
import { onFirstUse } from '../../lib/on-first-use';
import { FUNDING_SOURCES } from '../sections/project';
import type { Report } from './report.model';
import { type CellKind, type CellValue, rowColumns, summaryLines, totalRow } from './report.columns';

// About half a second to load (src/lib/on-first-use.ts): only for a download.
const excel = onFirstUse<typeof ExcelJS>('exceljs');

// Number formats are stored locale-free in the file; Excel shows them with the reader's separators
// (1.250.000 in Indonesian settings).
const FORMAT: Record<CellKind, string | undefined> = { text: undefined, int: '#,##0', money: '"Rp"\\ #,##0', date: 'dd/mm/yyyy', percent: '0"%"' };

/** 'YYYY-MM-DD' → a date cell of that calendar day (Excel dates carry no timezone). */
const day = (iso: string | null) => (iso === null ? null : new Date(`${iso}T00:00:00Z`));

function cell(kind: CellKind, v: CellValue): ExcelJS.CellValue {
  if (v === null) return null;
  return kind === 'date' ? day(String(v)) : v;
}

function sheet(book: ExcelJS.Workbook, name: string, title: string[], header: string[], kinds: CellKind[], rows: CellValue[][]) {
  const ws = book.addWorksheet(name.slice(0, 31), { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  title.forEach((line, i) => (ws.addRow([line]).font = { bold: i === 0 }));
  if (title.length) ws.addRow([]);
  const head = ws.addRow(header);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'top' };
  for (const r of rows) ws.addRow(r.map((v, i) => cell(kinds[i], v)));
  kinds.forEach((k, i) => {
    const col = ws.getColumn(i + 1);
    col.width = k === 'text' ? 32 : k === 'money' ? 20 : 14;
    if (FORMAT[k]) col.numFmt = FORMAT[k]!;
  });
  ws.views = [{ state: 'frozen', ySplit: head.number }];
  return ws;
}

/** The report as an .xlsx: Ringkasan, Per desa (or Per kecamatan), Sumber dana and, for one kecamatan, Pembangunan. */
export async function reportWorkbook(report: Report, district: District | null, tz: Timezone): Promise<Buffer> {
  const book = new (excel().Workbook)();
  book.creator = 'Pendopo';
  book.created = new Date();
  const heading = district ? t('report.heading', { name: district.name }) : t('report.headingInstall');
  const period = t('report.period', { month: formatMonth(report.month.year, report.month.month) });
  const title = [heading, period, t('report.printedAt', { date: formatDate(new Date(), tz) })];

  sheet(book, t('report.sheet.summary'), title, [t('report.figure'), t('report.thisMonth'), t('report.lastMonth'), t('report.change')], ['text', 'int', 'int', 'int'], summaryLines(report));
  const columns = rowColumns(report, tz);
  sheet(
    book,
    t(report.scope.kind === 'district' ? 'report.sheet.villages' : 'report.sheet.districts'),
    [heading, period],
    columns.map((c) => c.header),
    columns.map((c) => c.kind),
    [...report.rows, totalRow(report)].map((r) => columns.map((c) => c.value(r))),
  );
  sheet(
    book,
    t('report.sheet.sources'),
    [heading, period],
    [t('report.col.source'), t('report.col.projects', { year: report.month.year }), t('report.col.budget'), t('report.col.realised')],
    ['text', 'int', 'money', 'money'],
    report.sources.map((s) => [t(`fundingSource.${s.source}` as 'fundingSource.add'), s.projects, s.budget, s.realised]),
  );
  if (report.scope.kind === 'district') {
    sheet(
      book,
      t('report.sheet.projects'),
      [heading, period],
      [
        t('report.col.village'),
        t('report.col.title'),
        t('report.col.status'),
        t('report.col.start'),
        t('report.col.target'),
        t('report.col.progressEnd'),
        ...FUNDING_SOURCES.map((s) => t(`fundingSource.${s}`)),
        t('report.col.budget'),
      ],
      ['text', 'text', 'text', 'date', 'date', 'percent', ...FUNDING_SOURCES.map((): CellKind => 'money'), 'money'],
      report.projects.map((p) => [
        p.village_name ?? t('report.office'),
        p.title,
        t(`projectStatus.${p.project_status}` as 'projectStatus.rencana'),
        p.start_date,
        p.target_date,
        p.progress,
        ...FUNDING_SOURCES.map((s) => p.bySource[s] ?? 0),
        p.budget,
      ]),
    );
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
