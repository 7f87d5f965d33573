// npm run bench: seeds a large kecamatan into a throw-away database (a temp SQLite file, or a fresh
// MySQL/MariaDB database that is dropped afterwards when DATABASE_URL is set), starts the app on a
// loopback port and loads the main public pages with wrk, next to a bare Express + EJS page of the
// same size measured in the same run. Loopback only; each wrk run is bounded (BENCH_SECONDS, default 5).
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrator';
import { createLogger } from '../../src/logger';
import { LocalStorage } from '../../src/media';
import { adminQuery } from '../../tests/support/db';
import { type WrkResult, wrk } from './wrk';
import { seedBench } from './seed';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

function requireWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary is a problem.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error('wrk is not installed. Install it with: sudo apt-get install -y wrk  (or: brew install wrk)');
      process.exit(2);
    }
  }
}

async function openDb() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-bench-'));
    const handle = createDb({ sqlitePath: path.join(dir, 'bench.sqlite') });
    return { ...handle, label: 'SQLite (temp file)', drop: async () => (await handle.db.destroy(), fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `pendopo_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle = createDb({ databaseUrl: dbUrl.toString() });
  return { ...handle, label: `MySQL/MariaDB (${name})`, drop: async () => (await handle.db.destroy(), await adminQuery(url, `DROP DATABASE IF EXISTS \`${name}\``)) };
}

const listen = (app: import('express').Express) =>
  new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });

/** Starts scripts/bench/bare-server.ts in a child process and resolves its port. */
function startBare(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(__dirname, 'bare-server.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve({ child, port: Number(String(d).trim()) }));
    child.once('error', reject);
  });
}

/** Waits until the app answers again after a load run (a slow page leaves a queue behind it). */
async function drained(url: string) {
  await fetch(url, { headers: { Cookie: 'pendopo.sid=bench' } }).then((r) => r.arrayBuffer());
}

const fmt = (r: WrkResult) => `${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(2).padStart(7)} ${r.p99.toFixed(2).padStart(7)}`;

async function main() {
  requireWrk();
  const h = await openDb();
  const servers: import('node:http').Server[] = [];
  const children: ChildProcess[] = [];
  try {
    console.log(`Database: ${h.label}`);
    await migrateToLatest(h.db);
    const seed = await seedBench(h.db, { items: ITEMS, extraVillages: 92, log: console.log });
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SESSION_SECRET: randomBytes(32).toString('hex') });
    const app = await createApp({ db: h.db, config, logger: createLogger(config), storage: new LocalStorage(os.tmpdir()) });
    const appServer = await listen(app);
    const bareProc = await startBare();
    children.push(bareProc.child);
    servers.push(appServer);
    const base = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
    const bare = `http://127.0.0.1:${bareProc.port}`;

    const s = seed.slugs;
    const pages = ['/', '/desa', `/desa/${seed.villageSlug}`, '/berita', '/produk', '/potensi', '/pembangunan', `/berita/${s.news}`, `/produk/${s.product}`, `/pembangunan/${s.project}`, '/api/v1/news', '/api/v1/projects', '/peta.geojson'];
    console.log(`\n${seed.villages} villages, ${seed.items} items; wrk -t2 -c20 -d${SECONDS}s per page, loopback\n`);
    console.log('page                         bytes |  cached: req/s  p50ms  p99ms | uncached: req/s  p50ms  p99ms | bare EJS: req/s  p50ms  p99ms | cached/bare uncached/bare');
    const rows: string[] = [];
    for (const page of pages) {
      const probe = await fetch(base + page);
      const body = await probe.text();
      if (probe.status !== 200) {
        console.log(`${page.padEnd(28)} skipped: answered ${probe.status} (not built yet)`);
        continue;
      }
      const bytes = Buffer.byteLength(body);
      const plain = await wrk(`${bare}/page?bytes=${bytes}`, SECONDS);
      const cached = await wrk(base + page, SECONDS);
      // A session cookie (unsigned, so no session) makes the page cache step aside: the full render.
      const uncached = await wrk(base + page, SECONDS, ['Cookie: pendopo.sid=bench']);
      await drained(base + page);
      const line = `${page.padEnd(28)} ${String(bytes).padStart(6)} |        ${fmt(cached)} |          ${fmt(uncached)} |          ${fmt(plain)} | ${(cached.rps / plain.rps).toFixed(2).padStart(11)} ${(uncached.rps / plain.rps).toFixed(2).padStart(13)}`;
      console.log(line);
      rows.push(`| \`${page}\` | ${bytes} | ${cached.rps.toFixed(0)} | ${cached.p50.toFixed(2)} / ${cached.p99.toFixed(2)} | ${uncached.rps.toFixed(0)} | ${uncached.p50.toFixed(2)} / ${uncached.p99.toFixed(2)} | ${plain.rps.toFixed(0)} | ${plain.p50.toFixed(2)} / ${plain.p99.toFixed(2)} | ${(cached.rps / plain.rps).toFixed(2)} | ${(uncached.rps / plain.rps).toFixed(2)} |`);
    }
    console.log('\nMarkdown:\n| page | bytes | cached req/s | cached p50 / p99 ms | uncached req/s | uncached p50 / p99 ms | bare req/s | bare p50 / p99 ms | cached ÷ bare | uncached ÷ bare |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) console.log(r);
  } finally {
    for (const srv of servers) srv.closeAllConnections?.(), srv.close();
    for (const c of children) c.kill();
    await h.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
