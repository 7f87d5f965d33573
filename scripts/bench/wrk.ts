// Runs wrk against one loopback URL for a bounded time and reads requests/s and the p50/p99
// latencies. wrk's own --timeout is raised above its 2 s default so that slow full renders are
// measured rather than dropped from the latency histogram as socket timeouts.
import { execFile, execFileSync } from 'node:child_process';

export interface WrkResult {
  rps: number;
  /** Requests completed within the run; wrk drops those still in flight when it stops. */
  requests: number;
  p50: number;
  p99: number;
  /** wrk's "Non-2xx or 3xx responses" / "Socket errors" line, when there was one. */
  errors: string | null;
}

export interface WrkOptions {
  seconds: number;
  threads?: number;
  connections?: number;
  /** taskset CPU list for wrk itself, e.g. "1"; ignored when taskset is missing. */
  cpu?: string;
  headers?: string[];
}

const ms = (v: string, unit: string) => Number(v) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[unit];

let tasksetChecked: boolean | undefined;
export function hasTaskset(): boolean {
  if (tasksetChecked === undefined) {
    try {
      execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
      tasksetChecked = true;
    } catch {
      tasksetChecked = false;
    }
  }
  return tasksetChecked;
}

/** Exits with an install hint when wrk is missing. */
export function requireWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary is a problem.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error('wrk is not installed. Install it with: sudo apt-get install -y wrk  (or: brew install wrk)');
      process.exit(2);
    }
  }
}

export function wrk(url: string, opts: WrkOptions): Promise<WrkResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error('bench runs on loopback only');
  const { seconds, threads = 1, connections = 50, headers = [] } = opts;
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, `--timeout`, `${Math.max(10, seconds * 2)}s`, '--latency', ...headers.flatMap((h) => ['-H', h]), url];
  const [cmd, argv] = opts.cpu && hasTaskset() ? ['taskset', ['-c', opts.cpu, 'wrk', ...args]] : ['wrk', args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { timeout: (seconds + 30) * 1000 }, (err, out) => {
      if (err) return reject(err);
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
      const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      const lat = (p: string) => {
        if (requests === 0) return NaN; // wrk prints 0.00us percentiles when nothing completed
        const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)`, 'm').exec(out);
        return m ? ms(m[1], m[2]) : NaN;
      };
      const errors =
        [requests === 0 ? 'no request completed within the run' : undefined, /Non-2xx or 3xx responses: \d+/.exec(out)?.[0], /Socket errors: .*/.exec(out)?.[0]].filter(Boolean).join('; ') || null;
      if (errors) console.warn(`  ${url}: ${errors}`);
      resolve({ rps, requests, p50: lat('50'), p99: lat('99'), errors });
    });
  });
}
