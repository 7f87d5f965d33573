// What run.ts and scale.ts share: the wrk settings, the app processes' environment, the header lines.
import os from 'node:os';
import type { BenchDb } from './bench-db';
import { WRK_CPU } from './servers';
import { hasTaskset, wrk } from './wrk';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** One bounded wrk run with the settings README's "Benchmark" describes: -t1 -c50, wrk pinned to CPU 1. */
export const load = (url: string, headers: string[] = []) => wrk(url, { seconds: SECONDS, threads: 1, connections: CONNECTIONS, cpu: WRK_CPU, headers });

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
