import type { Kysely } from 'kysely';
import type { Database, District } from '../../db/schema';
import { TENANT_TTL_MS, districtsGeneration } from './hosts';

// The origin (scheme://host[:port]) of every absolute link the portal writes: canonical and og:url,
// og:image, share links, JSON-LD, feeds, sitemap, robots.txt, the API, the CSV and the GeoJSON. It
// never comes from a Host header that no kecamatan registered: a single-kecamatan install answers
// any Host, and a proxy caching by path alone would hand a page linking elsewhere to everyone.
//   1. PUBLIC_URL, on an install with one kecamatan;
//   2. the request's host, with its port, when it is one of the kecamatan's registered hosts;
//   3. the kecamatan's first registered host that is not a loopback name, with the request's
//      scheme (which follows X-Forwarded-Proto only under TRUST_PROXY);
//   4. the request's host, with its port, when it is a loopback name (a trial on this machine);
//   5. none (''): links are written by path alone; the sitemap and the feeds, which must be
//      absolute, answer 404 until the kecamatan has a host.

interface Known {
  hosts: string[];
  single: boolean;
  at: number;
  generation: number;
  /** The kecamatan's content_version when read: adding a host bumps it (provision.ts addHost). */
  version: number;
}

/**
 * What the rules read of a request. Structural, so that the queries reaching this file through
 * the URL helpers (../portal/paths.ts) know no Express.
 */
interface OriginRequest {
  protocol: string;
  headers: { host?: string };
  district?: District | null;
}

const origins = new WeakMap<object, string>();

/** The request's origin for absolute links, or '' when none may be written (rule 5 above). */
export function siteOriginOf(req: object): string {
  const origin = origins.get(req);
  if (origin === undefined) throw new Error('siteOrigin() must run before absolute links are built');
  return origin;
}

/** An absolute link to a path of this site; the bare path when the site has no known address yet (rule 5). */
export const absoluteUrl = (req: object, path: string): string => `${siteOriginOf(req)}${path}`;

const HOST_AND_PORT = /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

/** The Host header as name and port (name lowercased, without a trailing dot), or null when malformed. */
function hostOf(raw: string | undefined): { name: string; port: string } | null {
  const m = HOST_AND_PORT.exec((raw ?? '').trim().toLowerCase());
  return m ? { name: m[1].replace(/\.$/, ''), port: m[2] ?? '' } : null;
}

function isLoopback(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name) || name === '[::1]';
}

function originFor(req: OriginRequest, known: Pick<Known, 'hosts' | 'single'>, publicUrl: string | undefined): string {
  if (publicUrl && known.single) return publicUrl;
  const scheme = req.protocol === 'https' ? 'https' : 'http';
  const asked = hostOf(req.headers.host);
  if (asked && known.hosts.includes(asked.name)) return `${scheme}://${asked.name}${asked.port}`;
  const registered = known.hosts.find((h) => !isLoopback(h));
  if (registered) return `${scheme}://${registered}`;
  if (asked && isLoopback(asked.name)) return `${scheme}://${asked.name}${asked.port}`;
  return '';
}

/**
 * Middleware after the tenant: works out the origin of the request's kecamatan (siteOriginOf) and
 * gives views `siteOrigin`. Each kecamatan's hosts are read at most every TENANT_TTL_MS, at once
 * after this process changed districts or hosts; while the database cannot be reached, the last
 * answer is used.
 */
export function siteOrigin(db: Kysely<Database>, publicUrl: string | undefined) {
  const cache = new Map<number, Known>();
  async function knownOf({ id: districtId, content_version: version }: District): Promise<Known> {
    const hit = cache.get(districtId);
    const generation = districtsGeneration();
    // Same version as the page cache's key, so a page stored under a new version has the new hosts.
    if (hit && hit.generation === generation && hit.version === version && Date.now() - hit.at < TENANT_TTL_MS) return hit;
    try {
      const [hosts, firstTwo] = await Promise.all([
        db.selectFrom('district_hosts').select('host').where('district_id', '=', districtId).orderBy('id').execute(),
        publicUrl ? db.selectFrom('districts').select('id').limit(2).execute() : [],
      ]);
      const known = { hosts: hosts.map((h) => h.host), single: firstTwo.length === 1, at: Date.now(), generation, version };
      cache.set(districtId, known);
      return known;
    } catch (err) {
      if (hit) return hit;
      throw err;
    }
  }
  return async (req: OriginRequest, res: { locals: Record<string, unknown> }, next: (err?: unknown) => void) => {
    if (!req.district) return next();
    try {
      const origin = originFor(req, await knownOf(req.district), publicUrl);
      origins.set(req, origin);
      res.locals.siteOrigin = origin;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * The origin of links written outside a request (mail of notifications): rule 1, else the
 * kecamatan's first registered host that is not a loopback name, over https, else its loopback
 * host over http (a trial on this machine), else '' (the mail then names paths alone).
 */
export async function originOfDistrict(db: Kysely<Database>, districtId: number, publicUrl: string | undefined): Promise<string> {
  const [hosts, firstTwo] = await Promise.all([
    db.selectFrom('district_hosts').select('host').where('district_id', '=', districtId).orderBy('id').execute(),
    publicUrl ? db.selectFrom('districts').select('id').limit(2).execute() : [],
  ]);
  if (publicUrl && firstTwo.length === 1) return publicUrl;
  const names = hosts.map((h) => h.host);
  const registered = names.find((h) => !isLoopback(h));
  if (registered) return `https://${registered}`;
  const local = names.find(isLoopback);
  return local ? `http://${local}` : '';
}
