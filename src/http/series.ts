import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Middleware run one after another as a single layer of a router. Express's router pays for each
 * layer it passes, on every request: a match object, a pass over the route's parameters, a closure
 * and its bookkeeping in `next`. Middleware that runs for every path has nothing to match, so the
 * chain every request runs is a few layers of these instead of one layer per function. As in a
 * router, a handler's error (passed to `next`, thrown, or a rejected promise) skips the rest and
 * goes to the router's next error handler.
 */
export function series(...handlers: RequestHandler[]): RequestHandler {
  if (handlers.length === 1) return handlers[0];
  return (req: Request, res: Response, next: NextFunction) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err || i === handlers.length) return next(err);
      try {
        const ret: unknown = handlers[i++](req, res, step);
        if (ret instanceof Promise) ret.then(undefined, (e: unknown) => step(e ?? new Error('Rejected promise')));
      } catch (e) {
        step(e ?? new Error('Thrown without a value'));
      }
    };
    step();
  };
}
