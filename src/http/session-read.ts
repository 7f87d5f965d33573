import { parse as parseCookies } from 'cookie';
import { unsign } from 'cookie-signature';
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from './session-cookie';
import { SESSION_CHANGED, type SessionRead } from './session-store';

/** Where sessions come from (src/http/session-store.ts) and who one names (src/auth/session-user.ts). */
export interface SessionReader {
  secret: string;
  store: { read: (sid: string) => Promise<SessionRead | null>; on: (event: typeof SESSION_CHANGED, listener: (sid: string) => void) => unknown };
  userOf: (read: SessionRead) => Express.User | undefined;
  /** Subscribes to the users whose sessions were all ended here (disabled, password reset: src/auth/sessions.ts). */
  onUserEnded: (listener: (userId: number) => void) => void;
}

const KEPT_SIDS = 1_000;
/** How long a session's read serves its reader's next GETs (a page's photos, the next click). */
export const KEPT_READ_MS = 1_000;

/**
 * A logged-in reader's GET of a public page, served with the session read but without
 * express-session and passport around it: they cost a third of such a request (signing checks,
 * three hashes of the session, wrapped `res.end`, passport's strategy), and a page that only reads
 * changes nothing they would save. Every request that could change the session goes the full way
 * (`full`): a session with a flash to show (shown once, then removed), one whose expiry is due to
 * move, one whose user is gone, disabled or logged out elsewhere (passport then drops it), and
 * anything but a signed cookie of a stored session. The session is frozen, so a page that tried to
 * write to it would fail loudly instead of losing the write.
 *
 * A read is kept for KEPT_READ_MS: between two renders the session's statement ran with cold CPU
 * caches at 30-60 µs, a fifth of the page. A write or logout through this process's store, and an
 * account's sessions ended here (disabled, password reset), are seen at once; a change made on
 * another instance within KEPT_READ_MS on these pages, and at once on every write and every
 * workspace page, which always read afresh.
 */
export function sessionReader({ secret, store, userOf, onUserEnded }: SessionReader) {
  // Signed cookie value → its session id: the HMAC is checked once per cookie, not per request.
  const verified = new Map<string, string>();
  const sidOf = (req: Request): string | undefined => {
    const raw = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    if (!raw?.startsWith('s:')) return undefined;
    let sid = verified.get(raw);
    if (sid === undefined) {
      const unsigned = unsign(raw.slice(2), secret);
      if (unsigned === false) return undefined;
      if (verified.size >= KEPT_SIDS) verified.delete(verified.keys().next().value as string);
      verified.set(raw, (sid = unsigned));
    }
    return sid;
  };

  const kept = new Map<string, { found: SessionRead; until: number }>();
  // A read that was under way when its session changed is not kept.
  let changes = 0;
  store.on(SESSION_CHANGED, (sid) => {
    changes++;
    kept.delete(sid);
  });
  onUserEnded((userId) => {
    changes++;
    for (const [sid, { found }] of kept) if (found.user?.id === userId) kept.delete(sid);
  });
  const readOf = async (sid: string): Promise<SessionRead | null> => {
    const hit = kept.get(sid);
    if (hit && hit.until > Date.now()) return hit.found;
    const before = changes;
    const found = await store.read(sid);
    kept.delete(sid);
    if (found && before === changes) {
      if (kept.size >= KEPT_SIDS) kept.delete(kept.keys().next().value as string);
      kept.set(sid, { found, until: Date.now() + KEPT_READ_MS });
    }
    return found;
  };

  return (req: Request, _res: Response, next: NextFunction, full: () => void): void => {
    const sid = sidOf(req);
    if (sid === undefined) return full();
    readOf(sid).then((found) => {
      const user = found && !found.rollDue && found.data.flash === undefined ? userOf(found) : undefined;
      if (!found || !user) return full();
      req.sessionID = sid;
      req.session = Object.freeze(found.data) as Request['session'];
      req.user = user;
      next();
    }, next);
  };
}
