import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { authorize, can } from '../../authz/authorize';
import type { Database, District } from '../../db/schema';
import { type MessageKey, formatMonth, t } from '../../i18n';
import { attachment } from '../../lib/csv';
import { slugify } from '../../lib/slug';
import { FUNDING_SOURCES } from '../sections/project';
import { type Month, lastFullMonth, parseMonth, previousMonth } from './month';
import { type Report, buildReport } from './report.model';
import type { Scope } from './report.queries';
import { display, rowColumns, signed, summaryLines, totalRow } from './report.columns';
import { reportCsv } from './report.csv';
import { reportWorkbook } from './report.xlsx';

/** Past this many kecamatan the superadmin types a code instead of choosing from a list. */
const PICKER_LIMIT = 300;
const ALL = 'semua';

type Loaded = { ok: true; scope: Scope; district: District | null; month: Month; report: Report } | { ok: false; problem: MessageKey; district: District | null };

/**
 * /admin/laporan: the camat office's monthly report of its own kecamatan, a superadmin's of any
 * kecamatan (?kecamatan=<code>) or of the whole install (?kecamatan=semua); operators get 403.
 * The page, its .xlsx and its .csv read the same parameters.
 */
export function reportRoutes(db: Kysely<Database>): Router {
  const router = Router();
  const one = (v: unknown) => (typeof v === 'string' ? v.trim() : v === undefined ? '' : null);

  async function load(req: Request): Promise<Loaded> {
    authorize(req.ability, 'read', 'Report');
    const host = req.district!;
    // Only an unconditional rule (the superadmin's) reads a kecamatan other than the host's, or
    // the install as a whole, which belongs to no kecamatan; everyone else's parameter is ignored.
    const picks = can(req.ability, 'read', 'Report', { district_id: null });
    const wanted = picks ? one(req.query.kecamatan) : '';
    let district: District | null = host;
    if (wanted === ALL) district = null;
    else if (wanted) district = (await db.selectFrom('districts').selectAll().where('code', '=', wanted).executeTakeFirst()) ?? null;
    if (wanted === null || (wanted && wanted !== ALL && !district)) return { ok: false, problem: 'report.districtUnknown', district: host };
    // A kecamatan's months in its own time; the install's in the time of the host asked.
    const tz = district?.timezone ?? host.timezone;
    const month = parseMonth(one(req.query.bulan), tz);
    if (!month.ok) return { ok: false, problem: month.problem, district };
    if (district) authorize(req.ability, 'read', 'Report', { district_id: district.id });
    const scope: Scope = district ? { kind: 'district', districtId: district.id } : { kind: 'install' };
    const report = await buildReport(db, scope, month.month, previousMonth(month.month, tz));
    return { ok: true, scope, district, month: month.month, report };
  }

  async function pickerOf(req: Request) {
    if (!can(req.ability, 'read', 'Report', { district_id: null })) return null;
    const count = Number(
      (
        await db
          .selectFrom('districts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    return count > PICKER_LIMIT ? { list: null } : { list: await db.selectFrom('districts').select(['code', 'name']).orderBy('name').execute() };
  }

  const fileName = (l: Extract<Loaded, { ok: true }>, ext: string) => `${t('report.file')}-${l.district ? slugify(l.district.name) : t('report.fileAll')}-${l.month.key}.${ext}`;

  // A bad ?bulan or ?kecamatan: the form again with the reason (400), for the page and the downloads alike.
  async function refuse(req: Request, res: Response, loaded: Extract<Loaded, { ok: false }>) {
    res.status(400).render('admin/report', {
      title: t('report.title'),
      error: t(loaded.problem),
      picker: await pickerOf(req),
      chosen: { bulan: typeof req.query.bulan === 'string' ? req.query.bulan.slice(0, 20) : lastFullMonth(req.district!.timezone).key, kecamatan: loaded.district?.code ?? '' },
      report: null,
    });
  }

  router.get('/laporan', async (req, res) => {
    const loaded = await load(req);
    if (!loaded.ok) return refuse(req, res, loaded);
    const picker = await pickerOf(req);
    const qs = new URLSearchParams({ bulan: loaded.month.key });
    if (picker) qs.set('kecamatan', loaded.district?.code ?? ALL);
    res.render('admin/report', {
      title: `${t('report.title')} ${formatMonth(loaded.month.year, loaded.month.month)}`,
      error: null,
      picker,
      chosen: { bulan: loaded.month.key, kecamatan: loaded.district?.code ?? ALL },
      report: loaded.report,
      reportDistrict: loaded.district,
      columns: rowColumns(loaded.report, loaded.district?.timezone ?? req.district!.timezone),
      total: totalRow(loaded.report),
      summary: summaryLines(loaded.report),
      sourceNames: FUNDING_SOURCES,
      display,
      signed,
      monthName: formatMonth(loaded.month.year, loaded.month.month),
      previousName: formatMonth(loaded.report.previous.year, loaded.report.previous.month),
      printedAt: new Date(),
      downloads: { xlsx: `/admin/laporan.xlsx?${qs}`, csv: `/admin/laporan.csv?${qs}` },
    });
  });

  async function download(req: Request, res: Response, ext: 'xlsx' | 'csv') {
    const loaded = await load(req);
    if (!loaded.ok) return refuse(req, res, loaded);
    const tz = loaded.district?.timezone ?? req.district!.timezone;
    res.set('Content-Disposition', attachment(fileName(loaded, ext)));
    if (ext === 'csv') {
      res.type('text/csv; charset=utf-8').send(reportCsv(loaded.report, loaded.district, tz));
    } else {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await reportWorkbook(loaded.report, loaded.district, tz));
    }
  }

  router.get('/laporan.xlsx', (req, res) => download(req, res, 'xlsx'));
  router.get('/laporan.csv', (req, res) => download(req, res, 'csv'));
  return router;
}
