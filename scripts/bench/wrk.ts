// Runs wrk against one URL for a bounded time and reads requests/s and the p50/p99 latencies.
import { execFile } from 'node:child_process';

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: string | null;
}

const ms = (v: string, unit: string) => Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[unit];

export function wrk(url: string, seconds: number, headers: string[] = []): Promise<WrkResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error('bench runs on loopback only');
  const args = ['-t2', '-c20', `-d${seconds}s`, '--latency', ...headers.flatMap((h) => ['-H', h]), url];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { timeout: (seconds + 30) * 1000 }, (err, out) => {
      if (err) return reject(err);
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
      const lat = (p: string) => {
        const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)`, 'm').exec(out);
        return m ? ms(m[1], m[2]) : NaN;
      };
      const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: .*/.exec(out)?.[0] ?? null;
      if (errors) console.warn(`  ${url}: ${errors}`);
      resolve({ rps, p50: lat('50'), p99: lat('99'), errors });
    });
  });
}
