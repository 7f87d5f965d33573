// The soak's load: wrk rotating over page lists (bounded by -d), and a steady photo-upload loop.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type Session, postProduct } from './client';
import { canPin } from './server';

export interface Wrk {
  child: ChildProcess;
  /** wrk's summary (requests/s, non-2xx) once it has ended. */
  done: Promise<string>;
}

/** wrk on core 1 for `seconds`, `connections` connections, requests rotating over `paths`. */
export function startWrk(base: string, paths: string[], seconds: number, connections: number, headers: string[] = []): Wrk {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) throw new Error('the soak runs on loopback only');
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', path.join(__dirname, 'rotate.lua'), ...headers.flatMap((h) => ['-H', h]), `${base}/`];
  const [cmd, argv] = canPin() ? ['taskset', ['-c', '1', 'wrk', ...args]] : ['wrk', args];
  const child = spawn(cmd, argv, { env: { ...process.env, SOAK_PATHS: paths.join(' ') }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  const done = new Promise<string>((resolve) => child.once('exit', () => resolve(summary(out))));
  return { child, done };
}

function summary(out: string): string {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? '?';
  const total = /(\d+) requests in/.exec(out)?.[1] ?? '?';
  const bad = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
  const socket = /Socket errors: .*/.exec(out)?.[0];
  return `${total} requests, ${rps} req/s, ${bad} non-2xx/3xx${socket ? `, ${socket}` : ''}`;
}

export interface Writer {
  stats: { ok: number; failed: number };
  stop: () => Promise<void>;
}

/**
 * Starts posting a product with a photo every `everyMs` until `deadline` or stop(): a steady arrival
 * rate, as operators do not wait for each other; at most `maxInFlight` at once when the server lags.
 */
export function startWriter(session: Session, photos: Buffer[], everyMs: number, deadline: number, maxInFlight = 3): Writer {
  const stats = { ok: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  let i = 0;
  const tick = () => {
    if (Date.now() >= deadline) return stop();
    if (inFlight.size >= maxInFlight) return;
    const p: Promise<void> = postProduct(session, photos[i++ % photos.length])
      .catch(() => false)
      .then((ok) => {
        if (ok) stats.ok++;
        else stats.failed++;
        inFlight.delete(p);
      });
    inFlight.add(p);
  };
  const timer = setInterval(tick, everyMs);
  tick();
  const stop = async () => {
    clearInterval(timer);
    await Promise.all(inFlight);
  };
  return { stats, stop };
}
