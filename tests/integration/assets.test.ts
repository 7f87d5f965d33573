// Static assets are fingerprinted: pages link /static/<name>.<sha256:10>.<ext>, served for a year
// as immutable; a stale hash is redirected (never immutable); the plain URL still works, briefly
// cached. CSP stays 'self' and the page cache keeps working with the fingerprinted HTML.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { IMMUTABLE, LEAFLET_DIR, createAssets, fingerprinted } from '../../src/http/assets';
import { PUBLIC_DIR } from '../../src/paths';
import { type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, contentWorld } from '../support/content';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
});
afterAll(() => env.close());

const get = (p: string) => request(env.app).get(p).set('Host', HOST);
const sha10 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 10);
/** Binary-safe supertest body. */
const bytes = (p: string) =>
  get(p)
    .set('Accept-Encoding', 'identity')
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

const ASSETS: Array<[string, string]> = [
  ['css/site.css', path.join(PUBLIC_DIR, 'css/site.css')],
  ['js/map.js', path.join(PUBLIC_DIR, 'js/map.js')],
  ['js/shrink-photos.js', path.join(PUBLIC_DIR, 'js/shrink-photos.js')],
  ['vendor/leaflet/leaflet.css', path.join(LEAFLET_DIR, 'leaflet.css')],
  ['vendor/leaflet/leaflet.js', path.join(LEAFLET_DIR, 'leaflet.js')],
];
const urlOf = (logical: string, file: string) => `/static/${fingerprinted(logical, sha10(file))}`;

describe('pages', () => {
  it('link the fingerprinted stylesheet, on the home page served from the page cache too', async () => {
    const css = urlOf('css/site.css', ASSETS[0][1]);
    expect(css).toMatch(/^\/static\/css\/site\.[0-9a-f]{10}\.css$/);
    const first = await get('/');
    expect(first.status).toBe(200);
    expect(first.text).toContain(`<link rel="stylesheet" href="${css}">`);
    expect(first.text).not.toContain('"/static/css/site.css"');
    const again = await get('/');
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.text).toContain(`href="${css}"`);
    // CSP unchanged: the assets are same-origin.
    expect(first.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(first.headers['content-security-policy']).toMatch(/style-src 'self'/);
  });

  it('/peta links fingerprinted Leaflet and map.js', async () => {
    const res = await get('/peta');
    expect(res.status).toBe(200);
    for (const [logical, file] of ASSETS.filter(([l]) => l !== 'js/shrink-photos.js' && l !== 'css/site.css')) {
      expect(res.text).toContain(`"${urlOf(logical, file)}"`);
    }
    expect(res.text).not.toMatch(/"\/static\/(js\/map|vendor\/leaflet\/leaflet)\.(js|css)"/);
  });

  it('the workspace links the fingerprinted shrink-photos.js', async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const res = await op.get('/admin/media/baru').set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`src="${urlOf('js/shrink-photos.js', ASSETS[2][1])}"`);
  });

  it('a 404 page still links the stylesheet', async () => {
    const res = await get('/tidak-ada-halaman-ini');
    expect(res.status).toBe(404);
    expect(res.text).toContain(`href="${urlOf('css/site.css', ASSETS[0][1])}"`);
  });
});

describe('fingerprinted URLs', () => {
  it.each(ASSETS)('%s: the right bytes, cached for a year as immutable', async (logical, file) => {
    const res = await bytes(urlOf(logical, file));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['content-type']).toMatch(logical.endsWith('.css') ? /^text\/css/ : /javascript/);
    expect(Buffer.compare(res.body as Buffer, fs.readFileSync(file))).toBe(0);
  });

  it('HEAD works and the stylesheet goes out compressed when asked', async () => {
    const url = urlOf('css/site.css', ASSETS[0][1]);
    const head = await request(env.app).head(url).set('Host', HOST);
    expect(head.status).toBe(200);
    expect(head.headers['cache-control']).toBe(IMMUTABLE);
    const gz = await get(url).set('Accept-Encoding', 'gzip');
    expect(gz.status).toBe(200);
    if (fs.statSync(ASSETS[0][1]).size > 1024) expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('a stale hash is not cached as immutable: it redirects to the current URL', async () => {
    const current = urlOf('css/site.css', ASSETS[0][1]);
    const res = await get('/static/css/site.0123456789.css');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(current);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['cache-control']).not.toMatch(/immutable|max-age=31536000/);
  });

  it('a hashed name of a file that does not exist is a 404 without immutable caching', async () => {
    const res = await get('/static/css/nope.0123456789.css');
    expect(res.status).toBe(404);
    expect(String(res.headers['cache-control'] ?? '')).not.toMatch(/immutable/);
  });

  it('does not serve dotfiles or escape the folder', async () => {
    for (const p of ['/static/..%2Fpackage.0123456789.json', '/static/%2e%2e/package.json', '/static/vendor/leaflet/..%2F..%2Fpackage.json']) {
      const res = await get(p);
      expect(res.status).not.toBe(200);
    }
  });
});

describe('plain URLs', () => {
  it.each(ASSETS)('%s still works, with a short max-age', async (logical, file) => {
    const res = await bytes(`/static/${logical}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(Buffer.compare(res.body as Buffer, fs.readFileSync(file))).toBe(0);
  });

  it("Leaflet's images resolve next to its stylesheet", async () => {
    const res = await get('/static/vendor/leaflet/images/marker-icon.png');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
  });
});

describe('createAssets', () => {
  it('hashes once at start; asset() of an unknown file falls back to the plain URL', () => {
    const a = createAssets([{ prefix: '', dir: PUBLIC_DIR }]);
    expect(a.url('css/site.css')).toBe(urlOf('css/site.css', ASSETS[0][1]));
    expect(a.url('/static/css/site.css')).toBe(urlOf('css/site.css', ASSETS[0][1]));
    expect(a.url('css/none.css')).toBe('/static/css/none.css');
    expect(fingerprinted('a/b', 'abc')).toBe('a/b.abc');
    expect(fingerprinted('a.b/c.min.js', 'abc')).toBe('a.b/c.min.abc.js');
  });

  it('in development a changed file gets a new hash without a restart', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-assets-'));
    try {
      const f = path.join(dir, 'x.css');
      fs.writeFileSync(f, 'a{}');
      const dev = createAssets([{ prefix: '', dir }], { dev: true });
      const prod = createAssets([{ prefix: '', dir }]);
      const before = dev.url('x.css');
      fs.writeFileSync(f, 'b{}');
      fs.utimesSync(f, new Date(), new Date(Date.now() + 5000));
      expect(dev.url('x.css')).not.toBe(before);
      expect(dev.url('x.css')).toBe(`/static/x.${sha10(f)}.css`);
      expect(prod.url('x.css')).toBe(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
