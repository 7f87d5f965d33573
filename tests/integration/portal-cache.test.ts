// The page cache of anonymous public pages: a miss then a hit, invalidated at once by a publish
// (content_version), never for a logged-in user, never for a response that sets a cookie; ETag/304.
import request from 'supertest';
import express from 'express';
import type { District } from '../../src/db/schema';
import zlib from 'node:zlib';
import { Lru, pageCache } from '../../src/http/page-cache';
import { compressInBackground } from '../../src/http/precompress';
import { type TestEnv, createTestEnv, csrfFrom, login } from '../support/app';
import { HOST, type World, contentWorld, createItemVia } from '../support/content';

let env: TestEnv;
let w: World;

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
});
afterAll(() => env.close());

const get = (path: string, host = HOST) => request(env.app).get(path).set('Host', host);
const version = async () => Number((await env.db.selectFrom('districts').select('content_version').where('id', '=', w.dA).executeTakeFirstOrThrow()).content_version);

describe('anonymous pages', () => {
  it('are a miss, then a hit with the same body, ETag and a short public Cache-Control', async () => {
    const first = await get('/desa').set('Accept-Encoding', 'identity');
    expect(first.status).toBe(200);
    expect(first.headers['x-cache']).toBe('miss');
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['set-cookie']).toBeUndefined();
    const second = await get('/desa').set('Accept-Encoding', 'identity');
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toMatch(/^text\/html/);
  });

  it('answer 304 to a matching If-None-Match, on a hit and on a miss', async () => {
    const { headers } = await get('/desa');
    const hit = await get('/desa').set('If-None-Match', headers.etag);
    expect(hit.status).toBe(304);
    expect(hit.text).toBe('');
    const other = await get('/desa').set('If-None-Match', '"nope"');
    expect(other.status).toBe(200);
  });

  it('are keyed by host and URL: another query string is its own entry', async () => {
    await get('/desa?x=1');
    expect((await get('/desa?x=2')).headers['x-cache']).toBe('miss');
    expect((await get('/desa?x=1')).headers['x-cache']).toBe('hit');
  });

  it('HEAD is served from the cache too', async () => {
    await get('/');
    const head = await request(env.app).head('/').set('Host', HOST);
    expect(head.status).toBe(200);
    expect(head.headers['x-cache']).toBe('hit');
  });

  it('are never cached when not 200, nor for /masuk, /admin or /static', async () => {
    for (const path of ['/tidak-ada', '/tidak-ada']) expect((await get(path)).headers['x-cache']).toBe('miss');
    for (const path of ['/masuk', '/admin', '/healthz']) expect((await get(path)).headers['x-cache']).toBeUndefined();
  });
});

describe('compressed once, when stored', () => {
  const raw = (path: string, encoding: string) =>
    get(path)
      .set('Accept-Encoding', encoding)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  /** Asks until the hit carries the encoding (compression runs on the thread pool after the miss). */
  async function encodedHit(path: string, encoding: string) {
    for (let i = 0; i < 100; i++) {
      const res = await raw(path, encoding);
      if (res.headers['content-encoding'] === encoding) return res;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${encoding} hit for ${path}`);
  }

  it('a hit is sent as brotli or gzip as the client accepts, decoding to the page, with its own ETag', async () => {
    const plain = await get('/desa').set('Accept-Encoding', 'identity');
    const br = await encodedHit('/desa', 'br');
    expect(br.headers['x-cache']).toBe('hit');
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    // The client library decodes the body as a browser would; Content-Length is of the bytes sent.
    expect((br.body as Buffer).toString()).toBe(plain.text);
    expect(Number(br.headers['content-length'])).toBeLessThan(Buffer.byteLength(plain.text) / 2);
    const gz = await encodedHit('/desa', 'gzip');
    expect((gz.body as Buffer).toString()).toBe(plain.text);
    expect(Number(gz.headers['content-length'])).toBeLessThan(Buffer.byteLength(plain.text) / 2);
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3);
    const notAccepted = await raw('/desa', 'br;q=0, gzip;q=0');
    expect(notAccepted.headers['content-encoding']).toBeUndefined();
    expect((notAccepted.body as Buffer).toString()).toBe(plain.text);
  });

  it('a matching ETag of any encoding answers 304 from the cache', async () => {
    const br = await encodedHit('/desa', 'br');
    const again = await get('/desa').set('Accept-Encoding', 'br').set('If-None-Match', br.headers.etag);
    expect(again.status).toBe(304);
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.headers.etag).toBe(br.headers.etag);
  });
});

describe('a publish', () => {
  it('is seen at once: the content_version bump turns the next request into a miss showing the item', async () => {
    await get('/');
    expect((await get('/')).headers['x-cache']).toBe('hit');
    await get('/api/v1/news');
    expect((await get('/api/v1/news')).headers['x-cache']).toBe('hit');

    const before = await version();
    const op = await login(env.app, HOST, 'op.kalilandak');
    await createItemVia(op, 'berita', { title: 'Panen raya Kalilandak', intent: 'publish' });
    expect(await version()).toBe(before + 1);

    expect((await get('/')).headers['x-cache']).toBe('miss');
    const news = await get('/api/v1/news');
    expect(news.headers['x-cache']).toBe('miss');
    expect(news.body.data.map((n: { title: string }) => n.title)).toContain('Panen raya Kalilandak');
    expect((await get('/api/v1/news')).headers['x-cache']).toBe('hit');
  });

  it('a draft does not bump the version, so the cache stays warm', async () => {
    await get('/');
    const before = await version();
    const op = await login(env.app, HOST, 'op.pagak');
    await createItemVia(op, 'berita', { title: 'Masih draf', intent: 'draft' });
    expect(await version()).toBe(before);
    expect((await get('/')).headers['x-cache']).toBe('hit');
  });

  it('in another kecamatan does not touch this one', async () => {
    await get('/desa');
    const camatB = await login(env.app, 'susukan.test', 'camat.susukan');
    await createItemVia(camatB, 'pengumuman', { title: 'Kerja bakti Susukan', intent: 'publish' }, 'susukan.test');
    expect((await get('/desa')).headers['x-cache']).toBe('hit');
  });
});

describe('people with a session', () => {
  // Everything but the navigation's account part (views/partials/account-nav.ejs).
  const withoutAccountNav = (html: string) => html.replace(/<li><a href="\/admin">[\s\S]*?<\/form><\/li>|<li><a href="\/masuk">[^<]*<\/a><\/li>/, '');

  it('a logged-in reader gets the stored page with their own navigation and logout token, never a public Cache-Control', async () => {
    const anon = await get('/desa').set('Accept-Encoding', 'identity');
    expect((await get('/desa')).headers['x-cache']).toBe('hit');
    const camat = await login(env.app, HOST, 'camat');
    const res = await camat.get('/desa').set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.headers['x-cache']).toBe('member');
    expect(res.headers['cache-control'] ?? '').not.toMatch(/public/);
    expect(res.text).toContain('href="/admin"');
    expect(res.text).not.toContain('href="/masuk"');
    expect(withoutAccountNav(res.text)).toBe(withoutAccountNav(anon.text));
    // Its own ETag (the stored page's and this reader's part), which a revalidation matches.
    expect(res.headers.etag).toBeDefined();
    expect(res.headers.etag).not.toBe(anon.headers.etag);
    expect((await camat.get('/desa').set('Host', HOST).set('If-None-Match', res.headers.etag)).status).toBe(304);
    // The logout form carries this session's token: it logs the camat out.
    const out = await camat
      .post('/keluar')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(res.text) });
    expect([out.status, out.headers.location]).toEqual([302, '/']);
    expect((await camat.get('/admin').set('Host', HOST)).headers.location).toMatch(/^\/masuk/);
  });

  it('a logged-in reader without a stored page gets the full render, and nothing is stored from it', async () => {
    const camat = await login(env.app, HOST, 'camat');
    const res = await camat.get('/desa?untuk=camat').set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.headers['x-cache']).toBeUndefined();
    expect(res.text).toContain('href="/admin"');
    const anon = await get('/desa?untuk=camat');
    expect(anon.headers['x-cache']).toBe('miss');
    expect(anon.text).not.toContain('href="/admin"');
  });

  it('a reader who just published sees the new item, not the stored page', async () => {
    await get('/berita');
    expect((await get('/berita')).headers['x-cache']).toBe('hit');
    const op = await login(env.app, HOST, 'op.pagak');
    await createItemVia(op, 'berita', { title: 'Pasar murah Pagak', intent: 'publish' });
    const res = await op.get('/berita').set('Host', HOST);
    expect(res.headers['x-cache']).not.toBe('member');
    expect(res.text).toContain('Pasar murah Pagak');
  });

  it('a response that starts a session (a form with a CSRF token) is not stored', async () => {
    const first = await get('/masuk');
    expect(first.headers['set-cookie']).toBeDefined();
    expect(first.headers['x-cache']).toBeUndefined();
  });
});

describe('what the cache holds', () => {
  function tinyApp(maxEntries: number) {
    const cache = pageCache({ maxEntries });
    const app = express();
    const state = { version: 1 };
    app.use((req, _res, next) => {
      req.district = { id: 1, content_version: state.version } as District;
      next();
    });
    app.use(cache);
    app.use((req, res) => {
      res.send(`${req.path} v${state.version}`);
    });
    return { app, cache, state };
  }

  it("a newer version's copy replaces the URL's older one", async () => {
    const { app, cache, state } = tinyApp(100);
    const get = (path: string) => request(app).get(path).set('Host', HOST);
    await get('/a');
    state.version = 2;
    expect((await get('/a')).text).toBe('/a v2');
    expect(cache.lru.stats.entries).toBe(1);
    expect((await get('/a')).headers['x-cache']).toBe('hit');
  });

  it('readers who missed together store one copy: the first one stored stays', async () => {
    const cache = pageCache({ maxEntries: 10 });
    const app = express();
    let renders = 0;
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const firstArrived = new Promise<void>((r) => (arrived = r));
    app.use((req, _res, next) => ((req.district = { id: 1, content_version: 1 } as District), next()));
    app.use(cache);
    app.use(async (_req, res) => {
      const n = ++renders;
      // The first render finishes last.
      if (n === 1) {
        arrived();
        await gate;
      }
      res.send(`render ${n} `.repeat(200));
    });
    const first = request(app)
      .get('/a')
      .set('Host', HOST)
      .then((r) => r);
    await firstArrived;
    const second = await request(app).get('/a').set('Host', HOST);
    release();
    expect([(await first).headers['x-cache'], second.headers['x-cache']]).toEqual(['miss', 'miss']);
    expect(cache.lru.stats.entries).toBe(1);
    expect((await request(app).get('/a').set('Host', HOST)).text).toMatch(/^render 2 /);
  });

  it('compresses stored pages one at a time and skips one dropped before its turn', async () => {
    const body = () => Buffer.from('<p>Pasar desa buka setiap Kamis.</p>'.repeat(100));
    const kept = { body: body() } as { body: Buffer; br?: Buffer; gzip?: Buffer };
    const dropped = { body: body() } as typeof kept;
    const done = new Promise<number>((resolve) => compressInBackground(kept, resolve));
    compressInBackground(
      dropped,
      () => undefined,
      () => false,
    );
    // In store order: once the one queued after it is done, the dropped one's turn has passed.
    const after = new Promise<number>((resolve) => compressInBackground({ body: body() }, resolve));
    expect(await done).toBeGreaterThan(0);
    await after;
    expect(zlib.brotliDecompressSync(kept.br!).equals(kept.body)).toBe(true);
    expect([dropped.br, dropped.gzip]).toEqual([undefined, undefined]);
  });

  it('remembers the newest copy of at most as many URLs as it holds entries', async () => {
    const { app, cache } = tinyApp(3);
    for (const path of ['/a', '/b', '/c', '/d', '/e', '/f']) await request(app).get(path).set('Host', HOST);
    expect(cache.lru.stats.entries).toBe(3);
    expect(cache.latestCount()).toBe(3);
  });
});

describe('the LRU', () => {
  const entry = (body: string) => ({ body: Buffer.from(body), type: 'text/html', headers: {}, etag: '"x"', bytes: body.length });
  it('drops the least recently used entry past its entry and byte bounds', () => {
    const lru = new Lru(2, 10);
    lru.set('a', entry('1234'));
    lru.set('b', entry('1234'));
    lru.get('a');
    lru.set('c', entry('12'));
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBeDefined();
    lru.set('d', entry('123456789'));
    expect(lru.stats.bytes).toBeLessThanOrEqual(10);
    lru.set('huge', entry('x'.repeat(11)));
    expect(lru.get('huge')).toBeUndefined();
  });
});
