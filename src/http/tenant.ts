import type { NextFunction, Request, Response } from 'express';
import type { District } from '../db/schema';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Where the kecamatan come from: `src/modules/districts/hosts.ts`, passed in by `src/app.ts`. */
export interface TenantSource {
  /** The kecamatan of a Host header, cached; `stale` when it is the last answer before the database stopped answering. */
  lookup(host: string | undefined): Promise<{ district: District | null; stale: boolean }>;
  countDistricts(): Promise<number>;
  /** Drops this instance's cached kecamatan rows. */
  changed(): void;
}

/**
 * Resolves the request's kecamatan from its Host header. With no kecamatan at all the install
 * is fresh and only setup answers; an unknown host on a multi-kecamatan install gets a plain 404.
 */
export function resolveTenant(source: TenantSource) {
  return async (req: Request, res: Response, next: NextFunction) => {
    // Already resolved ahead of the chain (page-cache.ts `first`).
    if (req.district !== undefined) return next();
    try {
      if (!READS.has(req.method)) forgetTenantsBeforeAnswering(res, source.changed);
      const { district, stale } = await source.lookup(req.headers.host);
      req.district = district;
      req.databaseDown = stale;
      if (req.district) return next();
      if ((await source.countDistricts()) === 0) {
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
function forgetTenantsBeforeAnswering(res: Response, districtsChanged: () => void) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    districtsChanged();
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}
