// The baselines. GET /page?bytes=N: a bare Express 5 + EJS page that renders a body of N bytes, so
// each portal page is compared with the cheapest server-rendered page of the same weight.
// GET /floor: Express 5 res.send of exactly the bytes the app served for a page, handed over
// beforehand with PUT /floor (the body, under the Content-Type the app sent): the floor.
import ejs from 'ejs';
import express, { type Express } from 'express';

const TEMPLATE = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title><%= title %></title></head><body><main><% for (const p of paras) { %><p><%= p %></p><% } %></main></body></html>`;

export function bareApp(): Express {
  const app = express();
  app.set('x-powered-by', false);
  const render = ejs.compile(TEMPLATE);
  const overhead = render({ title: 'Bare', paras: [] }).length;
  app.get('/page', (req, res) => {
    const bytes = Math.min(Number(req.query.bytes) || 1000, 5_000_000);
    const para = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt.';
    const n = Math.max(0, Math.floor((bytes - overhead) / (para.length + 7)));
    const paras = Array.from({ length: n }, () => para);
    let html = render({ title: 'Bare', paras });
    if (html.length < bytes) html = html.replace('</main>', `${'x'.repeat(bytes - html.length)}</main>`);
    res.type('html').send(html);
  });

  // A string, like the app's own res.send of a rendered or cached page.
  let floor = { body: '', type: 'text/html; charset=utf-8' };
  app.put('/floor', express.raw({ type: () => true, limit: '20mb' }), (req, res) => {
    floor = { body: (req.body as Buffer).toString('utf8'), type: req.get('content-type') ?? 'application/octet-stream' };
    res.status(204).end();
  });
  app.get('/floor', (_req, res) => {
    res.set('Content-Type', floor.type);
    res.send(floor.body);
  });
  return app;
}
