// What run.ts and scale.ts share: the wrk settings, the app processes' environment, the header lines.
import os from 'node:os';
import type { BenchDb } from './bench-db';
import { WRK_CPU, drain } from './servers';
import { hasTaskset, wrk } from './wrk';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 1);

/** One bounded wrk run with the settings README's "Benchmark" describes: -t1 -c50, wrk pinned to CPU 1. */
export const load = (url: string, headers: string[] = []) => wrk(url, { seconds: SECONDS, threads: 1, connections: CONNECTIONS, cpu: WRK_CPU, headers });

/**
 * The same after an unmeasured run of WARM_SECONDS and the answers it left queued: a mode's first
 * seconds on a server otherwise include V8 compiling its code path, which showed as a p99 of
 * 275 ms in the first run of a cache hit and 40 ms in the next ones.
 */
export async function warmedLoad(url: string, headers: string[] = []) {
  await warm(url, headers);
  return load(url, headers);
}

/** warmedLoad's unmeasured run alone. */
export async function warm(url: string, headers: string[] = []) {
  if (WARM_SECONDS <= 0) return;
  await wrk(url, { seconds: WARM_SECONDS, threads: 1, connections: CONNECTIONS, cpu: WRK_CPU, headers });
  await drain(url, Object.fromEntries(headers.map((h) => [h.slice(0, h.indexOf(':')), h.slice(h.indexOf(':') + 1).trim()])));
}

export function appEnv(db: BenchDb, secret: string, pageCache: boolean): Record<string, string | undefined> {
  return { BENCH_SQLITE_PATH: db.target.sqlitePath, BENCH_DATABASE_URL: db.target.databaseUrl, SESSION_SECRET: secret, PAGE_CACHE: String(pageCache) };
}

export function printSetup(label: string, items: string, villages: number): void {
  console.log(`Database:    ${label}`);
  console.log(`Items:       ${items}; villages: ${villages}`);
  console.log(
    `Cores:       ${os.cpus().length}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`Pinning:     ${hasTaskset() ? `on (servers on CPU 0, wrk on CPU ${WRK_CPU})` : 'off (no taskset)'}`);
  console.log(`wrk:         -t1 -c${CONNECTIONS} -d${SECONDS}s --latency, loopback, one server loaded at a time\n`);
}
