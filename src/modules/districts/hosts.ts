import type { Kysely } from 'kysely';
import type { Database, District } from '../../db/schema';

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Lowercased host name without port, or null when it is not a valid host name. */
export function normaliseHost(raw: string | undefined): string | null {
  if (!raw) return null;
  const host = raw.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  return HOST_NAME.test(host) ? host : null;
}

/**
 * The kecamatan a request belongs to: the one owning its host name, or, when the install has
 * exactly one kecamatan, that one whatever the host.
 */
export async function districtForHost(db: Kysely<Database>, rawHost: string | undefined): Promise<District | null> {
  const host = normaliseHost(rawHost);
  if (host) {
    const owned = await db
      .selectFrom('district_hosts')
      .innerJoin('districts', 'districts.id', 'district_hosts.district_id')
      .selectAll('districts')
      .where('district_hosts.host', '=', host)
      .executeTakeFirst();
    if (owned) return owned;
  }
  const firstTwo = await db.selectFrom('districts').selectAll().orderBy('id').limit(2).execute();
  return firstTwo.length === 1 ? firstTwo[0] : null;
}

export async function countDistricts(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('districts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How long a request may reuse the kecamatan row another request read: a publish on another instance is seen within this. */
export const TENANT_TTL_MS = 1000;
const MAX_HOSTS = 256;

// Bumped by every write of this process to districts or district_hosts, so that this instance
// sees its own writes at once; other instances see them when their entry expires.
let generation = 0;
export function districtsChanged(): void {
  generation++;
}
/** Changes whenever districtsChanged() is called: caches of district data compare it. */
export function districtsGeneration(): number {
  return generation;
}

interface Cached {
  district: District | null;
  at: number;
  generation: number;
}

/**
 * districtForHost without a database round trip on most requests: each host's answer is reused
 * for TENANT_TTL_MS. When the database cannot be reached, the last answer for the host is used
 * however old, with `stale` set, so cached pages can still be served.
 */
export function tenantCache(db: Kysely<Database>, ttlMs = TENANT_TTL_MS) {
  const entries = new Map<string, Cached>();
  const pending = new Map<string, Promise<District | null>>();
  return async (rawHost: string | undefined): Promise<{ district: District | null; stale: boolean }> => {
    const key = normaliseHost(rawHost) ?? '';
    const hit = entries.get(key);
    if (hit && hit.generation === generation && Date.now() - hit.at < ttlMs) return { district: hit.district, stale: false };
    const gen = generation;
    let lookup = pending.get(key);
    if (!lookup) {
      // One query per host at a time, however many requests wait for it.
      lookup = districtForHost(db, rawHost).finally(() => pending.delete(key));
      pending.set(key, lookup);
    }
    try {
      const district = await lookup;
      if (entries.size >= MAX_HOSTS && !entries.has(key)) entries.delete(entries.keys().next().value as string);
      entries.set(key, { district, at: Date.now(), generation: gen });
      return { district, stale: false };
    } catch (err) {
      if (hit?.district) return { district: hit.district, stale: true };
      throw err;
    }
  };
}
