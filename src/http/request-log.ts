import type { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';

const VALID_ID = /^[\w-]{8,64}$/;

/**
 * One JSON line per request (method, URL with any CSRF token masked, host, IP, status, time) and
 * the request id in X-Request-Id. Cheaper than pino-http, which built a child logger and ran its
 * serializers on every request, even with logging off: here `req.log` is made only when some code
 * logs, and nothing is done for the line when its level is disabled.
 */
export function requestLog(app: Express, logger: Logger) {
  const enabled = logger.isLevelEnabled('info') || logger.isLevelEnabled('warn') || logger.isLevelEnabled('error');
  // On the app's request prototype, once: a property defined on each request changes its shape.
  const children = new WeakMap<Request, Logger>();
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request) {
      let child = children.get(this);
      if (!child) children.set(this, (child = logger.child({ reqId: this.id })));
      return child;
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && VALID_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    if (enabled) {
      res.once('close', () => {
        const status = res.statusCode;
        const aborted = !res.writableFinished;
        const level = aborted ? 'warn' : status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
        logger[level](
          {
            reqId: id,
            req: { method: req.method, url: req.originalUrl.replace(/([?&]_csrf=)[^&]*/, '$1…'), host: req.headers.host, ip: req.socket.remoteAddress },
            res: { status },
            responseTime: Math.round(performance.now() - started),
          },
          aborted ? 'request aborted' : 'request completed',
        );
      });
    }
    next();
  };
}
