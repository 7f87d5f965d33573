import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { countDistricts, districtsChanged, tenantCache } from '../modules/districts/hosts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the request's kecamatan from its Host header. With no kecamatan at all the install
 * is fresh and only setup answers; an unknown host on a multi-kecamatan install gets a plain 404.
 */
export function resolveTenant(db: Kysely<Database>) {
  const lookup = tenantCache(db);
  return async (req: Request, res: Response, next: NextFunction) => {
    // Already resolved ahead of the chain (page-cache.ts `first`).
    if (req.district !== undefined) return next();
    try {
      if (!READS.has(req.method)) forgetTenantsBeforeAnswering(res);
      const { district, stale } = await lookup(req.headers.host);
      req.district = district;
      req.databaseDown = stale;
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

/**
 * A write may have bumped content_version or changed the kecamatan's settings: the cached rows
 * are dropped when its answer goes out (after its transaction committed), so the next request
 * of whoever wrote reads them afresh.
 */
function forgetTenantsBeforeAnswering(res: Response) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    districtsChanged();
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}
