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
// BENCH_ROUNDS (default 1) measures every mode of a page that many times, round after round: each
// cell is the mode's round of median req/s, each ratio the median of the rounds' ratios, so a slow
// spell of a shared machine moves one round, not one mode.
// `npm run bench -- --scale` runs scale.ts instead (uncached p50 at two database sizes).
import { randomBytes } from 'node:crypto';
import { prepareBenchDb } from './bench-db';
import { type Page, aligned, cell, markdown, pageList, ratio } from './pages';
import { runScale } from './scale';
import { type Child, drain, killAll, login, request, startServer } from './servers';
import { appEnv, printSetup, warmedLoad } from './settings';
import { type WrkResult, requireWrk } from './wrk';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));

type Mode = 'floor' | 'cached' | 'notModified' | 'bare' | 'anon' | 'login' | 'loginCold';
type Results = Partial<Record<Mode, WrkResult | null>>;

interface Row {
  page: Page;
  skipped?: string;
  bytes?: number;
  hit?: boolean;
  /** Why a mode of a measured page has no numbers. */
  notes?: string[];
  /** Each mode's round of median req/s. */
  r: Results;
  rounds?: Results[];
}

/** The middle one of `items` by `key` (the lower of the two middle ones of an even count). */
const middle = <T>(items: T[], key: (item: T) => number): T => items.sort((a, b) => key(a) - key(b))[Math.floor((items.length - 1) / 2)];

/** The round of median req/s of each mode. */
function medianRounds(rounds: Results[]): Results {
  const out: Results = {};
  for (const mode of Object.keys(rounds[0] ?? {}) as Mode[]) {
    const got = rounds.map((r) => r[mode]).filter((r): r is WrkResult => !!r);
    out[mode] = got.length ? middle(got, (r) => r.rps) : null;
  }
  return out;
}

/** The median over the rounds of a ratio between two of their modes. */
function roundsRatio(rounds: Results[] | undefined, a: Mode, b: Mode, field: 'rps' | 'p99' = 'rps'): string {
  const each = (rounds ?? []).map((r) => (r[a] && r[b] ? r[a]![field] / r[b]![field] : NaN)).filter(Number.isFinite);
  return each.length
    ? ratio(
        middle(each, (v) => v),
        1,
      )
    : '–';
}

async function measure(page: Page, s: { cached: Child; uncached: Child; bare: Child; sid: string }): Promise<Row> {
  const url = s.cached.base + page.path;
  const first = await request(url);
  if (first.status !== 200) return { page, skipped: `answered ${first.status}`, r: {} };
  const hit = await request(url);
  const etag = hit.headers.etag;
  const type = hit.headers['content-type'] ?? 'application/octet-stream';
  const row: Row = { page, bytes: hit.body.length, hit: hit.headers['x-cache'] === 'hit', notes: [], r: {}, rounds: [] };
  const notes = new Set<string>();
  const note = (s: string) => notes.add(`${page.path}: ${s}`);
  const put = await request(`${s.bare.base}/floor`, { method: 'PUT', headers: { 'Content-Type': type }, body: hit.body });
  if (put.status !== 204) throw new Error(`floor server answered ${put.status}`);
  for (let i = 0; i < ROUNDS; i++) row.rounds!.push(await round(page.path, etag, row.bytes!, s, note));
  row.r = medianRounds(row.rounds!);
  row.notes = [...notes];
  return row;
}

/** Every mode of a page once. */
async function round(path: string, etag: string | undefined, bytes: number, s: { cached: Child; uncached: Child; bare: Child; sid: string }, note: (s: string) => void): Promise<Results> {
  const r: Results = {};
  const url = s.cached.base + path;
  r.floor = await warmedLoad(`${s.bare.base}/floor`);
  r.bare = await warmedLoad(`${s.bare.base}/page?bytes=${bytes}`);
  r.cached = await warmedLoad(url);
  const revalidate = etag ? await request(url, { headers: { 'If-None-Match': etag } }) : null;
  if (revalidate?.status === 304) r.notModified = await warmedLoad(url, [`If-None-Match: ${etag}`]);
  else note(etag ? `If-None-Match answered ${revalidate?.status}, not 304` : 'no ETag, no 304 run');

  const anonUrl = s.uncached.base + path;
  const anon = await request(anonUrl);
  if (anon.status === 200) {
    r.anon = await warmedLoad(anonUrl);
    if (!(await drain(anonUrl))) note('the uncached server did not answer again within 5 minutes');
  } else note(`uncached anonymous answered ${anon.status}`);
  const cookie = `Cookie: ${s.sid}`;
  const mine = await request(url, { headers: { Cookie: s.sid } });
  if (mine.status === 200 && mine.headers['x-cache'] === 'member') r.login = await warmedLoad(url, [cookie]);
  else note(`logged in answered ${mine.status}${mine.headers['x-cache'] === 'member' ? '' : ' without the stored page'}`);
  const cold = await request(anonUrl, { headers: { Cookie: s.sid } });
  if (cold.status === 200 && !cold.headers['x-cache']) {
    r.loginCold = await warmedLoad(anonUrl, [cookie]);
    if (!(await drain(anonUrl, { Cookie: s.sid }))) note('the uncached server did not answer again within 5 minutes');
  } else note(`logged in on the uncached server answered ${cold.status}`);
  return r;
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
  const table = measured.map(({ page, bytes, hit, r, rounds }) => [
    page.path,
    String(bytes),
    cell(r.floor),
    `${cell(r.cached)}${hit ? '' : ' (miss)'}`,
    cell(r.notModified),
    cell(r.bare),
    cell(r.anon),
    cell(r.login),
    cell(r.loginCold),
    roundsRatio(rounds, 'cached', 'floor'),
    roundsRatio(rounds, 'anon', 'bare'),
    roundsRatio(rounds, 'login', 'bare'),
    roundsRatio(rounds, 'loginCold', 'bare'),
    roundsRatio(rounds, 'cached', 'floor', 'p99'),
    roundsRatio(rounds, 'notModified', 'cached'),
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
