// npm run bench:profile: the uncached render path of a few pages, quickly, and where its time goes.
// Seeds a bench database once (BENCH_ITEMS, default 10,000) and keeps it for the next run
// (PROFILE_KEEP, a JSON file naming it and its operator; delete the file's folder to start over).
// For each page of BENCH_PAGES (as run.ts), interleaved PROFILE_ROUNDS (2) times: bare Express+EJS of
// the page's size, the app with PAGE_CACHE=false anonymous, and the same logged in as the operator;
// ratios of req/s within each round, and each server's CPU time per request (utime + stime from
// /proc, which the other load on a shared machine does not change much). With PROFILE_CPU=1 the app runs under node --cpu-prof and
// its profile (from the first request on; app-server.ts CPU_PROFILE), summarised by cpuprofile.ts,
// is printed after each page (PROFILE_LOGIN=1: the logged-in load only, else the anonymous one).
// PROFILE_MEMBER=1 runs the app with the page cache on instead: anonymous requests are cache hits and
// logged-in ones the member view of the stored page (src/http/member-view.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keptBenchDb } from './bench-db';
import { summarise } from './cpuprofile';
import { pageList, ratio } from './pages';
import { type Child, killAll, login, request, startServer } from './servers';
import { appEnv, load, warm } from './settings';
import { type WrkResult, requireWrk } from './wrk';

const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 2);
const CPU = process.env.PROFILE_CPU === '1';
const MEMBER = process.env.PROFILE_MEMBER === '1';

function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ 100
}

/** A wrk run after warmedLoad's unmeasured one, and the server's CPU ms per request over it. */
async function measured(server: Child, url: string, headers: string[] = []): Promise<WrkResult & { cpu: number }> {
  await warm(url, headers);
  const before = cpuMs(server.proc.pid!);
  const r = await load(url, headers);
  return { ...r, cpu: (cpuMs(server.proc.pid!) - before) / Math.max(1, r.requests) };
}

const show = (r: (WrkResult & { cpu: number }) | undefined, bare: WrkResult & { cpu: number }) =>
  r ? `${r.rps.toFixed(0)} req/s ${r.cpu.toFixed(2)} ms CPU (${ratio(r.rps, bare.rps)}, CPU ${ratio(bare.cpu, r.cpu)})` : '–';

async function main() {
  requireWrk();
  const db = await keptBenchDb();
  console.log(
    `Database: ${db.label}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-prof-'));
  const env = appEnv(db, 'p'.repeat(64), MEMBER);
  const bare = await startServer('bare-server.ts', {});
  let app: Child | undefined;
  try {
    for (const page of pageList(db.seed)) {
      const profile = path.join(profDir, `${page.key.replace(/[^a-z0-9]+/gi, '_')}.cpuprofile`);
      app = await startServer('app-server.ts', { ...env, CPU_PROFILE: CPU ? profile : undefined });
      const sid = await login(app.base, db.operator.username, db.operator.password);
      const url = app.base + page.path;
      const first = await request(url);
      if (first.status !== 200) throw new Error(`${page.path} answered ${first.status}`);
      const bytes = first.body.length;
      const mine = MEMBER ? await request(url, { headers: { Cookie: sid } }) : null;
      if (mine && mine.headers['x-cache'] !== 'member') console.log(`${page.path}: logged in without the stored page (X-Cache ${mine.headers['x-cache']})`);
      const lines: string[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const b = await measured(bare, `${bare.base}/page?bytes=${bytes}`);
        const anon = CPU && process.env.PROFILE_LOGIN === '1' ? undefined : await measured(app, url);
        const mine = CPU && process.env.PROFILE_LOGIN !== '1' ? undefined : await measured(app, url, [`Cookie: ${sid}`]);
        lines.push(`  round ${r + 1}: bare ${b.rps.toFixed(0)} req/s ${b.cpu.toFixed(2)} ms CPU; anon ${show(anon, b)}; login ${show(mine, b)}`);
      }
      await app.stop();
      app = undefined;
      console.log(`${page.path} (${bytes} bytes)\n${lines.join('\n')}`);
      if (CPU) console.log(`${profile}\n${summarise(JSON.parse(fs.readFileSync(profile, 'utf8')), Number(process.env.PROFILE_TOP ?? 25))}\n`);
    }
  } finally {
    await app?.stop();
    await bare.stop();
  }
}

main().catch((err) => {
  console.error(err);
  killAll();
  process.exit(1);
});
