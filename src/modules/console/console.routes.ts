import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorize } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { pageOf, parseId } from '../../lib/pagination';
import { type FieldErrors, parseForm, text } from '../../lib/validation';
import { t } from '../../i18n';
import { DISTRICT_CODE } from '../../regions/official';
import { searchDistricts } from '../../regions/search';
import type { AuditActor } from '../../audit/record';
import { QUIET_DAYS } from '../dashboard/dashboard.queries';
import { HostInputError, addHostName, removeHostName } from '../districts/host-names';
import { setSuspended } from '../districts/suspension';
import { username } from '../users/users.schema';
import { getDistrict, listDistricts, presentCodes } from './console.queries';
import { ConsoleInputError, addDistrict, createFirstAdmin } from './console.service';

const addForm = z.strictObject({
  q: z.string().max(100).optional(),
  district_code: z.string({ error: 'console.add.required' }).regex(DISTRICT_CODE, 'console.add.required'),
  host: z.string().trim().max(253, 'validation.tooLong').default(''),
});
const hostForm = z.strictObject({ host: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(253, 'validation.tooLong') });
const accountForm = z.strictObject({ name: text(100), username });
const emptyForm = z.strictObject({});

/** The superadmin console (/admin/kecamatan): the install's kecamatan, their hosts, first accounts and suspension. */
export function consoleRoutes(db: Kysely<Database>): Router {
  const router = Router();

  // Creating a kecamatan is the install host's right alone (src/authz/ability.ts: superadmin manages all).
  router.use((req, _res, next) => {
    authorize(req.ability, 'create', 'District');
    next();
  });

  const by = (req: Request) => ({ actor: req.user as AuditActor, ip: req.ip ?? '' });
  const base = (id: number) => `/admin/kecamatan/${id}`;

  const renderList = async (req: Request, res: Response, status: number, form: { q: string; values: Record<string, unknown>; errors: FieldErrors }) => {
    const page = pageOf(req.query.page);
    const { rows, total } = await listDistricts(db, page);
    const results = searchDistricts(form.q);
    const present = await presentCodes(
      db,
      results.map((d) => d.code),
    );
    res.status(status).render('admin/console/list', { title: t('console.title'), rows, total, page, quietDays: QUIET_DAYS, results, present, ...form });
  };

  router.get('/', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    await renderList(req, res, 200, { q, values: {}, errors: {} });
  });

  router.post('/', async (req, res) => {
    const form = parseForm(addForm, req.body);
    const typed: Record<string, unknown> = form.ok ? form.data : form.values;
    const q = typeof typed.q === 'string' ? typed.q.slice(0, 100) : '';
    if (!form.ok) return renderList(req, res, 400, { q, values: form.values, errors: form.errors });
    try {
      const result = await addDistrict(db, { code: form.data.district_code, host: form.data.host }, by(req));
      flash(req, 'success', t('console.add.done', { name: result.name, code: result.code, villages: result.addedVillages }));
      res.redirect(303, base(result.districtId));
    } catch (err) {
      if (!(err instanceof ConsoleInputError)) throw err;
      await renderList(req, res, 400, { q, values: form.data, errors: { [err.field]: t(err.messageKey, err.vars) } });
    }
  });

  const load = async (req: Request) => {
    const id = parseId(req.params.id);
    const found = id === null ? undefined : await getDistrict(db, id);
    if (!found) throw new HttpError(404);
    return found;
  };

  const renderDetail = async (req: Request, res: Response, status: number, form: { values?: Record<string, unknown>; errors?: FieldErrors } = {}) => {
    const found = await load(req);
    // `target`, not `district`: that name is the kecamatan of the request's host in every view.
    res.status(status).render('admin/console/detail', {
      title: t('console.detail.title', { name: found.district.name }),
      target: found.district,
      hosts: found.hosts,
      admins: found.admins,
      values: form.values ?? {},
      errors: form.errors ?? {},
    });
  };

  router.get('/:id', (req, res) => renderDetail(req, res, 200));

  router.post('/:id/domain', async (req, res) => {
    const { district } = await load(req);
    const form = parseForm(hostForm, req.body);
    if (!form.ok) return renderDetail(req, res, 400, { values: form.values, errors: form.errors });
    try {
      const host = await addHostName(db, district.id, form.data.host, by(req));
      flash(req, 'success', t('console.host.added', { host }));
      res.redirect(303, base(district.id));
    } catch (err) {
      if (!(err instanceof HostInputError)) throw err;
      await renderDetail(req, res, 400, { values: form.data, errors: { host: t(err.messageKey, { host: err.host }) } });
    }
  });

  router.post('/:id/domain/hapus', async (req, res) => {
    const { district } = await load(req);
    const form = parseForm(hostForm, req.body);
    if (!form.ok) return renderDetail(req, res, 400, { errors: { _hosts: t('console.host.unknown') } });
    try {
      const host = await removeHostName(db, district.id, form.data.host, by(req));
      flash(req, 'success', t('console.host.removed', { host }));
      res.redirect(303, base(district.id));
    } catch (err) {
      if (!(err instanceof HostInputError)) throw err;
      await renderDetail(req, res, 400, { errors: { _hosts: t(err.messageKey, { host: err.host }) } });
    }
  });

  router.post('/:id/akun', async (req, res) => {
    const { district } = await load(req);
    const form = parseForm(accountForm, req.body);
    if (!form.ok) return renderDetail(req, res, 400, { values: form.values, errors: form.errors });
    try {
      const { password } = await createFirstAdmin(db, district.id, form.data, by(req));
      res.status(201).render('admin/console/issued', {
        title: t('console.account.issuedTitle'),
        districtId: district.id,
        body: t('console.account.issuedBody', { name: form.data.name, username: form.data.username, district: district.name }),
        password,
      });
    } catch (err) {
      if (!(err instanceof ConsoleInputError)) throw err;
      await renderDetail(req, res, 400, { values: form.data, errors: { [err.field]: t(err.messageKey, err.vars) } });
    }
  });

  for (const [path, suspend] of [
    ['tangguhkan', true],
    ['aktifkan', false],
  ] as const) {
    router.post(`/:id/${path}`, async (req, res) => {
      const { district } = await load(req);
      if (!parseForm(emptyForm, req.body).ok) throw new HttpError(400);
      const changed = await setSuspended(db, district.id, suspend, by(req));
      if (!changed) flash(req, 'info', t('console.suspend.already'));
      else flash(req, 'success', t(suspend ? 'console.suspend.done' : 'console.resume.done', { name: district.name }));
      res.redirect(303, base(district.id));
    });
  }

  return router;
}
