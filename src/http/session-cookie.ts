import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { series } from './series';

export const SESSION_COOKIE = 'pendopo.sid';

export function hasSessionCookie(req: Request): boolean {
  const raw = req.headers.cookie;
  return typeof raw === 'string' && raw.includes(`${SESSION_COOKIE}=`) && raw.split(';').some((c) => c.trim().startsWith(`${SESSION_COOKIE}=`));
}

// Pages that get a session for someone who has none, to leave a flash message in it (the code step
// sends an expired login back to the login form). The session is stored only once something is put
// in it: the login and setup forms keep their CSRF token in a cookie (src/http/csrf.ts), so a reader
// who opens them stores nothing.
const SESSION_PAGES = /^\/(masuk|keluar|pasang|admin)(\/|$)/;

/** Serves a request with its session read, or hands it to `full` (src/http/session-read.ts). */
type Reader = (req: Request, res: Response, next: NextFunction, full: () => void) => void;

/**
 * Runs `handlers` (the session, then the user it holds) unless the request is a reader's GET of a
 * public page without a session cookie: express-session would make, sign and throw away a new
 * session for each of those. A GET of a public page with the cookie goes to `reader`, which
 * runs the handlers only when the request could change the session. Every write gets its session
 * from the handlers.
 */
export function whenSessionNeeded(handlers: RequestHandler[], reader?: Reader): RequestHandler {
  const all = series(...handlers);
  return (req: Request, res: Response, next: NextFunction) => {
    const write = req.method !== 'GET' && req.method !== 'HEAD';
    const sessionPage = write || SESSION_PAGES.test(req.path);
    if (!sessionPage && !hasSessionCookie(req)) return next();
    if (reader && !sessionPage) return reader(req, res, next, () => all(req, res, next));
    all(req, res, next);
  };
}
