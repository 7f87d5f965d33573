import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { countDistricts, districtForHost } from '../modules/districts/hosts';

/**
 * Resolves the request's kecamatan from its Host header. With no kecamatan at all the install
 * is fresh and only setup answers; an unknown host on a multi-kecamatan install gets a plain 404.
 */
export function resolveTenant(db: Kysely<Database>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      req.district = await districtForHost(db, req.headers.host);
      if (req.district) return next();
      if ((await countDistricts(db)) === 0) {
        if (req.path === '/pasang' || req.path.startsWith('/pasang/')) return next();
        return res.redirect(303, '/pasang');
      }
      res.status(404).type('text/plain').send('Not Found');
    } catch (err) {
      next(err);
    }
  };
}
