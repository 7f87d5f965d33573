import express, { Router } from 'express';
import request from 'supertest';
import { gated } from '../../src/http/route-gate';

// A gated router (src/http/route-gate.ts) answers exactly what it answered ungated, and is not
// entered by a request whose first path segment none of its routes can start with.

/** A router whose entries are counted (the router function calls its own `handle`). */
function counted(build: (r: Router) => void) {
  const router = Router();
  build(router);
  const entered = { n: 0 };
  // The router function calls its own `handle` (router/index.js), which is not in Express's types.
  const own = router as unknown as { handle: (...args: unknown[]) => void };
  const handle = own.handle.bind(router);
  own.handle = (...args) => {
    entered.n++;
    handle(...args);
  };
  return { router, entered };
}

const say = (text: string) => (_req: express.Request, res: express.Response) => void res.send(text);

function appWith(...routers: Router[]) {
  const app = express();
  for (const r of routers) app.use(gated(r));
  app.use((req, res) => void res.status(404).send(`404 ${req.url}`));
  return app;
}

test('a router is entered only by paths whose first segment one of its routes starts with', async () => {
  const news = counted((r) => {
    r.get('/berita', say('list'));
    r.get('/berita/:slug', (req, res) => void res.send(`item ${req.params.slug}`));
    r.get(['/sitemap.xml', '/sitemap-isi-:k.xml'], (req, res) => void res.send(`map ${req.params.k ?? ''}`));
  });
  const app = appWith(news.router);
  expect((await request(app).get('/berita')).text).toBe('list');
  expect((await request(app).get('/BERITA/')).text).toBe('list');
  expect((await request(app).get('/berita?halaman=2')).text).toBe('list');
  expect((await request(app).get('/berita/panen-raya')).text).toBe('item panen-raya');
  expect((await request(app).get('/sitemap-isi-3.xml')).text).toBe('map 3');
  expect((await request(app).get('/sitemap.xml')).text).toBe('map ');
  expect(news.entered.n).toBe(6);
  for (const path of ['/', '/produk', '/beritaku', '/desa/berita', '/sitemap']) expect((await request(app).get(path)).status).toBe(404);
  expect(news.entered.n).toBe(6);
});

test('a router with a middleware for every path, or a route starting with a parameter, is always entered', async () => {
  const seen: string[] = [];
  const everyPath = counted((r) => {
    r.use((req, _res, next) => {
      seen.push(req.url);
      next();
    });
    r.get('/masuk', say('login'));
  });
  const slugFirst = counted((r) => r.get('/:slug', (req, res) => void res.send(`page ${req.params.slug}`)));
  const app = appWith(everyPath.router, slugFirst.router);
  expect((await request(app).get('/tentang')).text).toBe('page tentang');
  expect((await request(app).get('/masuk')).text).toBe('login');
  expect(seen).toEqual(['/tentang', '/masuk']);
  expect([everyPath.entered.n, slugFirst.entered.n]).toEqual([2, 1]);
});

test('routers mounted in a gated router at "/" count with theirs; a mount path counts by its own first segment', async () => {
  const inner = Router();
  inner.get('/desa/:slug', (req, res) => void res.send(`desa ${req.params.slug}`));
  const api = Router();
  api.use((_req, res, next) => void (res.set('X-Api', '1'), next()));
  api.get('/news', say('news'));
  const outer = counted((r) => {
    r.use(gated(inner));
    r.use('/api/v1', api);
    r.get('/', say('home'));
  });
  const app = appWith(outer.router);
  expect((await request(app).get('/')).text).toBe('home');
  expect((await request(app).get('/desa/kalilandak')).text).toBe('desa kalilandak');
  const news = await request(app).get('/api/v1/news');
  expect([news.text, news.headers['x-api']]).toEqual(['news', '1']);
  expect(outer.entered.n).toBe(3);
  expect((await request(app).get('/produk')).status).toBe(404);
  expect(outer.entered.n).toBe(3);
});

test('a router whose layers cannot be read (no stack, no rawPath) is always entered', async () => {
  const inner = counted((r) => r.get('/masuk', say('login')));
  // A router function without a readable stack (what a change inside the router package would give).
  const noStack = { router: ((req, res, next) => inner.router(req, res, next)) as Router, entered: inner.entered };
  const noRawPath = counted((r) => r.get('/keluar', say('bye')));
  for (const layer of (noRawPath.router as unknown as { stack: Array<{ rawPath?: unknown }> }).stack) delete layer.rawPath;
  const app = appWith(noStack.router, noRawPath.router);
  expect((await request(app).get('/masuk')).text).toBe('login');
  expect((await request(app).get('/keluar')).text).toBe('bye');
  expect((await request(app).get('/produk')).status).toBe(404);
  expect([noStack.entered.n, noRawPath.entered.n]).toEqual([3, 2]);
});
