import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { flash } from '../http/context';
import { t } from '../i18n';
import { recoveryLeft } from './two-factor';
import { checkCode } from './checks';
import { loadUser, loginCompleted } from './passport';

// The second step of a login with a second factor. After the right password the session holds only
// "password ok for user X" (pendingLogin) for a few minutes; nobody is logged in until a code passes.
export const PENDING_LOGIN_MINUTES = 5;

interface PendingLogin {
  userId: number;
  epoch: number;
  districtId: number | null;
  /** Date.now() after which the password must be typed again. */
  until: number;
  next: string;
}

declare module 'express-session' {
  interface SessionData {
    pendingLogin?: PendingLogin;
  }
}

/** After the right password: a fresh session id that remembers the pending login, then the code form. */
export function startCodeStep(req: Request, res: Response, next: NextFunction, user: Express.User, target: string): void {
  req.session.regenerate((err) => {
    if (err) return next(err);
    req.session.pendingLogin = { userId: user.id, epoch: user.session_epoch, districtId: req.district?.id ?? null, until: Date.now() + PENDING_LOGIN_MINUTES * 60_000, next: target };
    req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect('/masuk/kode')));
  });
}

function pendingOf(req: Request): PendingLogin | null {
  const p = req.session?.pendingLogin;
  if (!p || p.until < Date.now() || p.districtId !== (req.district?.id ?? null)) return null;
  return p;
}

export function codeRoutes(db: Kysely<Database>): Router {
  const router = Router();
  const view = 'auth/code';
  const expired = (req: Request, res: Response) => {
    if (req.session) delete req.session.pendingLogin;
    flash(req, 'error', t('twoFactor.loginExpired'));
    res.redirect('/masuk');
  };

  router.get('/masuk/kode', (req, res) => {
    if (!pendingOf(req)) return expired(req, res);
    res.render(view, { title: t('twoFactor.loginTitle'), error: null });
  });

  router.post('/masuk/kode', async (req, res, next) => {
    const pending = pendingOf(req);
    if (!pending) return expired(req, res);
    const user = await loadUser(db, pending.userId, pending.epoch);
    if (!user?.two_factor?.enabled) return expired(req, res);
    const at = { user, ip: req.ip ?? '', districtId: pending.districtId, purpose: 'login' };
    const result = await checkCode(db, at, typeof req.body?.code === 'string' ? req.body.code : '');
    if (!result.ok) return res.status(result.status).render(view, { title: t('twoFactor.loginTitle'), error: result.message });
    delete req.session.pendingLogin;
    // passport 0.7 regenerates the session id again here.
    req.login(user, (err) => {
      if (err) return next(err);
      (async () => {
        await loginCompleted(db, user, { ip: at.ip, districtId: pending.districtId, secondFactor: result.value });
        if (result.value === 'recovery') flash(req, 'info', t('twoFactor.recoveryUsed', { count: await recoveryLeft(db, user.id) }));
        res.redirect(user.must_change_password ? '/admin/akun/sandi' : pending.next);
      })().catch(next);
    });
  });

  return router;
}
