import { createHmac } from 'node:crypto';
import { csrfSync } from 'csrf-sync';

/**
 * CSRF protection. A logged-in session's token is an HMAC of the session id, never stored, so there
 * is nothing for concurrent requests to race for: a token kept in the session was made by each of
 * two tabs opened at once after login, and the session saved last decided which tab's form was
 * refused. Every request of the session computes the same token; a new session id (login, a
 * password change) gives a new one. Before login the token is kept in the session.
 */
export function createCsrf(secret: string) {
  const mac = (purpose: string, value: string) => createHmac('sha256', secret).update(`csrf ${purpose} ${value}`).digest('base64url');

  return csrfSync({
    size: 32,
    getTokenFromState: (req) => (req.user && req.sessionID ? mac('session', req.sessionID) : req.session?.csrfToken),
    storeTokenInState: (req, token) => {
      if (req.session) req.session.csrfToken = token;
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
