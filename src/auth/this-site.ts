import type { NextFunction, Request, Response } from 'express';

/**
 * A session cookie from another kecamatan's host does not log anyone in here: its user is dropped
 * for this request (a superadmin works on every host). Runs right after the session is read.
 */
export function signedInHere(req: Request, _res: Response, next: NextFunction): void {
  if (req.user && req.district && req.user.role !== 'superadmin' && req.user.district_id !== req.district.id) {
    req.user = undefined;
  }
  next();
}
