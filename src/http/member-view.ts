import type { NextFunction, Request, Response } from 'express';
import type { Entry } from './page-cache';

const PARTIAL = 'partials/account-nav';

/**
 * A logged-in reader of a public page (an operator or the camat office browsing the portal) gets
 * the page the cache holds for anonymous readers of the same URL and content_version, with the
 * navigation's account part (views/partials/account-nav.ejs, the only part of a public page that
 * depends on the reader) rendered for them instead of the "Masuk" link. Without a stored page, with
 * flash messages waiting, or when the stored page does not hold the anonymous part, the route
 * renders the page as usual. Runs after the session, the user and the page locals.
 */
export function memberView(storedFor: (req: Request) => Entry | undefined) {
  let anonymous: string | undefined;
  const render = (req: Request, locals: Record<string, unknown>) => new Promise<string>((resolve, reject) => req.app.render(PARTIAL, locals, (err, html) => (err ? reject(err) : resolve(html))));

  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.user || (res.locals.flashes as unknown[] | undefined)?.length) return next();
    const entry = storedFor(req);
    if (!entry || !entry.type.startsWith('text/html')) return next();
    try {
      anonymous ??= await render(req, { ...res.locals, currentUser: null });
      const body = entry.body.toString('utf8');
      const at = body.indexOf(anonymous);
      if (at < 0) return next();
      const own = await render(req, res.locals);
      res.setHeader('X-Cache', 'member');
      res.type(entry.type).send(body.slice(0, at) + own + body.slice(at + anonymous.length));
    } catch (err) {
      next(err);
    }
  };
}
