import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { recordAudit } from '../../audit/record';
import { notifyPrefsForm } from './notifications.schema';

/** The account's mail of notifications (/admin/akun/notifikasi): an address and how often. */
export function notifyPrefsRoutes(db: Kysely<Database>, opts: { mailConfigured: boolean }): Router {
  const router = Router();
  const view = 'admin/account/notify-prefs';

  const render = (res: import('express').Response, values: Record<string, unknown>, errors: FieldErrors, status = 200) =>
    res.status(status).render(view, { title: t('notifyPrefs.title'), values, errors, mailConfigured: opts.mailConfigured });

  router.get('/', async (req, res) => {
    if (!req.user) throw new HttpError(403);
    const u = await db.selectFrom('users').select(['email', 'notify_mode']).where('id', '=', req.user.id).executeTakeFirstOrThrow();
    render(res, { email: u.email ?? '', notify_mode: u.notify_mode }, {});
  });

  router.post('/', async (req, res) => {
    const user = req.user;
    if (!user) throw new HttpError(403);
    const form = parseForm(notifyPrefsForm, req.body);
    if (!form.ok) return render(res, form.values, form.errors, 400);
    await db.updateTable('users').set({ email: form.data.email, notify_mode: form.data.notify_mode, updated_at: nowUtc() }).where('id', '=', user.id).execute();
    await recordAudit(db, {
      action: 'user.notify_prefs',
      actor: user,
      districtId: req.district?.id,
      targetType: 'user',
      targetId: user.id,
      detail: { email: Boolean(form.data.email), mode: form.data.notify_mode },
      ip: req.ip,
    });
    flash(req, 'success', t('notifyPrefs.saved'));
    res.redirect(303, '/admin/akun/notifikasi');
  });

  return router;
}
