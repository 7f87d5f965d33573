// npm run bench:alloc: the bytes one request allocates in the server, and where, from V8's sampling
// heap profiler with collected objects kept (so garbage counts, which is what the collector pays for).
// Like an instruction count it does not move with the other load of a shared machine. The app runs
// in this process (PAGE_CACHE=false, or the cache on with ALLOC_CACHE=1) on bench:profile's database
// (keptBenchDb); wrk, another process, sends the requests, so none of the client's allocation is
// counted. For each page of BENCH_PAGES (as run.ts): ALLOC_WARM_S (2) seconds of unsampled load,
// then ALLOC_SECONDS (3) sampled, at 10 connections; KB per request anonymous and, with
// ALLOC_LOGIN=1, as the bench operator logged in through the real form. ALLOC_TOP=n lists the n
// functions that allocated most.
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { keptBenchDb } from './bench-db';
import { benchApp } from './bench-app';
import { pageList } from './pages';
import { login } from './servers';
import { appEnv } from './settings';
import { requireWrk, wrk } from './wrk';

const WARM_S = Number(process.env.ALLOC_WARM_S ?? 2);
const SECONDS = Number(process.env.ALLOC_SECONDS ?? 3);
const TOP = Number(process.env.ALLOC_TOP ?? 0);

interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: Node[];
}

const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '~/')
    .replace(/.*\/(src|scripts)\//, '$1/') || '(native)';

async function main() {
  requireWrk();
  const db = await keptBenchDb();
  const { server, handle } = await benchApp(appEnv(db, 'p'.repeat(64), process.env.ALLOC_CACHE === '1'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let served = 0;
  server.on('request', () => served++);
  const inspector = new Session();
  inspector.connect();
  await inspector.post('HeapProfiler.enable');

  /** KB allocated per request of `path` under load, and by which functions. */
  const measure = async (path: string, headers: string[]) => {
    await wrk(base + path, { seconds: WARM_S, connections: 10, headers });
    const before = served;
    await inspector.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    await wrk(base + path, { seconds: SECONDS, connections: 10, headers });
    const { profile } = (await inspector.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: Node } };
    const requests = served - before;
    const sites = new Map<string, number>();
    let total = 0;
    const walk = (n: Node) => {
      total += n.selfSize;
      const key = `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
      if (n.selfSize) sites.set(key, (sites.get(key) ?? 0) + n.selfSize);
      n.children.forEach(walk);
    };
    walk(profile.head);
    const kb = (bytes: number) => (bytes / requests / 1024).toFixed(1);
    const top = [...sites].sort((a, b) => b[1] - a[1]).slice(0, TOP);
    return { kb: kb(total), requests, top: top.map(([site, bytes]) => `${kb(bytes).padStart(7)} KB  ${site}`) };
  };

  try {
    const sid = process.env.ALLOC_LOGIN === '1' ? await login(base, db.operator.username, db.operator.password) : null;
    console.log(`Database: ${db.label}; page cache ${process.env.ALLOC_CACHE === '1' ? 'on' : 'off'}; ${SECONDS} s sampled after ${WARM_S} s, 10 connections\n`);
    const rows: string[] = [];
    const details: string[] = [];
    for (const page of pageList(db.seed)) {
      const anon = await measure(page.path, []);
      const member = sid ? await measure(page.path, [`Cookie: ${sid}`]) : null;
      rows.push(`| \`${page.path}\` | ${anon.kb} | ${member ? member.kb : '–'} |`);
      if (TOP) details.push(`${page.path}, anonymous (${anon.requests} requests):`, ...anon.top, ...(member ? [`${page.path}, logged in (${member.requests} requests):`, ...member.top] : []), '');
    }
    console.log('| page | KB per request | KB per request, logged in |\n| --- | ---: | ---: |');
    console.log(rows.join('\n'));
    if (details.length) console.log(`\n${details.join('\n')}`);
  } finally {
    inspector.disconnect();
    server.closeAllConnections();
    server.close();
    await handle.db.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
