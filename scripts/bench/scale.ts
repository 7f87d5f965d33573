// npm run bench -- --scale  (or: npx tsx scripts/bench/scale.ts)
// Does a page's full render slow down as the kecamatan grows? For each size in BENCH_SCALE
// (default "10000,1000000") it seeds a fresh throw-away database, starts the app with PAGE_CACHE=false
// (pinned like run.ts), and measures the anonymous p50 of every page with one bounded wrk run; then
// it prints p50(largest) ÷ p50(smallest) per page (the target is ≤ 1.5). Next to it, the time of one
// request on the idle server, which still says something when a page is too slow for wrk to finish
// any request within the run. Seeding 1,000,000 items takes a few minutes on SQLite. BENCH_SECONDS, BENCH_CONNECTIONS and BENCH_PAGES as in run.ts.
import { randomBytes } from 'node:crypto';
import { prepareBenchDb } from './bench-db';
import { aligned, markdown, num, pageList, ratio } from './pages';
import { drain, killAll, request, startServer } from './servers';
import { appEnv, load, printSetup } from './settings';
import { type WrkResult, requireWrk } from './wrk';

const TARGET = 1.5;
/** wrk finished no request within the run: slower than the run is long. */
const noneCompleted = (r: WrkResult | string | undefined) => typeof r === 'object' && r.requests === 0;

export async function runScale(): Promise<void> {
  requireWrk();
  const sizes = (process.env.BENCH_SCALE ?? '10000,1000000').split(',').map((s) => Number(s.trim()));
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('BENCH_SCALE wants two or more item counts, e.g. "10000,1000000"');
  const results = new Map<string, Map<number, WrkResult | string>>();
  const single = new Map<string, Map<number, number>>();
  const order: string[] = [];
  let dropCurrent: (() => Promise<void>) | undefined;
  process.once('SIGINT', () => (killAll(), (dropCurrent?.() ?? Promise.resolve()).finally(() => process.exit(130))));

  for (const [i, size] of sizes.entries()) {
    console.log(`\n== ${size} items ==`);
    const db = await prepareBenchDb(size, (l) => console.log(l));
    dropCurrent = db.drop;
    try {
      console.log(`Seeded ${db.seed.items} items in ${db.seed.seconds.toFixed(1)} s`);
      if (i === 0) printSetup(db.label, sizes.join(' and '), db.seed.villages);
      const app = await startServer('app-server.ts', appEnv(db, randomBytes(32).toString('hex'), false));
      try {
        for (const page of pageList(db.seed)) {
          if (!results.has(page.key)) {
            results.set(page.key, new Map());
            single.set(page.key, new Map());
            order.push(page.key);
          }
          const url = app.base + page.path;
          try {
            const probe = await request(url);
            if (probe.status !== 200) {
              results.get(page.key)!.set(size, `answered ${probe.status}`);
              continue;
            }
            const t0 = performance.now();
            await request(url);
            single.get(page.key)!.set(size, performance.now() - t0);
            const r = await load(url);
            results.get(page.key)!.set(size, r);
            console.log(`  ${page.path}: p50 ${num(r.p50)} ms under load, ${num(single.get(page.key)!.get(size)!)} ms alone`);
            if (!(await drain(url))) throw new Error('the app did not answer again within 5 minutes');
          } catch (err) {
            results.get(page.key)!.set(size, `failed: ${(err as Error).message}`);
            console.log(`  ${page.path}: failed, ${(err as Error).message}`);
          }
        }
      } finally {
        await app.stop();
      }
    } finally {
      await db.drop();
      dropCurrent = undefined;
    }
  }

  const small = sizes[0];
  const large = sizes[sizes.length - 1];
  const head = ['page', ...sizes.map((n) => `p50 ms @ ${n}`), `p50 ÷ (${large} vs ${small})`, `≤ ${TARGET}`, ...sizes.map((n) => `alone ms @ ${n}`), 'alone ÷'];
  const rows = order.map((key) => {
    const bySize = results.get(key)!;
    const p50 = (n: number) => {
      const r = bySize.get(n);
      return typeof r === 'object' ? r.p50 : undefined;
    };
    const q = ratio(p50(large), p50(small));
    const alone = single.get(key)!;
    return [
      key,
      ...sizes.map((n) => (typeof bySize.get(n) === 'string' ? String(bySize.get(n)) : num(p50(n) ?? NaN))),
      q,
      q !== '–' ? (Number(q) <= TARGET ? 'yes' : 'NO') : noneCompleted(bySize.get(large)) && p50(small) !== undefined ? 'NO' : '',
      ...sizes.map((n) => num(alone.get(n) ?? NaN)),
      ratio(alone.get(large), alone.get(small)),
    ];
  });
  console.log('\nUncached anonymous p50 by database size\n');
  console.log(aligned(head, rows));
  console.log('\nMarkdown:\n');
  console.log(markdown(head, rows));
}

if (require.main === module) {
  runScale().catch((err) => {
    console.error(err);
    killAll();
    process.exit(1);
  });
}
