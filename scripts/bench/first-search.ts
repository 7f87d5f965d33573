// npm run bench:search: what a first search (/cari, nothing kept yet) costs, on bench:profile's
// database (keptBenchDb). For each group of queries (FIRST_GROUPS, default all), a fresh app server
// gets FIRST_N (20) distinct queries one after another, and the server's CPU per request (utime +
// stime from /proc), the database server's (mariadbd or mysqld on this machine, when found) and the
// wall time are printed. FIRST_APPS=label=dir,label=dir compares compiled builds (tsc -p
// tsconfig.build.json --outDir dir), interleaved FIRST_ROUNDS (2) times, so that a shared machine's
// load falls on each alike; unset, this checkout is built and measured.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { keptBenchDb } from './bench-db';
import { compiledDir } from './compiled';
import { TOPICS } from './seed';
import { killAll, request, startServer } from './servers';
import { appEnv } from './settings';

const N = Number(process.env.FIRST_N ?? 20);
const ROUNDS = Number(process.env.FIRST_ROUNDS ?? 2);
/** Seeded words (scripts/bench/seed.ts): a topic is in 1 of 20 titles, a number in a few items only. */
const GROUPS: Record<string, (i: number) => string> = {
  topic: (i) => TOPICS[i % TOPICS.length] + (i >= TOPICS.length ? ' tentang' : ''),
  'topic desa': (i) => `${TOPICS[i % TOPICS.length]} desa${i >= TOPICS.length ? ' kami' : ''}`,
  number: (i) => String(1000 + i * 37),
};

function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ 100
}

function dbPid(): number | null {
  for (const name of ['mariadbd', 'mysqld']) {
    try {
      return Number(execFileSync('pgrep', ['-o', '-x', name], { encoding: 'utf8' }).trim());
    } catch {
      // not this one
    }
  }
  return null;
}

async function main() {
  const db = await keptBenchDb();
  const apps = process.env.FIRST_APPS ? process.env.FIRST_APPS.split(',').map((s) => s.split('=') as [string, string]) : [['this', compiledDir()] as [string, string]];
  const groups = process.env.FIRST_GROUPS ? process.env.FIRST_GROUPS.split(',') : Object.keys(GROUPS);
  const dbp = db.dialect === 'mysql' ? dbPid() : null;
  console.log(`Database: ${db.label}; ${N} distinct queries per group, one at a time, on a fresh server`);
  const totals = new Map<string, { app: number; db: number; wall: number; n: number }>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const group of groups) {
      for (const [label, dir] of apps) {
        process.env.BENCH_APP_DIR = dir;
        const server = await startServer('app-server.ts', appEnv(db, 'p'.repeat(64), false));
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
          // One page first, so that the server's own start (compiling views, the tenant) is not counted.
          await request(`${server.base}/`, { agent });
          const a0 = cpuMs(server.proc.pid!);
          const d0 = dbp ? cpuMs(dbp) : 0;
          const t0 = process.hrtime.bigint();
          for (let i = 0; i < N; i++) {
            const res = await request(`${server.base}/cari?q=${encodeURIComponent(GROUPS[group](i))}`, { agent });
            if (res.status !== 200) throw new Error(`${GROUPS[group](i)}: ${res.status}`);
          }
          const wall = Number(process.hrtime.bigint() - t0) / 1e6 / N;
          const app = (cpuMs(server.proc.pid!) - a0) / N;
          const dbCpu = dbp ? (cpuMs(dbp) - d0) / N : NaN;
          const key = `${group}\t${label}`;
          const t = totals.get(key) ?? { app: 0, db: 0, wall: 0, n: 0 };
          totals.set(key, { app: t.app + app, db: t.db + dbCpu, wall: t.wall + wall, n: t.n + 1 });
          console.log(`round ${r + 1} ${group.padEnd(10)} ${label.padEnd(8)} app ${app.toFixed(1)} ms CPU, db ${dbCpu.toFixed(1)} ms CPU, wall ${wall.toFixed(1)} ms`);
        } finally {
          agent.destroy();
          await server.stop();
        }
      }
    }
  }
  console.log('\nmeans per request:');
  for (const [key, t] of totals) {
    const [group, label] = key.split('\t');
    console.log(`${group.padEnd(10)} ${label.padEnd(8)} app ${(t.app / t.n).toFixed(1)} ms CPU, db ${(t.db / t.n).toFixed(1)} ms CPU, wall ${(t.wall / t.n).toFixed(1)} ms`);
  }
}

main().catch((err) => {
  console.error(err);
  killAll();
  process.exit(1);
});
