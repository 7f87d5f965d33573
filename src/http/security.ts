import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { DEFAULT_TILE_URL, tileSource } from '../config';

/**
 * Strict CSP with no inline script or style; the site may not be framed. Images come from this
 * site and from the map's tile host (MAP_TILE_URL) only.
 */
export function securityHeaders(tileUrl: string = DEFAULT_TILE_URL): RequestHandler {
  return fixedHeaders(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          // The base map's tiles for the progressive map on /peta.
          'img-src': ["'self'", 'data:', tileSource(tileUrl)],
          'font-src': ["'self'"],
          'connect-src': ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          // The dashboard's "Ingatkan lewat WhatsApp" posts here and is redirected to wa.me, which
          // forwards to api.whatsapp.com; browsers hold every hop of a form's redirects to this list.
          'form-action': ["'self'", 'https://wa.me', 'https://api.whatsapp.com'],
          'frame-ancestors': ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  );
}

/**
 * Helmet sets the same headers on every response (nothing in this configuration depends on the
 * request), through a dozen middleware functions per request. They are read once, by running
 * helmet against a recording response, and then set in one loop.
 */
function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const headers = new Map<string, string | number | readonly string[]>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  let failed: unknown = null;
  void middleware({ headers: {}, method: 'GET', url: '/' } as Request, recorder as unknown as Response, (err?: unknown) => {
    failed = err ?? null;
  });
  if (failed) throw failed;
  const list = [...headers];
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of list) res.setHeader(name, value);
    next();
  };
}
