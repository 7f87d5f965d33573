// The throw-away database of a bench run: a temp SQLite file (which the app processes open too), or
// a fresh MySQL/MariaDB database on DATABASE_URL that is dropped afterwards. Migrated, seeded, and
// given a village operator to log in as.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrations } from '../../migrations';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrator';
import type { UntypedDb } from '../../src/db/untyped';
import { insertAccount } from '../../src/modules/users/accounts';
import { adminQuery } from '../../tests/support/db';
import { type SeedResult, seedBench } from './seed';

export interface BenchDb {
  label: string;
  dialect: 'sqlite' | 'mysql';
  /** What an app process needs to open the same database. */
  target: { sqlitePath?: string; databaseUrl?: string };
  seed: SeedResult;
  operator: { username: string; password: string };
  drop: () => Promise<void>;
}

export async function prepareBenchDb(items: number, log: (s: string) => void): Promise<BenchDb> {
  const url = process.env.DATABASE_URL;
  let target: BenchDb['target'];
  let label: string;
  let cleanup: () => Promise<void>;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-bench-'));
    target = { sqlitePath: path.join(dir, 'bench.sqlite') };
    label = `SQLite (temp file ${target.sqlitePath})`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `pendopo_bench_${randomBytes(4).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    target = { databaseUrl: dbUrl.toString() };
    label = `MySQL/MariaDB (database ${name}, dropped afterwards)`;
    cleanup = () => adminQuery(url, `DROP DATABASE IF EXISTS \`${name}\``);
  }
  const handle = createDb(target);
  try {
    await migrateToLatest(handle.db);
    const seed = await seedBench(handle.db, { items, extraVillages: 92, dialect: handle.dialect, log });
    await rerunBackfills(handle.db, log);
    const operator = { username: 'bench.operator', password: randomBytes(18).toString('base64url') };
    await insertAccount(handle.db, {
      districtId: seed.districtId,
      villageId: seed.villageIds[0],
      username: operator.username,
      name: 'Operator Bench',
      role: 'village_operator',
      password: operator.password,
      mustChange: false,
    });
    await handle.db.destroy();
    return { label, dialect: handle.dialect, target, seed, operator, drop: cleanup };
  } catch (err) {
    await handle.db.destroy().catch(() => {});
    await cleanup();
    throw err;
  }
}

/**
 * The seed writes content_items directly, past the services that keep derived tables (counts,
 * totals) in step. A migration that derives such a table exports its `backfill(db)`; running each
 * again after the seed makes the derived tables match the seeded content.
 */
async function rerunBackfills(db: UntypedDb, log: (s: string) => void) {
  for (const [name, m] of Object.entries(migrations)) {
    const backfill = (m as { backfill?: unknown }).backfill;
    if (typeof backfill !== 'function') continue;
    const t0 = Date.now();
    await (backfill as (db: UntypedDb) => Promise<void>)(db);
    log(`  backfill of ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

const KEEP = process.env.PROFILE_KEEP ?? path.join(os.tmpdir(), 'pendopo-profile-db.json');

/**
 * The bench database profile.ts and count.ts share: seeded once (BENCH_ITEMS, default 10,000) and
 * named in PROFILE_KEEP (a JSON file) for the next run; never dropped (delete its folder to start over).
 */
export async function keptBenchDb(): Promise<BenchDb> {
  const kept = fs.existsSync(KEEP) ? (JSON.parse(fs.readFileSync(KEEP, 'utf8')) as Omit<BenchDb, 'drop'>) : null;
  if (kept) return { ...kept, drop: async () => {} };
  const { drop: _, ...fresh } = await prepareBenchDb(Number(process.env.BENCH_ITEMS ?? 10_000), (l) => console.log(l));
  fs.mkdirSync(path.dirname(KEEP), { recursive: true });
  fs.writeFileSync(KEEP, JSON.stringify(fresh));
  return { ...fresh, drop: async () => {} };
}
