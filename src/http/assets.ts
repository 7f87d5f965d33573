import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Fingerprinted static assets. At start every file under public/ (and Leaflet's dist/, mounted at
// vendor/leaflet) is hashed once: asset('css/site.css') → /static/css/site.<10 hex>.css. The hash
// sits in the file name, not in a directory, so relative URLs inside a stylesheet (Leaflet's
// images/…) still resolve to the plain paths next to it.
//
// - /static/<name>.<current hash>.<ext>: the bytes, cached for a year, immutable.
// - /static/<name>.<other hash>.<ext>: a stale reference (HTML from before a deploy, or another
//   instance mid-rollout): 302 to the current URL, never cached.
// - /static/<name>.<ext>: still served, with a short max-age, for HTML cached before fingerprints.
// Nothing touches the disk per request for hashing, except in development (edit, reload).

/** Leaflet's dist/ (leaflet.js, leaflet.css, images/), served at /static/vendor/leaflet. */
export const LEAFLET_DIR = path.dirname(require.resolve('leaflet/dist/leaflet.js'));
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const PLAIN_MAX_AGE = '1h';
const HASH_LEN = 10;
const FINGERPRINTED = new RegExp(`^/(.+)\\.([0-9a-f]{${HASH_LEN}})(\\.[A-Za-z0-9]+)$`);

interface Entry {
  file: string;
  hash: string;
  mtimeMs: number;
}

export interface AssetMount {
  /** URL prefix under /static, e.g. 'vendor/leaflet' ('' for public/ itself). */
  prefix: string;
  dir: string;
}

const hashFile = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, HASH_LEN);

function walk(dir: string, rel: string, out: Array<[string, string]>) {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const abs = path.join(dir, d.name);
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) walk(abs, r, out);
    else if (d.isFile()) out.push([r, abs]);
  }
}

/** Inserts the hash before the last extension: css/site.css → css/site.<hash>.css. */
export function fingerprinted(logical: string, hash: string): string {
  const slash = logical.lastIndexOf('/');
  const dot = logical.lastIndexOf('.');
  return dot > slash + 1 ? `${logical.slice(0, dot)}.${hash}${logical.slice(dot)}` : `${logical}.${hash}`;
}

export function createAssets(mounts: AssetMount[], opts: { dev?: boolean } = {}) {
  const manifest = new Map<string, Entry>();
  for (const m of mounts) {
    const files: Array<[string, string]> = [];
    walk(m.dir, '', files);
    for (const [rel, file] of files) {
      const logical = m.prefix ? `${m.prefix}/${rel}` : rel;
      manifest.set(logical, { file, hash: hashFile(file), mtimeMs: fs.statSync(file).mtimeMs });
    }
  }

  /** The entry with its hash current; in development a changed file is rehashed. */
  const lookup = (logical: string): Entry | undefined => {
    const e = manifest.get(logical);
    if (e && opts.dev) {
      try {
        const { mtimeMs } = fs.statSync(e.file);
        if (mtimeMs !== e.mtimeMs) Object.assign(e, { mtimeMs, hash: hashFile(e.file) });
      } catch {
        return e;
      }
    }
    return e;
  };

  /** The view helper: asset('css/site.css') → '/static/css/site.<hash>.css'; unknown → plain URL. */
  const url = (logical: string): string => {
    const clean = logical.replace(/^\/+/, '').replace(/^static\//, '');
    const e = lookup(clean);
    return `/static/${e ? fingerprinted(clean, e.hash) : clean}`;
  };

  const fingerprint = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const m = FINGERPRINTED.exec(req.path);
    if (!m) return next();
    const logical = `${m[1]}${m[3]}`;
    const e = lookup(logical);
    if (!e) return next(); // not one of ours: perhaps a real file whose name looks hashed
    if (m[2] !== e.hash) {
      res.set('Cache-Control', 'no-cache');
      return res.redirect(302, url(logical));
    }
    res.sendFile(e.file, { maxAge: 31536000_000, immutable: true, dotfiles: 'deny' }, (err) => {
      if (err && !res.headersSent) next((err as { status?: number }).status === 404 ? undefined : err);
    });
  };

  /** Mounted at /static: fingerprinted URLs first, then every mount's plain files. */
  const router = Router();
  router.use(fingerprint);
  for (const m of mounts) {
    const serve = express.static(m.dir, { maxAge: PLAIN_MAX_AGE, index: false });
    if (m.prefix) router.use(`/${m.prefix}`, serve);
    else router.use(serve);
  }

  return { url, router, manifest };
}

export type Assets = ReturnType<typeof createAssets>;
