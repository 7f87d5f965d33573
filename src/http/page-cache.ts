import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { isDatabaseUnavailable } from '../db/errors';
import { hasSessionCookie } from './session-cookie';
import { Lru } from './lru';
import { type Lead, missFlights } from './miss-flight';
import { type Encoding, compressInBackground, preferredEncoding } from './precompress';

export { Lru };

// An in-process cache of rendered anonymous pages (docs/render-path.md). Its key carries the
// kecamatan's content_version, which the tenant lookup reads at most a second old and at once after
// this instance's own writes, so a publish on any instance (which bumps the counter) makes every
// instance miss; a URL's newer copy replaces its older one. Only anonymous GET/HEAD requests without
// a session cookie (SESSION_COOKIE) take part. A hit is answered from bytes compressed once at store time.

export interface PageCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** How long a miss waits for the same page's render under way before rendering it itself. */
  flightWaitMs?: number;
}

export interface Entry {
  body: Buffer;
  type: string;
  /** The route's own headers worth replaying on a hit (a CSV's Content-Disposition, CORS, Link). */
  headers: Record<string, string>;
  etag: string;
  bytes: number;
  /** Filled in after the entry is stored, once the compression (off the main thread) is done. */
  br?: Buffer;
  gzip?: Buffer;
}

const REPLAYED = ['content-disposition', 'content-language', 'access-control-allow-origin', 'link', 'x-robots-tag', 'vary'];
const SKIP = /^\/(admin|masuk|keluar|pasang|media|static|healthz|readyz)(\/|$)/;
const CACHEABLE_TYPE = /^(text\/(html|xml|csv|plain)|application\/(json|xml)|application\/[\w.-]+\+(json|xml))\b/i;
export const CACHE_CONTROL = 'public, max-age=60';

const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;

/** True when the session holds anything beyond its cookie: express-session will then set one. */
function sessionTouched(req: Request): boolean {
  const s = req.session as unknown as Record<string, unknown> | undefined;
  return !!s && Object.keys(s).some((k) => k !== 'cookie');
}

/** The If-None-Match header names this entry (in any of its encodings). */
function notModified(req: Request, etag: string): boolean {
  const inm = req.headers['if-none-match'];
  if (!inm) return false;
  const base = etag.slice(0, -1);
  return inm === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '').startsWith(base));
}

/** Answers from an entry, choosing the encoding the client accepts; `state` goes in X-Cache. */
function answer(req: Request, res: Response, hit: Entry, state: 'hit' | 'stale' | 'shared') {
  const enc: Encoding | null = preferredEncoding(req.headers['accept-encoding'], hit);
  const etag = enc ? `${hit.etag.slice(0, -1)}-${enc === 'br' ? 'br' : 'gz'}"` : hit.etag;
  const headers: Record<string, string | number> = {
    ...hit.headers,
    'Content-Type': hit.type,
    ETag: etag,
    'Cache-Control': CACHE_CONTROL,
    Vary: hit.headers.vary ? `${hit.headers.vary}, Accept-Encoding` : 'Accept-Encoding',
    'X-Cache': state,
  };
  if (notModified(req, hit.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = enc === 'br' ? hit.br! : enc === 'gzip' ? hit.gzip! : hit.body;
  if (enc) headers['Content-Encoding'] = enc;
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

export function pageCache(opts: PageCacheOptions = {}) {
  // The newest stored key of each host and URL, whatever its version: what an outage may serve.
  // It names only entries the LRU holds, so it is bounded by the LRU.
  const latest = new Map<string, string>();
  const pageOf = (key: string) => key.slice(0, key.lastIndexOf('\n'));
  const lru = new Lru<Entry>(opts.maxEntries ?? 2000, opts.maxBytes ?? 64 * 1024 * 1024, (key) => {
    if (latest.get(pageOf(key)) === key) latest.delete(pageOf(key));
  });

  const eligible = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && !!req.district && !SKIP.test(req.path) && !req.user && !hasSessionCookie(req);
  const urlKey = (req: Request) => `${String(req.headers.host ?? '').toLowerCase()}\n${req.originalUrl}`;

  const flights = missFlights<Entry>(opts.flightWaitMs ?? 2000);

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if (!eligible(req)) return next();
    const page = urlKey(req);
    const key = `${page}\n${req.district!.content_version}`;
    const hit = lru.get(key);
    // While the database is down the kecamatan's version may be behind: say the page may be stale.
    if (hit) return answer(req, res, hit, req.databaseDown ? 'stale' : 'hit');
    // Readers who missed together wait for the first one's render (src/http/miss-flight.ts).
    const joined = flights.join(key, res, (entry) => (entry ? answer(req, res, entry, 'shared') : render(req, res, next, page, key, null)));
    if (!joined) render(req, res, next, page, key, flights.lead(key));
  };

  /** Renders the page and stores it; a leader's waiters get the stored page once compressed. */
  const render = (req: Request, res: Response, next: NextFunction, page: string, key: string, lead: Lead<Entry> | null) => {
    interceptSend(req, res, (entry) => {
      // A waiter who gave up waiting rendered too: the first copy stored stays, so it is compressed once.
      const held = lru.peek(key);
      if (held) return lead?.release(held);
      // A newer version replaces the URL's older one: after a publish, no hit can ask for it again.
      const older = latest.get(page);
      if (older !== undefined && older !== key) lru.delete(older);
      lru.set(key, entry);
      if (lru.get(key) !== entry) return lead?.release(null); // too large to keep
      latest.set(page, key);
      lead?.stored(entry);
      compressInBackground(
        entry,
        (extra) => lru.grow(key, entry, extra),
        () => lru.peek(key) === entry,
        () => lead?.release(entry),
      );
    });
    if (lead) res.once('close', lead.end);
    next();
  };

  /** After the routes: a page that failed for want of the database is served from its last copy. */
  const staleOnOutage = (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent || !eligible(req) || !isDatabaseUnavailable(err)) return next(err);
    const key = latest.get(urlKey(req));
    const entry = key ? lru.get(key) : undefined;
    if (!entry) return next(err);
    req.log?.warn({ err }, 'database unavailable: served a stale cached page');
    answer(req, res, entry, 'stale');
  };

  /**
   * The cache ahead of the rest of the chain (health, compression, static files, body parsing): a
   * reader's GET needs only its kecamatan to be answered from the cache.
   */
  const first = (tenant: (req: Request, res: Response, next: NextFunction) => unknown) => (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SKIP.test(req.path) || hasSessionCookie(req)) return next();
    tenant(req, res, (err?: unknown) => (err ? next(err) : middleware(req, res, next)));
  };

  /**
   * The stored anonymous page of this request's URL and version, for a logged-in reader's GET
   * (src/http/member-view.ts), or undefined.
   */
  const storedFor = (req: Request): Entry | undefined =>
    (req.method === 'GET' || req.method === 'HEAD') && req.district && !SKIP.test(req.path) ? lru.get(`${urlKey(req)}\n${req.district.content_version}`) : undefined;

  return Object.assign(middleware, { lru, staleOnOutage, first, storedFor, latestCount: () => latest.size, inFlight: flights.inFlight, waiting: flights.waiting });
}

/** Wraps res.send once: a 200 text body without cookies gets an ETag and is stored on finish. */
function interceptSend(req: Request, res: Response, store: (e: Entry) => void) {
  res.setHeader('X-Cache', 'miss');
  const send = res.send.bind(res);
  let done = false;
  res.send = (body?: unknown) => {
    if (done) return send(body);
    done = true;
    const type = String(res.getHeader('Content-Type') ?? (typeof body === 'string' ? 'text/html; charset=utf-8' : ''));
    const buf = typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) && CACHEABLE_TYPE.test(type) ? body : null;
    const own = String(res.getHeader('Cache-Control') ?? '');
    const cacheable = res.statusCode === 200 && buf !== null && CACHEABLE_TYPE.test(type) && !/no-store|private/.test(own) && !res.getHeader('Set-Cookie') && !sessionTouched(req);
    if (!cacheable) return send(body);
    const headers: Record<string, string> = {};
    for (const h of REPLAYED) if (res.getHeader(h) !== undefined) headers[h] = String(res.getHeader(h));
    const entry: Entry = { body: buf, type, headers, etag: etagOf(buf), bytes: buf.length };
    if (!res.getHeader('Content-Type')) res.setHeader('Content-Type', type);
    res.setHeader('ETag', entry.etag);
    if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', CACHE_CONTROL);
    // Stored only once the response went out with no cookie (express-session sets it at writeHead).
    res.once('finish', () => {
      if (!res.getHeader('Set-Cookie') && (res.statusCode === 200 || res.statusCode === 304)) store(entry);
    });
    return send(buf);
  };
}
