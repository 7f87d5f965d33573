// npm run bench:burst: what a publish costs the server. Two app processes on one seeded database
// (BENCH_ITEMS, default 2,000), one whose readers wait for a render under way (PAGE_CACHE_WAIT_MS
// 2000) and one where every miss renders (0). Each round bumps content_version (as a publish does),
// waits out the tenant lookup's second (src/modules/districts/hosts.ts), then fires
// BENCH_CONNECTIONS (50) concurrent requests at BENCH_PATH (/) on each server in turn and reads the
// server's CPU time (utime + stime, /proc/<pid>/stat) before and after the burst. CPU time rather
// than wall time: the machine is shared. BENCH_ROUNDS (7) rounds, the order alternating.
import fs from 'node:fs';
import http from 'node:http';
import { sql } from 'kysely';
import { createDb } from '../../src/db/create-db';
import { prepareBenchDb } from './bench-db';
import { type Child, killAll, request, startServer } from './servers';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PATH = process.env.BENCH_PATH ?? '/';
const TICKS_PER_S = 100; // USER_HZ on Linux

function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

// Connections opened beforehand and kept open: a burst's requests reach the server together, as a
// publish's readers' do, rather than one connection setup apart.
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function get(url: string): Promise<{ status: number; cache: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, cache: String(res.headers['x-cache'] ?? '-') }));
      })
      .on('error', reject);
  });
}

const all = (url: string) => Promise.all(Array.from({ length: CONNECTIONS }, () => get(url)));

async function burst(server: Child): Promise<{ cpu: number; states: Record<string, number> }> {
  const before = cpuMs(server.proc.pid!);
  const replies = await all(server.base + PATH);
  // Let the stored page's compression finish: it is part of what the burst cost.
  await new Promise((r) => setTimeout(r, 300));
  const states: Record<string, number> = {};
  for (const r of replies) {
    const s = `${r.status} ${r.cache}`;
    states[s] = (states[s] ?? 0) + 1;
  }
  return { cpu: cpuMs(server.proc.pid!) - before, states };
}

async function main() {
  const bench = await prepareBenchDb(ITEMS, (s) => console.log(s));
  const { db } = createDb(bench.target);
  const env = { BENCH_SQLITE_PATH: bench.target.sqlitePath, BENCH_DATABASE_URL: bench.target.databaseUrl, SESSION_SECRET: 'x'.repeat(40) };
  const servers = {
    shared: await startServer('app-server.ts', { ...env, PAGE_CACHE_WAIT_MS: '2000' }),
    each: await startServer('app-server.ts', { ...env, PAGE_CACHE_WAIT_MS: '0' }),
  };
  try {
    for (const s of Object.values(servers)) for (let i = 0; i < 3; i++) await request(s.base + PATH); // warm up
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await db
        .updateTable('districts')
        .set({ content_version: sql`content_version + 1` })
        .where('id', '=', bench.seed.districtId)
        .execute();
      await new Promise((r) => setTimeout(r, 1200));
      for (const s of Object.values(servers)) await all(`${s.base}/healthz`); // the connections, opened
      const order = round % 2 ? (['each', 'shared'] as const) : (['shared', 'each'] as const);
      const r: Record<string, Awaited<ReturnType<typeof burst>>> = {};
      for (const name of order) r[name] = await burst(servers[name]);
      ratios.push(r.each.cpu / r.shared.cpu);
      console.log(
        `round ${round + 1}: every miss renders ${r.each.cpu} ms CPU ${JSON.stringify(r.each.states)}; ` +
          `one render shared ${r.shared.cpu} ms CPU ${JSON.stringify(r.shared.states)}; ratio ${(r.each.cpu / r.shared.cpu).toFixed(2)}`,
      );
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    console.log(`${bench.label}, ${CONNECTIONS} readers of ${PATH} after each publish: CPU ratio median ${sorted[sorted.length >> 1].toFixed(2)} (${sorted.map((x) => x.toFixed(2)).join(', ')})`);
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    agent.destroy();
    await db.destroy();
    await bench.drop();
  }
}

main().catch((err) => {
  console.error(err);
  killAll();
  process.exit(1);
});
