// npm run soak: seeds a throw-away database with SOAK_ITEMS items, starts the app in a child process
// as `npm start` does, and drives a mixed load for SOAK_MINUTES: anonymous reads at 50 connections
// and logged-in reads (wrk), plus an operator posting products with a 2-4 MP JPEG every ~1.5 s.
// Prints the server's RSS every SOAK_INTERVAL_S and exits 1 as soon as it crosses SOAK_MAX_RSS_MB.
// Loopback only; every loop ends at the deadline; children and temp files are removed at the end.
//   SOAK_ITEMS (1000000)  SOAK_MINUTES (10)  SOAK_INTERVAL_S (30)  SOAK_MAX_RSS_MB (300)
//   SOAK_WRITE_EVERY_MS (1500)  SOAK_CONNECTIONS (50)  SOAK_BUILD (1; 0 = tsx src/main.ts)
//   SOAK_SERVER_ENV: extra variables for the server only, e.g. "MALLOC_ARENA_MAX=0" (glibc default,
//   to see the growth) or "LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2" or the probe's
//   SOAK_SHARP_CACHE=0 / SOAK_SHARP_CONCURRENCY=n.
import { login, makePhotos } from './client';
import { prepareDb } from './db';
import { requireWrk } from '../bench/wrk';
import { type Wrk, type Writer, startWriter, startWrk } from './load';
import { type Server, askMemory, canPin, pinSelf, rssMb, serverLabel, startSoakApp } from './server';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] || fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const ITEMS = num('SOAK_ITEMS', 1_000_000);
const MINUTES = num('SOAK_MINUTES', 10);
const INTERVAL_S = num('SOAK_INTERVAL_S', 30);
const MAX_RSS_MB = num('SOAK_MAX_RSS_MB', 300);
const WRITE_EVERY_MS = num('SOAK_WRITE_EVERY_MS', 1500);
const CONNECTIONS = num('SOAK_CONNECTIONS', 50);

const mb = (bytes: number) => (bytes / 1048576).toFixed(0).padStart(4);
const clock = (ms: number) => `${Math.floor(ms / 60000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sample(server: Server, elapsed: number, writer: Writer | null) {
  const r = await askMemory(server.child);
  const now = rssMb(server.child.pid!);
  const m = r?.mem;
  const parts = [`${clock(elapsed).padStart(5)}  RSS ${(now?.rss ?? 0).toFixed(0).padStart(4)} MB (anon ${(now?.anon ?? 0).toFixed(0).padStart(4)})`];
  if (m) {
    parts.push(`heapTotal ${mb(m.heapTotal)}  heapUsed ${mb(m.heapUsed)}  external ${mb(m.external)}  arrayBuffers ${mb(m.arrayBuffers)}`);
    // What no JS counter explains: malloc'd memory of native code (libvips, SQLite, zlib) and its fragmentation.
    if (now) parts.push(`anon-heapTotal ${mb(now.anon * 1048576 - m.heapTotal)}`);
  }
  if (r?.sharpCache) parts.push(`sharp cache ${String(r.sharpCache.memory.current).padStart(3)} MB`);
  if (writer) parts.push(`uploads ${writer.stats.ok} ok ${writer.stats.failed} failed`);
  console.log(parts.join('  '));
}

async function main() {
  requireWrk();
  const cleanups: (() => unknown)[] = [];
  let server: Server | null = null;
  const wrks: Wrk[] = [];
  let writer: Writer | null = null;
  let exitCode = 0;
  let interrupted = false;
  process.once('SIGINT', () => (interrupted = true));
  process.once('SIGTERM', () => (interrupted = true));
  try {
    const db = await prepareDb(ITEMS, console.log);
    cleanups.push(db.drop);
    server = await startSoakApp(db.env, cleanups, console.log);
    pinSelf(1);
    const [writes, reads, photos] = await Promise.all([login(server.base, db.operator.username, db.operator.password), login(server.base, db.operator.username, db.operator.password), makePhotos()]);

    const seconds = Math.round(MINUTES * 60);
    console.log(`\n${db.label}, ${ITEMS} items; server: ${serverLabel()}${canPin() ? ', pinned to core 0 (load on core 1)' : ''}`);
    console.log(
      `load for ${MINUTES} min: anonymous reads at ${CONNECTIONS} connections, logged-in reads at 4, a product with a ${photos.map((p) => (p.length / 1e6).toFixed(1)).join('/')} MB photo every ${WRITE_EVERY_MS} ms; RSS bound ${MAX_RSS_MB} MB\n`,
    );

    const t0 = Date.now();
    const deadline = t0 + seconds * 1000;
    await sample(server, 0, null);
    wrks.push(startWrk(server.base, db.pages.anonymous, seconds, CONNECTIONS));
    wrks.push(startWrk(server.base, db.pages.loggedIn, seconds, 4, [`Cookie: ${reads.cookie}`]));
    writer = startWriter(writes, photos, WRITE_EVERY_MS, deadline);

    let maxRss = 0;
    let nextSample = t0 + INTERVAL_S * 1000;
    while (Date.now() < deadline && !interrupted) {
      await sleep(1000);
      const rss = rssMb(server.child.pid!)?.rss;
      if (rss === undefined) throw new Error('the server process is gone');
      maxRss = Math.max(maxRss, rss);
      if (rss > MAX_RSS_MB) {
        await sample(server, Date.now() - t0, writer);
        console.log(`\nFAIL: server RSS ${rss.toFixed(0)} MB crossed SOAK_MAX_RSS_MB=${MAX_RSS_MB} after ${clock(Date.now() - t0)}`);
        exitCode = 1;
        break;
      }
      if (Date.now() >= nextSample) {
        await sample(server, Date.now() - t0, writer);
        nextSample += INTERVAL_S * 1000;
      }
    }
    for (const w of wrks) w.child.kill('SIGINT'); // wrk prints its summary on SIGINT too
    await writer.stop();
    const [anon, logged] = await Promise.all(wrks.map((w) => w.done));
    console.log(`\nanonymous reads: ${anon}\nlogged-in reads: ${logged}\nuploads: ${writer.stats.ok} ok, ${writer.stats.failed} failed`);
    if (interrupted) {
      console.log('interrupted');
      exitCode = 130;
    } else if (exitCode === 0) {
      console.log(`PASS: server RSS peaked at ${maxRss.toFixed(0)} MB (bound ${MAX_RSS_MB} MB)`);
    }
  } finally {
    for (const w of wrks) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await writer?.stop();
    await server?.stop();
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((err) => console.error('cleanup:', err));
  }
  process.exit(exitCode);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
