// npx tsx scripts/soak/photos.ts: what one photo upload costs the server in memory. Starts the app as
// the soak does (small database, PROBE_ITEMS items), logs an operator in, then posts the soak's
// photos one at a time (PROBE_PHOTOS, default 8) and in bursts of PROBE_BURST at once (default 3,
// as the soak's writer allows when the server lags). Around each upload it resets the kernel's peak
// (VmHWM, via /proc/<pid>/clear_refs) and samples VmRSS every 100 ms; it prints RSS before, the peak
// (VmHWM) and RSS after. PROBE_READS=n adds the soak's anonymous reads at n connections (wrk) for
// the whole run, after PROBE_WARM_S seconds (default 20) of reads alone whose peak is printed first.
// PROBE_WHAT: product (default: a published product with the photo, as the soak posts), media (the
// photo into the media library, nothing published) or text (the product without a photo).
// Loopback only, bounded; SOAK_BUILD and SOAK_SERVER_ENV as in run.ts.
import fs from 'node:fs';
import os from 'node:os';
import { type Session, login, makePhotos, postProduct } from './client';
import { prepareDb } from './db';
import { startWrk } from './load';
import { type Server, askMemory, serverLabel, startSoakApp } from './server';

const ITEMS = Number(process.env.PROBE_ITEMS || 2000);
const PHOTOS = Number(process.env.PROBE_PHOTOS || 8);
const BURST = Number(process.env.PROBE_BURST || 3);
const READS = Number(process.env.PROBE_READS || 0);
const WARM_S = Number(process.env.PROBE_WARM_S || 20);
const WHAT = process.env.PROBE_WHAT || 'product';

function status(pid: number): { rss: number; hwm: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) / 1024;
  return { rss: mb('VmRSS'), hwm: mb('VmHWM') };
}

/** Runs `job` while sampling the server's RSS every 100 ms; the kernel's peak is reset first. */
async function measured<T>(server: Server, job: () => Promise<T>) {
  const pid = server.child.pid!;
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const before = status(pid).rss;
  let sampled = before;
  let atPeak = '';
  let asking = false;
  const timer = setInterval(() => {
    const rss = status(pid).rss;
    if (rss > sampled) sampled = rss;
    if (asking) return;
    asking = true;
    // The JS side's own counters, kept for the highest RSS seen: is the peak inside V8's heap or outside?
    void askMemory(server.child, 2000).then((r) => {
      asking = false;
      if (r && rss >= sampled) atPeak = `heap ${mb(r.mem.heapTotal)} (used ${mb(r.mem.heapUsed)}) external ${mb(r.mem.external)}`;
    });
  }, 100);
  const t0 = Date.now();
  try {
    const result = await job();
    await new Promise((r) => setTimeout(r, 300));
    const now = status(pid);
    return { result, before, peak: Math.max(now.hwm, sampled), after: now.rss, ms: Date.now() - t0, atPeak };
  } finally {
    clearInterval(timer);
  }
}

/** A photo into the media library: the upload's processing without a publish. */
async function postMedia(s: Session, photo: Buffer): Promise<boolean> {
  const form = new FormData();
  form.append('alt', 'Foto uji');
  form.append('file', new Blob([photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'IMG.jpg');
  const res = await fetch(`${s.base}/admin/media?_csrf=${encodeURIComponent(s.csrf)}`, { method: 'POST', body: form, headers: { Cookie: s.cookie }, redirect: 'manual' });
  await res.arrayBuffer();
  return res.status === 303;
}

const post = (s: Session, photo: Buffer) => (WHAT === 'media' ? postMedia(s, photo) : WHAT === 'text' ? postProduct(s, null) : postProduct(s, photo));

const f = (n: number) => n.toFixed(0).padStart(4);
const mb = (bytes: number) => f(bytes / 1048576);

async function main() {
  const cleanups: (() => unknown)[] = [];
  try {
    const db = await prepareDb(ITEMS, () => {});
    cleanups.push(db.drop);
    const server = await startSoakApp(db.env, cleanups, console.log);
    cleanups.push(server.stop);
    const [session, photos] = await Promise.all([login(server.base, db.operator.username, db.operator.password), makePhotos()]);
    console.log(`${WHAT}; server: ${serverLabel()}; photos ${photos.map((p) => (p.length / 1e6).toFixed(1)).join('/')} MB; load ${os.loadavg()[0].toFixed(2)}`);
    if (READS > 0) {
      const wrk = startWrk(server.base, db.pages.anonymous, 900, READS);
      cleanups.push(() => wrk.child.kill('SIGINT'));
      const m = await measured(server, () => new Promise((r) => setTimeout(r, WARM_S * 1000)));
      console.log(`reads alone at ${READS} connections for ${WARM_S} s: RSS ${f(m.before)} → ${f(m.after)} MB, peak ${f(m.peak)} MB  ${m.atPeak}`);
    }
    console.log('upload        RSS before  peak (VmHWM)  RSS after   ms  ok');
    const peaks: number[] = [];
    for (let i = 0; i < PHOTOS; i++) {
      const m = await measured(server, () => post(session, photos[i % photos.length]));
      peaks.push(m.peak);
      console.log(`one #${String(i + 1).padEnd(7)} ${f(m.before)} MB     ${f(m.peak)} MB      ${f(m.after)} MB  ${String(m.ms).padStart(5)}  ${m.result}  ${m.atPeak}`);
    }
    for (let b = 0; b < 2; b++) {
      const m = await measured(server, () => Promise.all(Array.from({ length: BURST }, (_, i) => post(session, photos[(b * BURST + i) % photos.length]))));
      peaks.push(m.peak);
      console.log(`${BURST} at once #${b + 1} ${f(m.before)} MB     ${f(m.peak)} MB      ${f(m.after)} MB  ${String(m.ms).padStart(5)}  ${m.result.every(Boolean)}  ${m.atPeak}`);
    }
    console.log(`highest peak ${f(Math.max(...peaks))} MB`);
  } finally {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((err) => console.error('cleanup:', err));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
