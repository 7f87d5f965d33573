import { createHmac, timingSafeEqual } from 'node:crypto';
import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

/** Holds the token of a browser that is not logged in, signed: `<token>.<hmac>`. */
export const CSRF_COOKIE = 'pendopo.csrf';

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const KEPT_TOKENS = 1_000;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * CSRF protection whose token is never stored, so there is nothing for concurrent requests to race
 * for: a token kept in the session was made by each of two tabs opened at once after login, and
 * the session saved last decided which tab's form was refused.
 * - Logged in: an HMAC of the session id. Every request of the session computes the same token; a
 *   new session id (login, a password change) gives a new one.
 * - Not logged in (the login, code and setup forms): a random token, also sent in a signed cookie
 *   (double submit), so that opening the login page stores no session. A POST must carry both: a
 *   form forged on another site has neither the token nor, the cookie being SameSite=Lax, the cookie.
 */
export function createCsrf(secret: string) {
  const mac = (purpose: string, value: string) => createHmac('sha256', secret).update(`csrf ${purpose} ${value}`).digest('base64url');
  // A session's token never changes, and every logged-in page asks for it (the logout form of
  // views/partials/account-nav.ejs), csrf-sync's generateToken twice: it is computed once per session id.
  const sessionTokens = new Map<string, string>();
  const sessionToken = (sid: string): string => {
    let token = sessionTokens.get(sid);
    if (token === undefined) {
      if (sessionTokens.size >= KEPT_TOKENS) sessionTokens.delete(sessionTokens.keys().next().value as string);
      sessionTokens.set(sid, (token = mac('session', sid)));
    }
    return token;
  };
  // A token made while this request renders its page: its cookie goes out with the response.
  const issued = new WeakMap<Request, string>();

  const fromCookie = (req: Request): string | undefined => {
    const raw = cookieOf(req, CSRF_COOKIE);
    const dot = raw ? raw.lastIndexOf('.') : -1;
    if (!raw || dot < 1) return undefined;
    const token = raw.slice(0, dot);
    return same(raw.slice(dot + 1), mac('cookie', token)) ? token : undefined;
  };

  return csrfSync({
    size: 32,
    getTokenFromState: (req) => (req.user && req.sessionID ? sessionToken(req.sessionID) : (issued.get(req) ?? fromCookie(req))),
    storeTokenInState: (req, token) => {
      if (!token) return;
      issued.set(req, token);
      req.res?.cookie(CSRF_COOKIE, `${token}.${mac('cookie', token)}`, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    },
    getTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
      const fromHeader = req.headers['x-csrf-token'];
      // A multipart form carries its token in the action URL, so it is checked before multer
      // reads a single byte of the upload.
      const fromQuery = req.is('multipart/form-data') ? req.query._csrf : undefined;
      for (const v of [fromBody, fromHeader, fromQuery]) if (typeof v === 'string') return v;
      return undefined;
    },
    errorConfig: { statusCode: 403, code: 'EBADCSRFTOKEN', message: 'invalid csrf token' },
  });
}
