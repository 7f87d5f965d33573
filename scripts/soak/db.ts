// The soak's throw-away database: the bench's (scripts/bench/bench-db.ts: migrated, seeded, derived
// tables filled, one village operator), plus the pages the soak reads.
import { prepareBenchDb } from '../bench/bench-db';

export interface SoakDb {
  label: string;
  /** What the server process needs to open the same database (SQLITE_PATH or DATABASE_URL). */
  env: Record<string, string>;
  operator: { username: string; password: string };
  pages: { anonymous: string[]; loggedIn: string[] };
  drop: () => Promise<void>;
}

export async function prepareDb(items: number, log: (s: string) => void): Promise<SoakDb> {
  const bench = await prepareBenchDb(items, log);
  const { seed, target } = bench;
  const env: Record<string, string> = target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : { SQLITE_PATH: target.sqlitePath! };
  const s = seed.slugs;
  const anonymous = [
    '/',
    '/desa',
    `/desa/${seed.villageSlug}`,
    '/berita',
    '/produk',
    '/potensi',
    '/pembangunan',
    `/berita/${s.news}`,
    `/produk/${s.product}`,
    `/pembangunan/${s.project}`,
    '/api/v1/news',
    '/peta.geojson',
    `/cari?q=${seed.searchWord}`,
  ];
  const loggedIn = ['/admin', '/admin/produk', '/admin/media', '/', '/produk', `/desa/${seed.villageSlug}`];
  return { label: bench.label, env, operator: bench.operator, pages: { anonymous, loggedIn }, drop: bench.drop };
}
