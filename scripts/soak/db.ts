// The soak's throw-away database: a temp SQLite file, or a fresh MySQL/MariaDB database (dropped
// afterwards) when DATABASE_URL is set; seeded with the bench kecamatan plus one village operator.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrator';
import { insertAccount } from '../../src/modules/users/accounts';
import { adminQuery } from '../../tests/support/db';
import { seedBench } from '../bench/seed';

export interface SoakDb {
  label: string;
  /** What the server process needs to open the same database (SQLITE_PATH or DATABASE_URL). */
  env: Record<string, string>;
  operator: { username: string; password: string };
  pages: { anonymous: string[]; loggedIn: string[] };
  drop: () => Promise<void>;
}

export async function prepareDb(items: number, log: (s: string) => void): Promise<SoakDb> {
  const url = process.env.DATABASE_URL;
  let handle: ReturnType<typeof createDb>;
  let env: Record<string, string>;
  let label: string;
  let drop: () => Promise<void>;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-soak-db-'));
    const file = path.join(dir, 'soak.sqlite');
    handle = createDb({ sqlitePath: file });
    env = { SQLITE_PATH: file };
    label = `SQLite (${file})`;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `pendopo_soak_${randomBytes(4).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    handle = createDb({ databaseUrl: dbUrl.toString() });
    env = { DATABASE_URL: dbUrl.toString() };
    label = `MySQL/MariaDB (${name})`;
    drop = () => adminQuery(url, `DROP DATABASE IF EXISTS \`${name}\``);
  }
  try {
    await migrateToLatest(handle.db);
    // A variable, not a literal: seedBench's options are being reworked, extra keys must not fail the build.
    const seedOpts = { items, extraVillages: 92, dialect: handle.dialect, log };
    const seed = await seedBench(handle.db, seedOpts);
    const village = await handle.db.selectFrom('villages').select('id').where('slug', '=', seed.villageSlug).executeTakeFirstOrThrow();
    const operator = { username: 'soak.operator', password: randomBytes(18).toString('base64url') };
    await insertAccount(handle.db, { districtId: seed.districtId, villageId: village.id, username: operator.username, name: 'Operator Soak', role: 'village_operator', password: operator.password, mustChange: false });
    const s = seed.slugs;
    const anonymous = ['/', '/desa', `/desa/${seed.villageSlug}`, '/berita', '/produk', '/potensi', '/pembangunan', `/berita/${s.news}`, `/produk/${s.product}`, `/pembangunan/${s.project}`, '/api/v1/news', '/peta.geojson', '/cari?q=kegiatan'];
    const loggedIn = ['/admin', '/admin/produk', '/admin/media', '/', '/produk', `/desa/${seed.villageSlug}`];
    // The server opens the database itself; this process only seeded it.
    await handle.db.destroy();
    return { label, env, operator, pages: { anonymous, loggedIn }, drop };
  } catch (err) {
    await handle.db.destroy().catch(() => undefined);
    await drop();
    throw err;
  }
}
