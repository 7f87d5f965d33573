import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import request from 'supertest';
import { series } from '../../src/http/series';

// series() (src/http/series.ts) runs middleware as one router layer, and must route the way the
// router did with one layer each: in order, stopping at an answer, and an error to the error handler.

function appWith(handler: RequestHandler, ran: string[]) {
  const app = express();
  app.use(handler);
  app.use((_req, res) => void res.send(`end ${ran.join(',')}`));
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => void res.status(500).send(`error ${err.message} after ${ran.join(',')}`));
  return app;
}

const mark =
  (ran: string[], name: string): RequestHandler =>
  (_req, _res, next) => {
    ran.push(name);
    next();
  };

test('each handler runs once, in order, and the request goes on to the next layer', async () => {
  const ran: string[] = [];
  const later = async (_req: Request, _res: Response, next: NextFunction) => {
    await new Promise((r) => setTimeout(r, 5));
    ran.push('async');
    next();
  };
  const res = await request(appWith(series(mark(ran, 'a'), later, mark(ran, 'b')), ran)).get('/x');
  expect(res.text).toBe('end a,async,b');
});

test('a handler that answers ends the series: the handlers after it do not run', async () => {
  const ran: string[] = [];
  const answer: RequestHandler = (_req, res) => void res.send('answered');
  const res = await request(appWith(series(mark(ran, 'a'), answer, mark(ran, 'b')), ran)).get('/x');
  expect(res.text).toBe('answered');
  expect(ran).toEqual(['a']);
});

test.each([
  ['passed to next', ((_req, _res, next) => next(new Error('boom'))) as RequestHandler],
  [
    'thrown',
    (() => {
      throw new Error('boom');
    }) as RequestHandler,
  ],
  [
    'a rejected promise',
    (async () => {
      await Promise.resolve();
      throw new Error('boom');
    }) as RequestHandler,
  ],
])('an error %s skips the rest and reaches the error handler', async (_how, failing) => {
  const ran: string[] = [];
  // Its turn comes from a callback, outside the router's own try/catch.
  const callback: RequestHandler = (_req, _res, next) => void setImmediate(next);
  const res = await request(appWith(series(mark(ran, 'a'), callback, failing, mark(ran, 'b')), ran)).get('/x');
  expect(res.status).toBe(500);
  expect(res.text).toBe('error boom after a');
});

test('a router inside a series answers its own paths and lets the others through', async () => {
  const ran: string[] = [];
  const router = express.Router();
  router.get('/berita/:slug', (req, res) => void res.send(`item ${req.params.slug} at ${req.originalUrl}`));
  const app = appWith(series(mark(ran, 'a'), router, mark(ran, 'b')), ran);
  expect((await request(app).get('/berita/panen?x=1')).text).toBe('item panen at /berita/panen?x=1');
  ran.length = 0;
  expect((await request(app).get('/produk')).text).toBe('end a,b');
});
