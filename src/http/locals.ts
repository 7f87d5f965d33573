import type { NextFunction, Request, Response } from 'express';
import type { Action, SubjectName } from '../authz/ability';
import { can } from '../authz/authorize';
import { formatDate, formatDateTime, formatMoney, t } from '../i18n';

/**
 * What every view may use: the caller, their ability, the kecamatan, the CSRF token, flashes.
 * Runs after `signedInHere` (src/auth/this-site.ts) and `attachAbility` (src/authz/request-ability.ts).
 */
export function locals(generateToken: (req: Request) => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const tz = req.district?.timezone ?? 'WIB';
    Object.assign(res.locals, {
      t,
      currentUser: req.user ?? null,
      ability: req.ability,
      // canOn('publish', 'Content', item): the same record-level check the services make.
      canOn: (action: Action, subject: Exclude<SubjectName, 'all'>, record: Record<string, unknown>) => can(req.ability, action, subject, record),
      district: req.district,
      path: req.path,
      // Only pages with a form ask for the token, so a reader of the public pages gets no CSRF cookie.
      csrfToken: () => generateToken(req),
      flashes: req.session?.flash ?? [],
      date: (v: string | Date) => formatDate(v, tz),
      dateTime: (v: string | Date) => formatDateTime(v, tz),
      money: formatMoney,
    });
    if (req.session?.flash) delete req.session.flash;
    next();
  };
}
