import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { codeRoutes, startCodeStep } from './login-code';
import type { PassportInstance } from './passport';
import type { Database } from '../db/schema';
import { flash, safeNext } from '../http/context';
import { t } from '../i18n';
import { recordAudit } from '../audit/record';

export function authRoutes(db: Kysely<Database>, passport: PassportInstance): Router {
  const router = Router();

  router.get('/masuk', (req, res) => {
    if (req.user) return res.redirect(safeNext(req.query.next));
    res.render('auth/login', { title: t('login.title'), next: safeNext(req.query.next), username: '', error: null });
  });

  router.post('/masuk', (req: Request, res: Response, next: NextFunction) => {
    const target = safeNext(req.body?.next ?? req.query.next);
    passport.authenticate('local', (err: unknown, user: Express.User | false, info?: { message?: string; throttled?: boolean }) => {
      if (err) return next(err);
      if (!user) {
        const username = typeof req.body?.username === 'string' ? req.body.username.slice(0, 64) : '';
        return res.status(info?.throttled ? 429 : 401).render('auth/login', { title: t('login.title'), next: target, username, error: info?.message ?? t('login.failed') });
      }
      if (user.two_factor?.enabled) return startCodeStep(req, res, next, user, target);
      // passport 0.7 regenerates the session id here, against session fixation.
      req.login(user, (loginErr) => (loginErr ? next(loginErr) : res.redirect(user.must_change_password ? '/admin/akun/sandi' : target)));
    })(req, res, next);
  });

  router.use(codeRoutes(db));

  router.post('/keluar', (req, res, next) => {
    const user = req.user;
    req.logout((err) => {
      if (err) return next(err);
      const done = () => {
        if (user) flash(req, 'info', t('logout.done'));
        res.redirect('/');
      };
      if (!user) return done();
      recordAudit(db, { action: 'logout', actor: user, ip: req.ip }).then(done, next);
    });
  });

  return router;
}

/**
 * Workspace guard: a logged-in user, who changes an issued password before anything else, and
 * then enrols a second factor if their role or kecamatan requires one.
 */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (!req.user) return res.redirect(`/masuk?next=${encodeURIComponent(req.originalUrl)}`);
  if (req.user.must_change_password && req.path !== '/akun/sandi') return res.redirect('/admin/akun/sandi');
  const tf = req.user.two_factor;
  if (tf?.required && !tf.enabled && !req.path.startsWith('/akun/')) return res.redirect('/admin/akun/2fa');
  next();
}
