import { type Request, type Response, Router } from 'express';
import { villagesFor } from '../districts/villages';
import type { Kysely } from 'kysely';
import { authorize } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { ctxOf, flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { pageOf, parseId } from '../../lib/pagination';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { isEnabled } from '../../auth/two-factor';
import { bulkOperatorRoutes } from './bulk.routes';
import { resetTwoFactor } from './two-factor-reset';
import { confirmForm, createUserForm, updateUserForm } from './users.schema';
import * as users from './users.service';

export function usersRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.use((req, _res, next) => {
    authorize(req.ability, 'read', 'User');
    next();
  });

  const idOf = (req: Request) => {
    const id = parseId(req.params.id);
    if (id === null) throw new HttpError(404);
    return id;
  };

  router.use('/operator-desa', bulkOperatorRoutes(db));

  router.get('/', async (req, res) => {
    const page = pageOf(req.query.page);
    const { rows, total } = await users.listUsers(ctxOf(req, db), page);
    res.render('admin/users/list', { title: t('users.title'), rows, total, page });
  });

  const renderForm = async (req: Request, res: Response, status: number, data: { user?: { id: number }; values: Record<string, unknown>; errors: FieldErrors }) => {
    const villages = await villagesFor(ctxOf(req, db));
    const twoFactorOn = data.user ? await isEnabled(db, data.user.id) : false;
    res.status(status).render('admin/users/form', { title: data.user ? t('users.edit') : t('users.new'), villages, user: null, twoFactorOn, ...data });
  };

  router.get('/baru', async (req, res) => {
    authorize(req.ability, 'create', 'User');
    await renderForm(req, res, 200, { values: { role: 'village_operator' }, errors: {} });
  });

  router.post('/', async (req, res) => {
    authorize(req.ability, 'create', 'User');
    const form = parseForm(createUserForm, req.body);
    if (!form.ok) return renderForm(req, res, 400, { values: form.values, errors: form.errors });
    try {
      const { password } = await users.createUser(ctxOf(req, db), form.data);
      res.status(201).render('admin/users/issued', { title: t('users.issuedTitle'), username: form.data.username, name: form.data.name, password });
    } catch (err) {
      if (!(err instanceof users.UserInputError)) throw err;
      await renderForm(req, res, 400, { values: form.data, errors: { [err.field]: t(err.messageKey) } });
    }
  });

  router.get('/:id/ubah', async (req, res) => {
    const user = await users.getUser(ctxOf(req, db), idOf(req), 'update');
    await renderForm(req, res, 200, { user, values: user, errors: {} });
  });

  router.post('/:id', async (req, res) => {
    const ctx = ctxOf(req, db);
    const id = idOf(req);
    const user = await users.getUser(ctx, id, 'update');
    const form = parseForm(updateUserForm, req.body);
    if (!form.ok) return renderForm(req, res, 400, { user, values: form.values, errors: form.errors });
    try {
      await users.updateUser(ctx, id, form.data);
    } catch (err) {
      if (!(err instanceof users.UserInputError)) throw err;
      return renderForm(req, res, 400, { user, values: form.data, errors: { [err.field]: t(err.messageKey) } });
    }
    flash(req, 'success', t('users.updated', { username: user.username }));
    res.redirect(303, '/admin/pengguna');
  });

  // Disabling and resetting ask first (a GET page whose button sends confirm=ya), so one
  // mis-tap in the list cannot do either; a POST without the confirmation changes nothing.
  const CONFIRM = {
    nonaktifkan: { title: 'users.confirmDisableTitle', body: 'users.confirmDisableBody', button: 'users.confirmDisable' },
    'reset-sandi': { title: 'users.confirmResetTitle', body: 'users.confirmResetBody', button: 'users.confirmReset' },
    'reset-2fa': { title: 'users.confirmTwoFactorTitle', body: 'twoFactor.resetHint', button: 'users.confirmTwoFactor' },
  } as const;
  type Confirmed = keyof typeof CONFIRM;

  const renderConfirm = async (req: Request, res: Response, action: Confirmed, status: number, error: string | null) => {
    const user = await users.getUser(ctxOf(req, db), idOf(req), 'update');
    if (action === 'nonaktifkan' && user.id === req.user?.id) {
      flash(req, 'error', t('users.cannotSelf'));
      return res.redirect(303, '/admin/pengguna');
    }
    if (action === 'reset-2fa' && user.id === req.user?.id) {
      flash(req, 'error', t('twoFactor.resetSelf'));
      return res.redirect(303, `/admin/pengguna/${user.id}/ubah`);
    }
    const keys = CONFIRM[action];
    const vars = { username: user.username, name: user.name };
    res.status(status).render('admin/users/confirm', { title: t(keys.title, vars), body: t(keys.body, vars), button: t(keys.button), action: `/admin/pengguna/${user.id}/${action}`, error });
  };

  /** True when the body carries the confirmation; otherwise the confirmation page is answered (400). */
  const confirmed = async (req: Request, res: Response, action: Confirmed) => {
    if (parseForm(confirmForm, req.body).ok) return true;
    await renderConfirm(req, res, action, 400, t('users.confirmNeeded'));
    return false;
  };

  for (const action of Object.keys(CONFIRM) as Confirmed[]) {
    router.get(`/:id/${action}`, (req, res) => renderConfirm(req, res, action, 200, null));
  }

  router.post('/:id/nonaktifkan', async (req, res) => {
    if (!(await confirmed(req, res, 'nonaktifkan'))) return;
    await setDisabled(req, true);
    res.redirect(303, '/admin/pengguna');
  });

  router.post('/:id/aktifkan', async (req, res) => {
    await setDisabled(req, false);
    res.redirect(303, '/admin/pengguna');
  });

  async function setDisabled(req: Request, disabled: boolean) {
    try {
      const user = await users.setDisabled(ctxOf(req, db), idOf(req), disabled);
      flash(req, 'success', t(disabled ? 'users.disabledDone' : 'users.enabledDone', { username: user.username }));
    } catch (err) {
      if (!(err instanceof users.UserInputError)) throw err;
      flash(req, 'error', t(err.messageKey));
    }
  }

  router.post('/:id/reset-sandi', async (req, res) => {
    if (!(await confirmed(req, res, 'reset-sandi'))) return;
    const { user, password } = await users.resetPassword(ctxOf(req, db), idOf(req));
    res.render('admin/users/issued', { title: t('users.issuedTitle'), username: user.username, name: user.name, password });
  });

  router.post('/:id/reset-2fa', async (req, res) => {
    if (!(await confirmed(req, res, 'reset-2fa'))) return;
    const id = idOf(req);
    const { outcome, username } = await resetTwoFactor(ctxOf(req, db), id);
    const message = { done: t('twoFactor.resetDone', { username }), self: t('twoFactor.resetSelf'), none: t('twoFactor.resetNone') }[outcome];
    flash(req, outcome === 'done' ? 'success' : 'error', message);
    res.redirect(303, `/admin/pengguna/${id}/ubah`);
  });

  return router;
}
