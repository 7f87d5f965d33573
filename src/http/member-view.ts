import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Entry } from './page-cache';

const PARTIAL = 'partials/account-nav';

/** A stored page cut around its anonymous account part, or null when it does not hold that part. */
type Cut = { head: Buffer; tail: Buffer } | null;

/**
 * A logged-in reader of a public page (an operator or the camat office browsing the portal) gets
 * the page the cache holds for anonymous readers of the same URL and content_version, with the
 * navigation's account part (views/partials/account-nav.ejs, the only part of a public page that
 * depends on the reader) rendered for them instead of the "Masuk" link. Without a stored page, with
 * flash messages waiting, or when the stored page does not hold the anonymous part, the route
 * renders the page as usual. Runs after the session, the user and the page locals.
 */
export function memberView(storedFor: (req: Request) => Entry | undefined) {
  let anonymous: Buffer | undefined;
  // Where each stored page is cut is found once: the bytes of an entry never change.
  const cuts = new WeakMap<Entry, Cut>();
  const render = (req: Request, locals: Record<string, unknown>) => new Promise<string>((resolve, reject) => req.app.render(PARTIAL, locals, (err, html) => (err ? reject(err) : resolve(html))));

  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.user || (res.locals.flashes as unknown[] | undefined)?.length) return next();
    const entry = storedFor(req);
    if (!entry || !entry.type.startsWith('text/html')) return next();
    try {
      anonymous ??= Buffer.from(await render(req, { ...res.locals, currentUser: null }));
      let cut = cuts.get(entry);
      if (cut === undefined) cuts.set(entry, (cut = cutAround(entry.body, anonymous)));
      if (!cut) return next();
      const own = Buffer.from(await render(req, res.locals));
      res.setHeader('X-Cache', 'member');
      // The stored page's ETag and the reader's part name the bytes; no hash of the whole page.
      res.setHeader('ETag', `W/"${createHash('sha1').update(entry.etag).update(own).digest('base64url')}"`);
      res.type(entry.type);
      if (req.fresh) return void res.status(304).end();
      const body = Buffer.concat([cut.head, own, cut.tail]);
      res.setHeader('Content-Length', body.length);
      res.end(body);
    } catch (err) {
      next(err);
    }
  };
}

function cutAround(body: Buffer, part: Buffer): Cut {
  const at = body.indexOf(part);
  return at < 0 ? null : { head: body.subarray(0, at), tail: body.subarray(at + part.length) };
}
