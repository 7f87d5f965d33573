// npm run bench -- --scale  (or: npx tsx scripts/bench/scale.ts)
// Does a page's full render slow down as the kecamatan grows? It seeds a fresh throw-away database
// for each size in BENCH_SCALE (default "10000,1000000"), keeps them all, and starts the app on each
// with PAGE_CACHE=false (pinned like run.ts). Then, page by page, it loads the sizes in turn with
// one bounded wrk run each, forwards and then backwards (10k, 1M, 1M, 10k), and takes each size's
// p50 as the mean of its two runs: on a shared machine the load of other work drifts over minutes,
// and measured one size after the other a drift of the load average from 2 to 9 doubled every
// page's p50 (README, "Scale"); interleaved, both sizes see the same drift. It prints p50(largest) ÷
// p50(smallest) per page (the target is ≤ 1.5). Next to it, the median time of one request on the
// idle server (ALONE_ROUNDS requests per size, interleaved), which still says something when a page
// is too slow for wrk to finish any request within the run. Seeding 1,000,000 items takes a few
// minutes. BENCH_SECONDS, BENCH_CONNECTIONS and BENCH_PAGES as in run.ts.
import { randomBytes } from 'node:crypto';
import { type BenchDb, prepareBenchDb } from './bench-db';
import { aligned, markdown, num, pageList, ratio } from './pages';
import { type Child, drain, killAll, request, startServer } from './servers';
import { appEnv, load, printSetup } from './settings';
import { type WrkResult, requireWrk } from './wrk';

const TARGET = 1.5;
const ALONE_ROUNDS = 5;
/** wrk finished no request within the run: slower than the run is long. */
const noneCompleted = (r: WrkResult[] | string | undefined) => Array.isArray(r) && r.some((x) => x.requests === 0);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runScale(): Promise<void> {
  requireWrk();
  const sizes = (process.env.BENCH_SCALE ?? '10000,1000000').split(',').map((s) => Number(s.trim()));
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('BENCH_SCALE wants two or more item counts, e.g. "10000,1000000"');
  const dbs: BenchDb[] = [];
  const apps: Child[] = [];
  const dropAll = () => Promise.all(dbs.map((db) => db.drop())).then(() => undefined);
  process.once('SIGINT', () => (killAll(), dropAll().finally(() => process.exit(130))));
  try {
    for (const size of sizes) {
      console.log(`\n== ${size} items ==`);
      const db = await prepareBenchDb(size, (l) => console.log(l));
      dbs.push(db);
      console.log(`Seeded ${db.seed.items} items in ${db.seed.seconds.toFixed(1)} s`);
    }
    printSetup(dbs[0].label, sizes.join(' and '), dbs[0].seed.villages);
    for (const db of dbs) apps.push(await startServer('app-server.ts', appEnv(db, randomBytes(32).toString('hex'), false)));
    const order = pageList(dbs[0].seed).map((p) => p.key);
    const results = new Map<string, (WrkResult[] | string)[]>();
    const single = new Map<string, number[][]>();
    const turns = [...sizes.keys(), ...[...sizes.keys()].reverse()];
    for (const [p, key] of order.entries()) {
      // The same page on every size: "/produk/:slug" names the newest product of each seed.
      const urls = dbs.map((db, i) => apps[i].base + pageList(db.seed)[p].path);
      const res: (WrkResult[] | string)[] = sizes.map(() => []);
      const alone: number[][] = sizes.map(() => []);
      results.set(key, res);
      single.set(key, alone);
      try {
        for (const [i, url] of urls.entries()) {
          const probe = await request(url);
          if (probe.status !== 200) res[i] = `answered ${probe.status}`;
        }
        if (res.some((r) => typeof r === 'string')) {
          console.log(`  ${key}: ${res.map((r, i) => `${sizes[i]} ${typeof r === 'string' ? r : 'ok'}`).join(', ')}`);
          continue;
        }
        for (let k = 0; k < ALONE_ROUNDS; k++)
          for (const [i, url] of urls.entries()) {
            const t0 = performance.now();
            await request(url);
            alone[i].push(performance.now() - t0);
          }
        for (const i of turns) {
          (res[i] as WrkResult[]).push(await load(urls[i]));
          if (!(await drain(urls[i]))) throw new Error('the app did not answer again within 5 minutes');
        }
        const p50s = res.map((r) => num(mean((r as WrkResult[]).map((x) => x.p50))));
        console.log(`  ${key}: p50 ${p50s.join(' / ')} ms under load, ${alone.map((a) => num(median(a))).join(' / ')} ms alone`);
      } catch (err) {
        res.forEach((r, i) => (res[i] = typeof r === 'string' ? r : `failed: ${(err as Error).message}`));
        console.log(`  ${key}: failed, ${(err as Error).message}`);
      }
    }

    const small = 0;
    const large = sizes.length - 1;
    const head = ['page', ...sizes.map((n) => `p50 ms @ ${n}`), `p50 ÷ (${sizes[large]} vs ${sizes[small]})`, `≤ ${TARGET}`, ...sizes.map((n) => `alone ms @ ${n}`), 'alone ÷'];
    const rows = order.map((key) => {
      const bySize = results.get(key)!;
      const p50 = (i: number) => {
        const r = bySize[i];
        return typeof r === 'object' && r.length > 0 && !noneCompleted(r) ? mean(r.map((x) => x.p50)) : undefined;
      };
      const aloneOf = (i: number) => (single.get(key)![i].length ? median(single.get(key)![i]) : undefined);
      const q = ratio(p50(large), p50(small));
      return [
        key,
        ...sizes.map((_, i) => (typeof bySize[i] === 'string' ? String(bySize[i]) : num(p50(i) ?? NaN))),
        q,
        q !== '–' ? (Number(q) <= TARGET ? 'yes' : 'NO') : noneCompleted(bySize[large]) && p50(small) !== undefined ? 'NO' : '',
        ...sizes.map((_, i) => num(aloneOf(i) ?? NaN)),
        ratio(aloneOf(large), aloneOf(small)),
      ];
    });
    console.log('\nUncached anonymous p50 by database size (each the mean of two interleaved wrk runs)\n');
    console.log(aligned(head, rows));
    console.log('\nMarkdown:\n');
    console.log(markdown(head, rows));
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await dropAll();
  }
}

if (require.main === module) {
  runScale().catch((err) => {
    console.error(err);
    killAll();
    process.exit(1);
  });
}
