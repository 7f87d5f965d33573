import { Router } from 'express';
import type { Kysely } from 'kysely';
import { checkCurrentPassword } from '../../auth/checks';
import { hashPassword, passwordProblem } from '../../auth/password';
import type { Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { endSessionsOfUser } from '../../auth/sessions';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { recordAudit } from '../../audit/record';
import { notifyPrefsRoutes } from '../notifications/prefs.routes';
import { twoFactorRoutes } from '../two-factor/two-factor.routes';
import { accountPageRoutes } from './account-page.routes';
import { changePasswordForm } from '../users/users.schema';

/** Everyone changes their own password here; an issued one must be replaced first. */
export function accountRoutes(db: Kysely<Database>, opts: { mailConfigured: boolean }): Router {
  const router = Router();
  const view = 'admin/account/password';

  router.get('/sandi', (req, res) => {
    res.render(view, { title: t('password.title'), errors: {}, mustChange: Boolean(req.user?.must_change_password) });
  });

  router.post('/sandi', async (req, res) => {
    const user = req.user;
    if (!user) throw new HttpError(403);
    const mustChange = Boolean(user.must_change_password);
    const render = (errors: FieldErrors, status = 400) => res.status(status).render(view, { title: t('password.title'), errors, mustChange });
    const form = parseForm(changePasswordForm, req.body);
    if (!form.ok) return render(form.errors);
    // Throttled and audited like a login: a stolen session must not become a password oracle.
    const current = await checkCurrentPassword(db, { user, ip: req.ip ?? '', districtId: req.district?.id ?? null, purpose: 'password_change' }, form.data.current_password);
    if (!current.ok) return render({ current_password: current.message }, current.status);
    const problem = passwordProblem(form.data.new_password, user.username);
    if (problem) return render({ new_password: t(problem) });
    if (form.data.new_password !== form.data.confirm_password) return render({ confirm_password: t('password.mismatch') });
    if (form.data.new_password === form.data.current_password) return render({ new_password: t('password.sameAsOld') });

    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(form.data.new_password), must_change_password: 0, updated_at: nowUtc() })
      .where('id', '=', user.id)
      .execute();
    // Other sessions of this account end; this one continues under a fresh id.
    user.session_epoch = await endSessionsOfUser(db, user.id);
    await recordAudit(db, { action: 'user.password_changed', actor: user, districtId: req.district?.id, targetType: 'user', targetId: user.id, ip: req.ip });
    user.must_change_password = 0;
    // Renew the id (the old row is destroyed): a copied cookie of this session stops working too.
    await new Promise<void>((resolve, reject) => req.login(user, { session: true, keepSessionInfo: true }, (err) => (err ? reject(err) : resolve())));
    flash(req, 'success', t('password.changed'));
    res.redirect(303, '/admin');
  });

  router.use('/2fa', twoFactorRoutes(db));
  router.use('/notifikasi', notifyPrefsRoutes(db, opts));
  router.use(accountPageRoutes(db));

  return router;
}
