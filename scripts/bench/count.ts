// npm run bench:count: the instructions one request costs the server, counted by valgrind's callgrind.
// req/s and CPU time move by tens of percent on a shared machine; an instruction count does not
// depend on what else the cores do. It still moves with garbage collection (node runs with
// --single-threaded, so V8's compiler and collector work on the counted thread; a window of
// requests that holds a major collection counts up to a third more than one that does not), so
// it takes the median of several windows. It misses what the kernel does (a stat, a socket write)
// and weighs a cache miss like any instruction: a complement to bench:profile, not a replacement.
//
// For each page of BENCH_PAGES (as run.ts) it starts the app (PAGE_CACHE=false, or the cache on
// with COUNT_CACHE=1) under callgrind with counting off, sends COUNT_WARM (1000) requests one after
// another so that V8 has compiled the hot code, then counts COUNT_ROUNDS (3) windows of COUNT_N
// (300) requests and prints the median instructions per request and the range. The same for bare
// Express+EJS of the page's size (scripts/bench/bare.ts) and, with COUNT_LOGIN=1, for the page as
// the bench operator logged in through the real form. The database is bench:profile's
// (keptBenchDb). Needs valgrind (Debian's package).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { keptBenchDb } from './bench-db';
import { pageList, ratio } from './pages';
import { type Child, killAll, login, request, startServer } from './servers';
import { appEnv } from './settings';

const WARM = Number(process.env.COUNT_WARM ?? 1000);
const N = Number(process.env.COUNT_N ?? 300);
const ROUNDS = Number(process.env.COUNT_ROUNDS ?? 3);

interface Counted {
  server: Child;
  out: string;
}

async function underCallgrind(file: string, env: Record<string, string | undefined>): Promise<Counted> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-count-')), 'callgrind.out');
  const server = await startServer(file, env, { command: ['valgrind', '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`], nodeFlags: ['--single-threaded'], startS: 300 });
  return { server, out };
}

function control(pid: number, ...args: string[]): void {
  const r = spawnSync('callgrind_control', [...args, String(pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`callgrind_control ${args.join(' ')}: ${r.stderr || r.stdout}`);
}

/** Instructions per request of `url` on a server under callgrind, after WARM requests not counted. */
async function count({ server, out }: Counted, url: string, headers: Record<string, string> = {}): Promise<{ median: number; low: number; high: number }> {
  // One kept-alive connection for the run, as wrk's: the server closes one idle for 5 s, as the
  // global agent's would be between two pages.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = async () => {
    const r = await request(url, { headers, agent });
    if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
  };
  for (let i = 0; i < WARM; i++) await get();
  const pid = server.proc.pid!;
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    control(pid, '--instr=on');
    for (let i = 0; i < N; i++) await get();
    control(pid, '--instr=off');
    control(pid, '--dump');
    // callgrind_control -d writes <out>.1 (.2 for a second dump): the counts since the last dump.
    const dumps = fs.readdirSync(path.dirname(out)).filter((f) => f.startsWith('callgrind.out.'));
    const total = dumps.reduce((sum, f) => sum + Number(/^totals: (\d+)/m.exec(fs.readFileSync(path.join(path.dirname(out), f), 'utf8'))?.[1] ?? 0), 0);
    for (const f of dumps) fs.unlinkSync(path.join(path.dirname(out), f));
    rounds.push(total / N);
  }
  agent.destroy();
  rounds.sort((a, b) => a - b);
  return { median: rounds[Math.floor(rounds.length / 2)], low: rounds[0], high: rounds[rounds.length - 1] };
}

const millions = (c: { median: number; low: number; high: number }) => `${(c.median / 1e6).toFixed(2)} M (${(c.low / 1e6).toFixed(2)}–${(c.high / 1e6).toFixed(2)})`;

async function main() {
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is needed: apt-get install -y valgrind');
  const db = await keptBenchDb();
  console.log(`Database: ${db.label}; ${WARM} requests to warm up, ${N} counted, one at a time\n`);
  const env = appEnv(db, 'p'.repeat(64), process.env.COUNT_CACHE === '1');
  const bare = await underCallgrind('bare-server.ts', {});
  const app = await underCallgrind('app-server.ts', env);
  try {
    const sid = process.env.COUNT_LOGIN === '1' ? await login(app.server.base, db.operator.username, db.operator.password) : null;
    console.log('| page | bytes | bare EJS | app | bare÷app |' + (sid ? ' logged in | bare÷logged in |' : ''));
    console.log('| --- | ---: | ---: | ---: | ---: |' + (sid ? ' ---: | ---: |' : ''));
    for (const page of pageList(db.seed)) {
      const bytes = (await request(app.server.base + page.path)).body.length;
      const b = await count(bare, `${bare.server.base}/page?bytes=${bytes}`);
      const a = await count(app, app.server.base + page.path);
      const l = sid ? await count(app, app.server.base + page.path, { Cookie: sid }) : null;
      console.log(`| \`${page.path}\` | ${bytes} | ${millions(b)} | ${millions(a)} | ${ratio(b.median, a.median)} |` + (l ? ` ${millions(l)} | ${ratio(b.median, l.median)} |` : ''));
    }
  } finally {
    await app.server.stop();
    await bare.server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  killAll();
  process.exit(1);
});
