import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type CheckAt, checkCode, checkCurrentPassword, checkEnrolmentCode } from '../../auth/checks';
import type { Database } from '../../db/schema';
import { flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { endSessionsOfUser } from '../../auth/sessions';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { recordAudit } from '../../audit/record';
import { otpauthUri, qrSvg } from '../../auth/totp';
import { pendingSecret, recoveryLeft, removeTwoFactor, startEnrolment, totpRow } from '../../auth/two-factor';

const codeForm = z.strictObject({ code: z.string().max(40, 'validation.tooLong').default('') });
const guardedForm = z.strictObject({ password: z.string().max(200, 'validation.tooLong').default(''), code: z.string().max(40, 'validation.tooLong').default('') });

/** The caller's own second factor (/admin/akun/2fa): enrol, confirm, re-enrol, turn off. */
export function twoFactorRoutes(db: Kysely<Database>): Router {
  const router = Router();
  const base = '/admin/akun/2fa';

  const userOf = (req: Request) => {
    if (!req.user) throw new HttpError(403);
    return req.user;
  };
  const at = (req: Request, purpose: string): CheckAt => ({ user: userOf(req), ip: req.ip ?? '', districtId: req.district?.id ?? null, purpose });

  const render = async (req: Request, res: Response, status: number, errors: FieldErrors = {}) => {
    const user = userOf(req);
    const row = await totpRow(db, user.id);
    const secret = await pendingSecret(db, user.id);
    const uri = secret ? otpauthUri(secret, `${user.username}@${req.district?.name ?? 'Pendopo'}`) : null;
    res.status(status).render('admin/account/two-factor', {
      title: t('twoFactor.title'),
      enabledAt: row?.secret ? row.enabled_at : null,
      required: Boolean(user.two_factor?.required),
      pending: secret && uri ? { secret: secret.replace(/(.{4})/g, '$1 ').trim(), uri, svg: await qrSvg(uri) } : null,
      left: row?.secret ? await recoveryLeft(db, user.id) : 0,
      errors,
    });
  };

  /** Password, then a current code (what re-enrolling and turning off ask for): null when both pass. */
  const refusal = async (req: Request, purpose: string): Promise<{ status: number; errors: FieldErrors } | null> => {
    const form = parseForm(guardedForm, req.body);
    if (!form.ok) return { status: 400, errors: form.errors };
    const pass = await checkCurrentPassword(db, at(req, purpose), form.data.password);
    if (!pass.ok) return { status: pass.status, errors: { password: pass.message } };
    const code = await checkCode(db, at(req, purpose), form.data.code);
    return code.ok ? null : { status: code.status, errors: { code: code.message } };
  };

  router.get('/', (req, res) => render(req, res, 200));

  router.post('/mulai', async (req, res) => {
    const user = userOf(req);
    if ((await totpRow(db, user.id))?.secret) {
      const refused = await refusal(req, '2fa_reenrol');
      if (refused) return render(req, res, refused.status, refused.errors);
    }
    await startEnrolment(db, user.id);
    res.redirect(303, base);
  });

  router.post('/aktifkan', async (req, res) => {
    const user = userOf(req);
    const form = parseForm(codeForm, req.body);
    if (!form.ok) return render(req, res, 400, form.errors);
    const wasEnabled = Boolean((await totpRow(db, user.id))?.secret);
    const result = await checkEnrolmentCode(db, at(req, '2fa_enrol'), form.data.code);
    if (!result.ok) return render(req, res, result.status, { code: result.message });
    // Sessions opened with the password alone end; this one continues under a fresh id.
    user.session_epoch = await endSessionsOfUser(db, user.id);
    user.two_factor = { enabled: true, required: Boolean(user.two_factor?.required) };
    await recordAudit(db, { action: 'two_factor.enabled', actor: user, districtId: req.district?.id, targetType: 'user', targetId: user.id, ip: req.ip, detail: { reenrol: wasEnabled } });
    await new Promise<void>((resolve, reject) => req.login(user, { session: true, keepSessionInfo: true }, (err) => (err ? reject(err) : resolve())));
    res.render('admin/account/recovery-codes', { title: t('twoFactor.recoveryTitle'), codes: result.value });
  });

  router.post('/nonaktifkan', async (req, res) => {
    const user = userOf(req);
    if (user.two_factor?.required) return render(req, res, 400, { _form: t('twoFactor.cannotDisable') });
    const refused = await refusal(req, '2fa_disable');
    if (refused) return render(req, res, refused.status, refused.errors);
    await removeTwoFactor(db, user.id);
    await recordAudit(db, { action: 'two_factor.disabled', actor: user, districtId: req.district?.id, targetType: 'user', targetId: user.id, ip: req.ip });
    flash(req, 'success', t('twoFactor.disabled'));
    res.redirect(303, base);
  });

  return router;
}
