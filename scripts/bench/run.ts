// npm run bench: seeds a kecamatan with BENCH_ITEMS items (default 10,000) into a throw-away database
// (a temp SQLite file, or a fresh MySQL/MariaDB database on DATABASE_URL, dropped afterwards) and
// loads each page with wrk, one server at a time, in these modes:
//   floor     Express 5 res.send of the exact bytes the app served for the page (bare-server.ts)
//   cached    the app, anonymous, answered by the page cache
//   304       the same with If-None-Match: <its ETag>
//   bare EJS  a bare Express + EJS page of the same size (bare-server.ts)
//   anon      the app started with PAGE_CACHE=false, anonymous: the full render
//   login     the app (page cache on) with the session of a village operator logged in through the
//             real POST /masuk form: the stored page with the operator's navigation (member-view.ts)
//   login uncached  the same session on the app started with PAGE_CACHE=false: the full render
// Every server runs in its own process pinned to CPU 0 and wrk to CPU 1 when taskset exists.
// BENCH_SECONDS (default 5) bounds each wrk run, BENCH_CONNECTIONS overrides -c50, BENCH_PAGES
// (comma-separated keys or paths, e.g. "/,/produk/:slug,/peta.geojson") restricts the pages.
// Loopback only. wrk drops the requests still in flight when its run ends, so for full renders
// slower than about a second at -c50 use a longer BENCH_SECONDS.
// `npm run bench -- --scale` runs scale.ts instead (uncached p50 at two database sizes).
import { randomBytes } from 'node:crypto';
import { prepareBenchDb } from './bench-db';
import { type Page, aligned, cell, markdown, pageList, ratio } from './pages';
import { runScale } from './scale';
import { type Child, drain, killAll, login, request, startServer } from './servers';
import { appEnv, printSetup, warmedLoad } from './settings';
import { type WrkResult, requireWrk } from './wrk';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);

interface Row {
  page: Page;
  skipped?: string;
  bytes?: number;
  hit?: boolean;
  /** Why a mode of a measured page has no numbers. */
  notes?: string[];
  r: Partial<Record<'floor' | 'cached' | 'notModified' | 'bare' | 'anon' | 'login' | 'loginCold', WrkResult | null>>;
}

async function measure(page: Page, s: { cached: Child; uncached: Child; bare: Child; sid: string }): Promise<Row> {
  const url = s.cached.base + page.path;
  const first = await request(url);
  if (first.status !== 200) return { page, skipped: `answered ${first.status}`, r: {} };
  const hit = await request(url);
  const etag = hit.headers.etag;
  const type = hit.headers['content-type'] ?? 'application/octet-stream';
  const row: Row = { page, bytes: hit.body.length, hit: hit.headers['x-cache'] === 'hit', notes: [], r: {} };
  const note = (s: string) => row.notes!.push(`${page.path}: ${s}`);
  const put = await request(`${s.bare.base}/floor`, { method: 'PUT', headers: { 'Content-Type': type }, body: hit.body });
  if (put.status !== 204) throw new Error(`floor server answered ${put.status}`);
  row.r.floor = await warmedLoad(`${s.bare.base}/floor`);
  row.r.bare = await warmedLoad(`${s.bare.base}/page?bytes=${row.bytes}`);
  row.r.cached = await warmedLoad(url);
  const revalidate = etag ? await request(url, { headers: { 'If-None-Match': etag } }) : null;
  if (revalidate?.status === 304) row.r.notModified = await warmedLoad(url, [`If-None-Match: ${etag}`]);
  else note(etag ? `If-None-Match answered ${revalidate?.status}, not 304` : 'no ETag, no 304 run');

  const anonUrl = s.uncached.base + page.path;
  const anon = await request(anonUrl);
  if (anon.status === 200) {
    row.r.anon = await warmedLoad(anonUrl);
    if (!(await drain(anonUrl))) note('the uncached server did not answer again within 5 minutes');
  } else note(`uncached anonymous answered ${anon.status}`);
  const cookie = `Cookie: ${s.sid}`;
  const mine = await request(url, { headers: { Cookie: s.sid } });
  if (mine.status === 200 && mine.headers['x-cache'] === 'member') row.r.login = await warmedLoad(url, [cookie]);
  else note(`logged in answered ${mine.status}${mine.headers['x-cache'] === 'member' ? '' : ' without the stored page'}`);
  const cold = await request(anonUrl, { headers: { Cookie: s.sid } });
  if (cold.status === 200 && !cold.headers['x-cache']) {
    row.r.loginCold = await warmedLoad(anonUrl, [cookie]);
    if (!(await drain(anonUrl, { Cookie: s.sid }))) note('the uncached server did not answer again within 5 minutes');
  } else note(`logged in on the uncached server answered ${cold.status}`);
  return row;
}

async function main() {
  requireWrk();
  const db = await prepareBenchDb(ITEMS, (l) => console.log(l));
  const children: Child[] = [];
  const cleanup = async () => {
    await Promise.all(children.map((c) => c.stop()));
    await db.drop();
  };
  process.once('SIGINT', () => (killAll(), db.drop().finally(() => process.exit(130))));
  try {
    console.log(`Seeded ${db.seed.items} items in ${db.seed.seconds.toFixed(1)} s\n`);
    printSetup(db.label, String(db.seed.items), db.seed.villages);
    const secret = randomBytes(32).toString('hex');
    const cached = await startServer('app-server.ts', appEnv(db, secret, true));
    children.push(cached);
    const uncached = await startServer('app-server.ts', appEnv(db, secret, false));
    children.push(uncached);
    const bare = await startServer('bare-server.ts', {});
    children.push(bare);
    const sid = await login(cached.base, db.operator.username, db.operator.password);
    console.log(`Logged in as ${db.operator.username} (village_operator) through POST /masuk\n`);

    const rows: Row[] = [];
    for (const page of pageList(db.seed)) {
      const row = await measure(page, { cached, uncached, bare, sid }).catch((err: Error): Row => ({ page, skipped: `failed: ${err.message}`, r: {} }));
      console.log(row.skipped ? `${page.path}: skipped, ${row.skipped}` : `${page.path}: ${row.bytes} bytes${row.hit ? '' : ' (not a cache hit!)'}, done`);
      rows.push(row);
    }
    report(rows);
  } finally {
    await cleanup();
  }
}

function report(rows: Row[]) {
  const head = [
    'page',
    'bytes',
    'floor',
    'cached',
    '304',
    'bare EJS',
    'uncached anon',
    'login',
    'uncached login',
    'cached÷floor',
    'anon÷bare',
    'login÷bare',
    'uncached login÷bare',
    'cached p99÷floor p99',
    '304÷cached',
  ];
  const measured = rows.filter((r) => !r.skipped);
  const skipped = [...rows.filter((r) => r.skipped).map((r) => `Skipped: ${r.page.path} (${r.skipped})`), ...rows.flatMap((r) => r.notes ?? [])];
  const table = measured.map(({ page, bytes, hit, r }) => [
    page.path,
    String(bytes),
    cell(r.floor),
    `${cell(r.cached)}${hit ? '' : ' (miss)'}`,
    cell(r.notModified),
    cell(r.bare),
    cell(r.anon),
    cell(r.login),
    cell(r.loginCold),
    ratio(r.cached?.rps, r.floor?.rps),
    ratio(r.anon?.rps, r.bare?.rps),
    ratio(r.login?.rps, r.bare?.rps),
    ratio(r.loginCold?.rps, r.bare?.rps),
    ratio(r.cached?.p99, r.floor?.p99),
    ratio(r.notModified?.rps, r.cached?.rps),
  ]);
  console.log('\nEach mode: req/s p50/p99 (ms). Ratios of req/s, except the p99 one.\n');
  console.log([aligned(head, table), ...skipped].join('\n'));
  console.log('\nMarkdown:\n');
  console.log(
    markdown(
      head.map((h) => (h === 'page' || h === 'bytes' || h.includes('÷') ? h : `${h} req/s p50/p99 ms`)),
      table,
    ),
  );
  if (skipped.length) console.log(`\n${skipped.join('\n')}`);
}

if (require.main === module) {
  (process.argv.includes('--scale') ? runScale() : main()).catch((err) => {
    console.error(err);
    killAll();
    process.exit(1);
  });
}
