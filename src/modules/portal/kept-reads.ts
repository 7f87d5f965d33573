import type { Kysely } from 'kysely';
import type { Database, District } from '../../db/schema';

/** How many reads are kept per database (every kecamatan of the install together). */
export const KEPT_READS_MAX = 500;
/** How many searches are kept per database, apart from the reads (see keptSearch): one of 100 hits holds about 100 KB. */
export const KEPT_SEARCHES_MAX = 100;

interface Kept {
  /** The most entries this store keeps; past it the least recently used goes. */
  max: number;
  /** The newest content_version seen per kecamatan; older reads of it are dropped when it moves. */
  newest: Map<number, number>;
  /** By `${district id}\n${key}`, oldest use first. */
  reads: Map<string, { version: number; value: Promise<unknown> }>;
}

const byDb = new WeakMap<Kysely<Database>, Kept>();
const searchesByDb = new WeakMap<Kysely<Database>, Kept>();

/**
 * What a public page reads, kept per kecamatan and `content_version` (docs/render-path.md, "Kept
 * reads"). Every change a public page shows bumps the version, and the tenant row it is read from
 * is at most TENANT_TTL_MS old, at once after this instance's own writes: the same rule that keeps
 * the page cache right. `key` names everything else the read depends on (the page, its filters,
 * today's date). A request of an older version than one already seen (another host's tenant row
 * not yet re-read) reads afresh and keeps nothing. Concurrent misses share one read; a failed read
 * is not kept. What is kept is shared by every request: callers must not change it.
 */
export function keptRead<T>(db: Kysely<Database>, district: Pick<District, 'id' | 'content_version'>, key: string, load: () => Promise<T>): Promise<T> {
  return keptIn(byDb, KEPT_READS_MAX, db, district, key, load, () => true);
}

/**
 * A search's result (/cari), kept by the same rule as keptRead but in a store of its own, bounded
 * at KEPT_SEARCHES_MAX per database: its keys are typed by readers, so many distinct queries push
 * out older searches only, never the pages' kept reads. A result that `keep` refuses (a partial
 * answer) still goes to every request that shared its read, and is then dropped.
 */
export function keptSearch<T>(db: Kysely<Database>, district: Pick<District, 'id' | 'content_version'>, key: string, load: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
  return keptIn(searchesByDb, KEPT_SEARCHES_MAX, db, district, key, load, keep);
}

function keptIn<T>(
  stores: WeakMap<Kysely<Database>, Kept>,
  max: number,
  db: Kysely<Database>,
  district: Pick<District, 'id' | 'content_version'>,
  key: string,
  load: () => Promise<T>,
  keep: (value: T) => boolean,
): Promise<T> {
  let kept = stores.get(db);
  if (!kept) stores.set(db, (kept = { max, newest: new Map(), reads: new Map() }));
  const version = district.content_version;
  const newest = kept.newest.get(district.id);
  if (newest !== undefined && version < newest) return load();
  if (newest !== version) forgetDistrict(kept, district.id, version);
  const id = `${district.id}\n${key}`;
  const hit = kept.reads.get(id);
  if (hit) {
    kept.reads.delete(id);
    kept.reads.set(id, hit);
    return hit.value as Promise<T>;
  }
  const value = load();
  const entry = { version, value };
  kept.reads.set(id, entry);
  if (kept.reads.size > kept.max) kept.reads.delete(kept.reads.keys().next().value as string);
  const drop = () => {
    if (kept.reads.get(id) === entry) kept.reads.delete(id);
  };
  value.then((v) => {
    if (!keep(v)) drop();
  }, drop);
  return value;
}

function forgetDistrict(kept: Kept, districtId: number, version: number) {
  kept.newest.set(districtId, version);
  const prefix = `${districtId}\n`;
  for (const [id, entry] of kept.reads) if (entry.version !== version && id.startsWith(prefix)) kept.reads.delete(id);
}

/** How many reads are kept for `db`, for tests. */
export function keptReadCount(db: Kysely<Database>): number {
  return byDb.get(db)?.reads.size ?? 0;
}

/** How many searches are kept for `db`, for tests. */
export function keptSearchCount(db: Kysely<Database>): number {
  return searchesByDb.get(db)?.reads.size ?? 0;
}
