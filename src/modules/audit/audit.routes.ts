import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { authorize } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { type Page, pageOf } from '../../lib/pagination';
import { type MessageKey, t } from '../../i18n';
import { attachment, toCsv } from '../../lib/csv';
import { AUDIT_ACTIONS, actionLabelKey } from '../../audit/actions';
import { type FilterResult, type Viewer, parseFilter, queryOf } from './audit.filter';
import { CSV_MAX_ROWS, csvEntries, filterChoices, listEntries } from './audit.queries';
import { type EntryView, presentEntries } from './audit.view';

const PER_PAGE = 50;
const CSV_COLUMNS = ['time', 'district', 'village', 'user', 'role', 'action', 'code', 'target', 'attempted', 'note', 'ip'] as const;

/**
 * The audit log (/admin/audit): a camat office reads its kecamatan's entries, a superadmin every
 * entry (on any host, with a kecamatan filter); operators have no access. The filter is a GET
 * form, so a filtered page, its other pages and its CSV are plain links.
 */
export function auditRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.use((req, _res, next) => {
    authorize(req.ability, 'read', 'AuditEntry');
    next();
  });

  const viewerOf = (req: Request): Viewer => {
    if (!req.user) throw new HttpError(403);
    return { superadmin: req.user.role === 'superadmin', hostDistrictId: req.district?.id ?? null, hostTimezone: req.district?.timezone ?? 'WIB' };
  };
  const present = (req: Request, rows: Parameters<typeof presentEntries>[1]) => presentEntries(db, rows, { hostDistrictId: req.district?.id ?? null, timezone: req.district?.timezone ?? 'WIB' });

  const renderPage = async (req: Request, res: Response, viewer: Viewer, parsed: FilterResult, page: Page) => {
    const districtId = parsed.ok ? parsed.filter.districtId : viewer.superadmin ? null : viewer.hostDistrictId;
    const common = {
      title: t('audit.title'),
      values: parsed.values,
      superadmin: viewer.superadmin,
      actions: AUDIT_ACTIONS.map((code) => ({ code, label: t(actionLabelKey(code)) })),
      csvMax: CSV_MAX_ROWS,
      page,
      ...(await filterChoices(db, districtId, viewer.superadmin)),
    };
    if (!parsed.ok) return res.status(400).render('admin/audit', { ...common, errors: parsed.errors, rows: [], hasNext: false, query: '' });
    const { rows, hasNext } = await listEntries(db, req.ability, parsed.filter, page);
    res.render('admin/audit', { ...common, errors: [], rows: await present(req, rows), hasNext, query: queryOf(parsed.values) });
  };

  router.get('/', async (req, res) => {
    const viewer = viewerOf(req);
    await renderPage(req, res, viewer, await parseFilter(db, viewer, req.query), pageOf(req.query.page, PER_PAGE));
  });

  router.get('/unduh.csv', async (req, res) => {
    const viewer = viewerOf(req);
    const parsed = await parseFilter(db, viewer, req.query);
    // A bad filter is answered like the page's: the form with its message.
    if (!parsed.ok) return renderPage(req, res, viewer, parsed, pageOf(undefined, PER_PAGE));
    const entries = await present(req, await csvEntries(db, req.ability, parsed.filter));
    const header = CSV_COLUMNS.map((k) => t(`audit.csv.${k}` as MessageKey));
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', attachment('log-audit.csv'));
    res.send(toCsv([header, ...entries.map(csvRow)]));
  });

  return router;
}

function csvRow(e: EntryView) {
  const target = e.target ? `${e.target.label}${e.target.deleted ? ` ${t('audit.deleted')}` : ''}` : '';
  return [e.createdAt, e.districtName, e.villageName, e.who, e.role, e.action, e.code, target, e.attempted, e.note, e.ip];
}
