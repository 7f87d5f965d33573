import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';

/** What the router package keeps of each layer (router/lib/layer.js): its path(s), and its route if it is one. */
interface Layer {
  rawPath?: string | RegExp | Array<string | RegExp>;
  route?: unknown;
  handle: { stack?: Layer[] };
}

/** The first path segments a router can answer: exact, or starting with a literal prefix; null when any path may. */
interface Segments {
  exact: Set<string>;
  prefixes: string[];
}

// Where a path-to-regexp segment stops being literal: a parameter, a wildcard, a group, an escape.
const SPECIAL = /[:*({\\?+]/;

function addPath(into: Segments, path: string | RegExp | undefined): boolean {
  if (typeof path !== 'string') return false;
  const segment = path.split('/')[1] ?? '';
  const special = segment.search(SPECIAL);
  if (special === 0) return false;
  if (special < 0) into.exact.add(segment.toLowerCase());
  else into.prefixes.push(segment.slice(0, special).toLowerCase());
  return true;
}

/** Walks a router's layers (and the routers mounted in it at "/"); false when some layer runs for any path. */
function collect(into: Segments, stack: Layer[]): boolean {
  for (const layer of stack) {
    const paths = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
    for (const path of paths) {
      if (!layer.route && path === '/') {
        // A middleware at "/": a router's own paths, else it runs on every request.
        if (!layer.handle.stack || !collect(into, layer.handle.stack)) return false;
      } else if (!addPath(into, path)) return false;
    }
  }
  return true;
}

// The gates of one request ask in turn for the same URL's segment: the last answer is kept.
let lastUrl = '';
let lastSegment: string | null = null;

/** The first segment of a request's path, lower case; null for a URL that is not origin-form ("/…"). */
function firstSegment(url: string): string | null {
  if (url === lastUrl) return lastSegment;
  let segment: string | null = null;
  if (url.charCodeAt(0) === 47) {
    let end = 1;
    for (; end < url.length; end++) {
      const c = url.charCodeAt(end);
      if (c === 47 || c === 63 || c === 35) break; // / ? #
    }
    segment = url.slice(1, end).toLowerCase();
  }
  lastUrl = url;
  lastSegment = segment;
  return segment;
}

/** Whether a segment is one of `segments`' or starts with one of its prefixes. */
function admits(segments: Segments, first: string): boolean {
  if (segments.exact.has(first)) return true;
  for (const p of segments.prefixes) if (first.startsWith(p)) return true;
  return false;
}

/**
 * A router mounted at "/" is entered by every request that gets that far: Express's router
 * allocates and matches its way through each (14 routers, a quarter of what a /berita request
 * allocated). `gated(router)` enters it only when the request's first path segment is one its
 * routes start with (read from its layers on first use, after its routes were added); a router
 * with a middleware for every path, or a route whose first segment is a parameter, is always entered.
 */
export function gated(router: Router): RequestHandler {
  const { stack } = router as unknown as { stack: Layer[] };
  let segments: Segments | null | undefined;
  const gate = (req: Request, res: Response, next: NextFunction) => {
    if (segments === undefined) {
      const found: Segments = { exact: new Set(), prefixes: [] };
      // A router package without `stack` (a future version's inside): enter it always, only slower.
      segments = Array.isArray(stack) && collect(found, stack) ? found : null;
    }
    if (segments === null) return router(req, res, next);
    const first = firstSegment(req.url);
    if (first === null || admits(segments, first)) return router(req, res, next);
    next();
  };
  // The router's layers, for the gate of a router this one is mounted in.
  return Object.assign(gate, { stack });
}
