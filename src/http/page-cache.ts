import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';

// An in-process cache of rendered anonymous pages (DESIGN.md, Architecture). Its key carries the
// kecamatan's content_version, which the tenant middleware reads fresh on every request, so a publish
// on any instance (which bumps the counter) makes every instance miss at once; old entries simply
// age out of the LRU. Only anonymous GET/HEAD requests without a session cookie take part.

export interface PageCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** The session cookie's name; a request carrying it is never served from or stored in the cache. */
  sessionCookie?: string;
}

interface Entry {
  body: string;
  type: string;
  /** The route's own headers worth replaying on a hit (a CSV's Content-Disposition, CORS, Link). */
  headers: Record<string, string>;
  etag: string;
  bytes: number;
}

const REPLAYED = ['content-disposition', 'content-language', 'access-control-allow-origin', 'link', 'x-robots-tag', 'vary'];
const SKIP = /^\/(admin|masuk|keluar|pasang|media|static|healthz|readyz)(\/|$)/;
const CACHEABLE_TYPE = /^(text\/(html|xml|csv|plain)|application\/(json|xml)|application\/[\w.-]+\+(json|xml))\b/i;
export const CACHE_CONTROL = 'public, max-age=60';

/** A small LRU bounded by entry count and total body bytes (Map keeps insertion order). */
export class Lru {
  private map = new Map<string, Entry>();
  private size = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}

  get(key: string): Entry | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e;
  }

  set(key: string, e: Entry): void {
    if (e.bytes > this.maxBytes) return;
    this.delete(key);
    this.map.set(key, e);
    this.size += e.bytes;
    while (this.map.size > this.maxEntries || this.size > this.maxBytes) {
      const oldest = this.map.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.size -= e.bytes;
    this.map.delete(key);
  }

  get stats() {
    return { entries: this.map.size, bytes: this.size };
  }
}

const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;

function hasCookie(req: Request, name: string): boolean {
  const raw = req.headers.cookie;
  return typeof raw === 'string' && raw.split(';').some((c) => c.trim().startsWith(`${name}=`));
}

/** True when the session holds anything beyond its cookie: express-session will then set one. */
function sessionTouched(req: Request): boolean {
  const s = req.session as unknown as Record<string, unknown> | undefined;
  return !!s && Object.keys(s).some((k) => k !== 'cookie');
}

export function pageCache(opts: PageCacheOptions = {}) {
  const lru = new Lru(opts.maxEntries ?? 2000, opts.maxBytes ?? 64 * 1024 * 1024);
  const cookieName = opts.sessionCookie ?? 'pendopo.sid';

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.district || SKIP.test(req.path)) return next();
    if (req.user || hasCookie(req, cookieName)) return next();
    const key = `${String(req.headers.host ?? '').toLowerCase()}\n${req.originalUrl}\n${req.district.content_version}`;
    const hit = lru.get(key);
    if (hit) {
      res.set(hit.headers);
      res.set({ 'Content-Type': hit.type, ETag: hit.etag, 'Cache-Control': CACHE_CONTROL, 'X-Cache': 'hit' });
      // res.send answers 304 itself when If-None-Match matches the ETag.
      res.send(hit.body);
      return;
    }
    interceptSend(req, res, (entry) => lru.set(key, entry));
    next();
  };
  return Object.assign(middleware, { lru });
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
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) && CACHEABLE_TYPE.test(type) ? body.toString('utf8') : null;
    const own = String(res.getHeader('Cache-Control') ?? '');
    const cacheable =
      res.statusCode === 200 && text !== null && CACHEABLE_TYPE.test(type) && !/no-store|private/.test(own) && !res.getHeader('Set-Cookie') && !sessionTouched(req);
    if (!cacheable) return send(body);
    const headers: Record<string, string> = {};
    for (const h of REPLAYED) if (res.getHeader(h) !== undefined) headers[h] = String(res.getHeader(h));
    const entry: Entry = { body: text, type, headers, etag: etagOf(text), bytes: Buffer.byteLength(text) };
    if (!res.getHeader('Content-Type')) res.setHeader('Content-Type', type);
    res.setHeader('ETag', entry.etag);
    if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', CACHE_CONTROL);
    // Stored only once the response went out with no cookie (express-session sets it at writeHead).
    res.once('finish', () => {
      if (!res.getHeader('Set-Cookie') && (res.statusCode === 200 || res.statusCode === 304)) store(entry);
    });
    return send(text);
  };
}
