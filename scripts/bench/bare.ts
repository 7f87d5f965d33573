// The baseline: a bare Express 5 + EJS page that renders a body of a requested size, so each portal
// page is compared with the cheapest server-rendered page of the same weight.
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
  return app;
}
