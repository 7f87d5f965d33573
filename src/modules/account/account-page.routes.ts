import { type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { recordAudit } from '../../audit/record';
import { accountWhatsappForm } from '../users/users.schema';

/** /admin/akun: the user's own account page, where they keep their WhatsApp number. */
export function accountPageRoutes(db: Kysely<Database>): Router {
  const router = Router();

  const render = async (userId: number, res: Response, status: number, values: { whatsapp?: unknown }, errors: FieldErrors) => {
    const row = await db.selectFrom('users').select('whatsapp').where('id', '=', userId).executeTakeFirstOrThrow();
    res.status(status).render('admin/account/account', { title: t('account.title'), values: { whatsapp: row.whatsapp, ...values }, errors });
  };

  router.get('/', async (req, res) => {
    if (!req.user) throw new HttpError(403);
    await render(req.user.id, res, 200, {}, {});
  });

  router.post('/whatsapp', async (req, res) => {
    const user = req.user;
    if (!user) throw new HttpError(403);
    const form = parseForm(accountWhatsappForm, req.body);
    if (!form.ok) return render(user.id, res, 400, form.values, form.errors);
    const before = await db.selectFrom('users').select('whatsapp').where('id', '=', user.id).executeTakeFirstOrThrow();
    await db.updateTable('users').set({ whatsapp: form.data.whatsapp, updated_at: nowUtc() }).where('id', '=', user.id).execute();
    if (before.whatsapp !== form.data.whatsapp) {
      await recordAudit(db, { action: 'user.whatsapp_changed', actor: user, districtId: req.district?.id, targetType: 'user', targetId: user.id, ip: req.ip });
    }
    flash(req, 'success', t(form.data.whatsapp ? 'account.saved' : 'account.removed'));
    res.redirect(303, '/admin/akun');
  });

  return router;
}
