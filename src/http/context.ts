import type { Request } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpError } from './errors';
import type { Ctx } from '../domain/context';

export function ctxOf(req: Request, db: Kysely<Database>): Ctx {
  if (!req.user || !req.district) throw new HttpError(403);
  return { db, ability: req.ability, user: req.user, district: req.district, ip: req.ip ?? '' };
}

export function flash(req: Request, type: 'success' | 'error' | 'info', text: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { type, text }];
}

/** A `next` target only when it is a path on this site: never //host or a scheme. */
export function safeNext(raw: unknown, fallback = '/admin'): string {
  if (typeof raw !== 'string' || raw.length > 500) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\\]/.test(raw)) return fallback;
  return raw;
}
