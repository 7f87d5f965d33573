// npm run lighthouse: loads the demo kecamatan into a throw-away SQLite file, starts the app on a
// loopback port and runs Lighthouse (mobile form factor, default simulated throttling) against the
// home, one village, one product and one project page. Prints the four category scores per page and
// the bytes the home page transfers before images, and exits 1 if any score is below 0.95.
// Not part of CI. Needs Chromium: CHROME_PATH (default /usr/bin/chromium); it never downloads one.
// No external requests are made (the pages tested load nothing from other origins).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './soak/server';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const LIGHTHOUSE = path.join(ROOT, 'node_modules', '.bin', 'lighthouse');
const MIN_SCORE = Number(process.env.LIGHTHOUSE_MIN ?? 0.95);
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

async function waitUp(url: string, child: ChildProcess, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer at ${url} within ${ms} ms`);
}

/** GET with one retry: a keep-alive socket the server closed while Lighthouse ran fails once. */
async function get(url: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await (await fetch(url)).text();
    } catch (err) {
      if (attempt >= 2) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** First href on `listPath` that matches `pattern` (a path with one slug). */
async function firstLink(base: string, listPath: string, pattern: RegExp): Promise<string> {
  const html = await get(base + listPath);
  for (const m of html.matchAll(/href="([^"#?]+)"/g)) {
    const href = m[1].startsWith(base) ? m[1].slice(base.length) : m[1];
    if (pattern.test(href)) return href;
  }
  throw new Error(`no link matching ${pattern} on ${listPath}`);
}

function lhVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

/** The parts of a Lighthouse result (LHR) this script reads. */
type LHR = {
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] } | undefined>;
  audits: Record<string, { score: number | null; displayValue?: string; details?: unknown }>;
};

type Row = { page: string; scores: Record<string, number | null>; failing: string[] };

async function main() {
  const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromePath)) {
    console.error(`Chromium not found at ${chromePath}; set CHROME_PATH.`);
    process.exit(2);
  }
  process.env.CHROME_PATH = chromePath;

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-lh-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    SQLITE_PATH: path.join(tmp, 'lh.sqlite'),
    UPLOAD_DIR: path.join(tmp, 'uploads'),
    PORT: String(port),
    BIND_ADDRESS: '127.0.0.1',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    PENDOPO_DEMO_PASSWORD: `lh-${randomBytes(12).toString('hex')}`,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;

  let server: ChildProcess | undefined;
  try {
    console.log('Loading the demo kecamatan into a temp SQLite file…');
    const demo = spawnSync(TSX, ['src/cli/demo.ts'], { cwd: ROOT, env, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`demo loader failed:\n${demo.stdout}\n${demo.stderr}`);

    // The demo kecamatan answers on host "localhost"; Chromium resolves it to loopback itself.
    const base = `http://localhost:${port}`;
    server = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitUp(`${base}/`, server);

    const pages = [
      '/',
      await firstLink(base, '/desa', /^\/desa\/[a-z0-9-]+$/),
      await firstLink(base, '/produk', /^\/produk\/[a-z0-9-]+$/),
      await firstLink(base, '/pembangunan', /^\/pembangunan\/[a-z0-9-]+$/),
    ];

    const rows: Row[] = [];
    let homeBytes: { doc: number; css: number; other: number; images: number } | undefined;
    for (const page of pages) {
      // Warm the page cache first so the run measures what visitors normally get.
      await get(base + page);
      // The Lighthouse CLI (in a child process, one fresh Chromium per page) is used rather than the
      // Node API: under tsx the in-process API fails to record the trace (NO_NAVSTART).
      const out = path.join(tmp, 'report.json');
      const run = spawnSync(LIGHTHOUSE, [base + page, `--chrome-flags=${CHROME_FLAGS.join(' ')}`, `--only-categories=${CATEGORIES.join(',')}`, '--output=json', `--output-path=${out}`, '--quiet'], {
        cwd: ROOT,
        env: { ...process.env, CHROME_PATH: chromePath },
        encoding: 'utf8',
        timeout: 300_000,
      });
      if (run.status !== 0 || !fs.existsSync(out)) throw new Error(`Lighthouse failed on ${page} (exit ${run.status}):\n${run.stderr}`);
      const lhr = JSON.parse(fs.readFileSync(out, 'utf8')) as LHR;
      fs.rmSync(out);
      if (lhr.runtimeError) throw new Error(`${page}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const scores: Record<string, number | null> = {};
      const failing: string[] = [];
      for (const c of CATEGORIES) {
        const cat = lhr.categories[c];
        scores[c] = cat?.score ?? null;
        for (const ref of cat?.auditRefs ?? []) {
          const a = lhr.audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 0.9) failing.push(`${c}/${ref.id} (${a.score}${a.displayValue ? `, ${a.displayValue}` : ''})`);
        }
      }
      rows.push({ page, scores, failing });
      if (process.env.LIGHTHOUSE_JSON_DIR) {
        fs.mkdirSync(process.env.LIGHTHOUSE_JSON_DIR, { recursive: true });
        const name = page === '/' ? 'home' : page.replace(/^\//, '').replace(/\//g, '_');
        fs.writeFileSync(path.join(process.env.LIGHTHOUSE_JSON_DIR, `${name}.json`), JSON.stringify(lhr, null, 1));
      }
      if (page === '/') {
        const items = (lhr.audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number }[] })?.items ?? [];
        homeBytes = { doc: 0, css: 0, other: 0, images: 0 };
        for (const it of items) {
          const n = it.transferSize ?? 0;
          if (it.resourceType === 'Document') homeBytes.doc += n;
          else if (it.resourceType === 'Stylesheet') homeBytes.css += n;
          else if (it.resourceType === 'Image') homeBytes.images += n;
          else homeBytes.other += n;
        }
      }
    }

    const fmt = (s: number | null) => (s === null ? '  n/a' : s.toFixed(2).padStart(5));
    console.log(`\nLighthouse ${lhVersion()}, mobile, simulated throttling\n`);
    console.log(`| page | performance | accessibility | best practices | SEO |`);
    console.log(`|---|---:|---:|---:|---:|`);
    for (const r of rows) console.log(`| \`${r.page}\` | ${CATEGORIES.map((c) => fmt(r.scores[c]).trim()).join(' | ')} |`);
    if (homeBytes) {
      const before = homeBytes.doc + homeBytes.css + homeBytes.other;
      console.log(
        `\nHome page transferred: HTML ${homeBytes.doc} B + CSS ${homeBytes.css} B + other ${homeBytes.other} B = ${before} B (${(before / 1024).toFixed(1)} KB) before images; images ${homeBytes.images} B`,
      );
    }
    const low = rows.filter((r) => CATEGORIES.some((c) => (r.scores[c] ?? 0) < MIN_SCORE));
    for (const r of rows) if (r.failing.length) console.log(`\n${r.page} audits below 0.9:\n  ${r.failing.join('\n  ')}`);
    if (low.length) {
      console.log(`\nBelow ${MIN_SCORE}: ${low.map((r) => r.page).join(', ')}`);
      process.exitCode = 1;
    } else {
      console.log(`\nAll scores at least ${MIN_SCORE}.`);
    }
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
