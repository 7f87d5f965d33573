import type { NextFunction, Request, Response } from 'express';
import { type MessageKey, t } from '../i18n';
import { isDatabaseUnavailable, isStorageFull } from './database-errors';
import { HttpError } from './errors';
import { typedFields } from './kept-input';

const KNOWN = new Set([400, 403, 404, 429, 500, 503]);
/** Seconds a client is asked to wait when the database is unavailable. */
export const RETRY_AFTER_S = 30;

/** Fields a form sets itself (which button, which version was edited): sent again, not shown. */
const CONTROL_FIELDS = new Set(['intent', 'version', 'action']);

/** The refused form again: same action and token, each field labelled as the content forms label it. */
function keptForm(req: Request, fields: Record<string, string>) {
  const label = (name: string) => {
    const key = `content.${name === 'body_source' ? 'body' : name}`;
    const text = t(key as MessageKey);
    return text === key ? name : text;
  };
  return {
    action: req.originalUrl,
    multipart: req.is('multipart/form-data') === 'multipart/form-data',
    // A multipart form carries its token in the action URL, which is kept as it was.
    token: typeof req.body?._csrf === 'string' ? req.body._csrf : null,
    fields: Object.entries(fields).map(([name, value]) => ({ name, value, label: label(name), hidden: CONTROL_FIELDS.has(name) })),
  };
}

export function notFoundHandler(_req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404));
}

/** Indonesian error pages; a stack trace only in development; 503 with what was typed when the database is down or full. */
export function errorHandler(showStack: boolean) {
  return async (err: unknown, req: Request, res: Response, _next: NextFunction): Promise<void> => {
    const e = err as { status?: number; statusCode?: number; code?: string; type?: string; expose?: boolean };
    const unavailable = isDatabaseUnavailable(err);
    let status = unavailable ? 503 : err instanceof HttpError ? err.status : (e.status ?? e.statusCode ?? 500);
    if (!Number.isInteger(status) || status < 400 || status > 599) status = 500;
    if (unavailable) req.log?.warn({ err }, 'database unavailable');
    else if (status >= 500) req.log?.error({ err }, 'request failed');
    if (res.headersSent) return;

    const kept = unavailable ? await typedFields(req).catch(() => null) : null;
    const pageStatus = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
    const csrf = e.code === 'EBADCSRFTOKEN';
    res.status(status);
    if (unavailable) res.set({ 'Retry-After': String(RETRY_AFTER_S), 'Cache-Control': 'no-store' });
    res.render(
      'errors/error',
      {
        // `t` is passed here too: errors raised before the locals middleware (body limits, tenant lookup) have none.
        t,
        title: t(`error.${pageStatus}.title` as MessageKey),
        status,
        body: csrf ? t('error.csrf') : unavailable && isStorageFull(err) ? t('error.503.full') : t(`error.${pageStatus}.body` as MessageKey),
        requestId: String(req.id ?? ''),
        stack: showStack && err instanceof Error && status >= 500 ? err.stack : null,
        kept: kept && keptForm(req, kept),
      },
      (renderErr: Error | null, html?: string) => {
        if (renderErr) res.type('text/plain').send(`${status}`);
        else res.send(html);
      },
    );
  };
}
