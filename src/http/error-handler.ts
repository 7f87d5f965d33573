import type { NextFunction, Request, Response } from 'express';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import { type MessageKey, t } from '../i18n';
import { isDatabaseUnavailable, isStorageFull } from '../db/errors';
import { HttpError } from './errors';
import { fromThisSite, typedFields } from './kept-input';

const KNOWN = new Set([400, 403, 404, 429, 500, 503]);
/** Seconds a client is asked to wait when the database is unavailable. */
export const RETRY_AFTER_S = 30;

/** Fields a form sets itself (which button, which version was edited, where to go next): sent again, not shown. */
const CONTROL_FIELDS = new Set(['intent', 'version', 'action', 'next', 'token']);

/** The current token of this request's session (or browser), from the page locals when they ran. */
function freshToken(res: Response): string | null {
  const make = res.locals.csrfToken as (() => string) | undefined;
  return typeof make === 'function' ? make() : null;
}

/** The refused form again: same action, a valid token, each field labelled as the content forms label it. */
function keptForm(req: Request, res: Response, fields: Record<string, string>, notes: string[]) {
  const label = (name: string) => {
    const key = `content.${name === 'body_source' ? 'body' : name}`;
    const text = t(key as MessageKey);
    return text === key ? name : text;
  };
  const multipart = req.is('multipart/form-data') === 'multipart/form-data';
  const token = freshToken(res) ?? (typeof req.body?._csrf === 'string' ? req.body._csrf : null);
  // A multipart form carries its token in the action URL.
  const url = new URL(req.originalUrl, 'http://localhost');
  if (multipart && token) url.searchParams.set('_csrf', token);
  return {
    action: multipart ? url.pathname + url.search : req.originalUrl,
    multipart,
    token: multipart ? null : token,
    notes,
    fields: Object.entries(fields).map(([name, value]) => ({ name, value, label: label(name), hidden: CONTROL_FIELDS.has(name) })),
  };
}

/** The status a thrown error stands for: a service's plain refusal, a route's HttpError, a library's `status`. */
function statusOf(err: unknown): number {
  if (isDatabaseUnavailable(err)) return 503;
  if (err instanceof HttpError) return err.status;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ForbiddenError) return 403;
  const e = err as { status?: number; statusCode?: number };
  return e.status ?? e.statusCode ?? 500;
}

export function notFoundHandler(_req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404));
}

/**
 * Indonesian error pages; a stack trace only in development. A form refused because the database
 * is down or full (503), or because its CSRF token expired (403), comes back with what was typed.
 */
export function errorHandler(showStack: boolean) {
  return async (err: unknown, req: Request, res: Response, _next: NextFunction): Promise<void> => {
    const e = err as { code?: string };
    const unavailable = isDatabaseUnavailable(err);
    let status = statusOf(err);
    if (!Number.isInteger(status) || status < 400 || status > 599) status = 500;
    if (unavailable) req.log?.warn({ err }, 'database unavailable');
    else if (status >= 500) req.log?.error({ err }, 'request failed');
    if (res.headersSent) return;

    const csrf = e.code === 'EBADCSRFTOKEN';
    const typed = unavailable || (csrf && fromThisSite(req)) ? await typedFields(req).catch(() => null) : null;
    let kept = null;
    if (typed) {
      const notes = [t(csrf ? 'error.csrf.kept' : 'error.503.kept')];
      // Sent again now, it would go to the login page: logging in elsewhere first keeps it.
      if (csrf && !req.user && req.path.startsWith('/admin')) notes.push(t('error.csrf.loggedOut'));
      kept = keptForm(req, res, typed, notes);
    }
    const pageStatus = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
    res.status(status);
    if (unavailable) res.set({ 'Retry-After': String(RETRY_AFTER_S), 'Cache-Control': 'no-store' });
    if (kept) res.set('Cache-Control', 'no-store');
    res.render(
      'errors/error',
      {
        // `t` is passed here too: errors raised before the locals middleware (body limits, tenant lookup) have none.
        t,
        title: csrf ? t('error.csrf.title') : t(`error.${pageStatus}.title` as MessageKey),
        status,
        body: csrf ? t(kept ? 'error.csrf.expired' : 'error.csrf') : unavailable && isStorageFull(err) ? t('error.503.full') : t(`error.${pageStatus}.body` as MessageKey),
        requestId: String(req.id ?? ''),
        stack: showStack && err instanceof Error && status >= 500 ? err.stack : null,
        kept,
      },
      (renderErr: Error | null, html?: string) => {
        if (renderErr) res.type('text/plain').send(`${status}`);
        else res.send(html);
      },
    );
  };
}
