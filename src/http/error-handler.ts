import type { NextFunction, Request, Response } from 'express';
import { type MessageKey, t } from '../i18n';
import { HttpError } from './errors';

const KNOWN = new Set([400, 403, 404, 429, 500]);

export function notFoundHandler(_req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404));
}

/** Indonesian error pages; a stack trace only in development. */
export function errorHandler(showStack: boolean) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = err as { status?: number; statusCode?: number; code?: string; type?: string; expose?: boolean };
    let status = err instanceof HttpError ? err.status : (e.status ?? e.statusCode ?? 500);
    if (!Number.isInteger(status) || status < 400 || status > 599) status = 500;
    if (status >= 500) req.log?.error({ err }, 'request failed');
    if (res.headersSent) return;

    const pageStatus = KNOWN.has(status) ? status : status >= 500 ? 500 : 400;
    const csrf = e.code === 'EBADCSRFTOKEN';
    res.status(status);
    res.render(
      'errors/error',
      {
        // `t` is passed here too: errors raised before the locals middleware (body limits, tenant lookup) have none.
        t,
        title: t(`error.${pageStatus}.title` as MessageKey),
        status,
        body: csrf ? t('error.csrf') : t(`error.${pageStatus}.body` as MessageKey),
        requestId: String(req.id ?? ''),
        stack: showStack && err instanceof Error && status >= 500 ? err.stack : null,
      },
      (renderErr: Error | null, html?: string) => {
        if (renderErr) res.type('text/plain').send(`${status}`);
        else res.send(html);
      },
    );
  };
}
