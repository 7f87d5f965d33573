// Child server processes for the bench (the app, the baselines), pinned to CPU 0 when taskset exists,
// and a minimal loopback HTTP client that sees exactly the bytes wrk would get (no Accept-Encoding).
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { compiledDir } from './compiled';
import { hasTaskset } from './wrk';

export const SERVER_CPU = '0';
export const WRK_CPU = '1';

export interface Child {
  proc: ChildProcess;
  base: string;
  stop: () => Promise<void>;
}

const live = new Set<ChildProcess>();
export function killAll(): void {
  for (const p of live) p.kill('SIGTERM');
}

/**
 * Starts scripts/bench/<file> under tsx and resolves once it prints its port. `under` runs it inside
 * another program instead of pinned with taskset (count.ts: valgrind), given `startS` to start.
 */
export function startServer(file: string, env: Record<string, string | undefined>, under: { command: string[]; nodeFlags: string[]; startS: number } | null = null): Promise<Child> {
  // Built once here, not by each child: the app servers load the compiled app (./compiled.ts).
  if (file === 'app-server.ts') compiledDir();
  const node = [process.execPath, ...(under?.nodeFlags ?? []), '--import', 'tsx', path.join(__dirname, file)];
  const [cmd, ...args] = under ? [...under.command, ...node] : hasTaskset() ? ['taskset', '-c', SERVER_CPU, ...node] : node;
  const startS = under?.startS ?? 60;
  const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  live.add(proc);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => (live.delete(proc), resolve())));
  const stop = async () => {
    proc.stdin!.end();
    const timer = setTimeout(() => proc.kill('SIGKILL'), under ? 60_000 : 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (proc.kill('SIGKILL'), reject(new Error(`${file} did not start within ${startS} s`))), startS * 1000);
    proc.once('exit', (code) => (clearTimeout(timer), reject(new Error(`${file} exited with ${code} before it listened`))));
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /^(\d+)\n/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.removeAllListeners('data').resume();
      resolve({ proc, base: `http://127.0.0.1:${m[1]}`, stop });
    });
  });
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: opts.agent, timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

const sidOf = (r: Reply) => (r.headers['set-cookie'] ?? []).map((c) => /^pendopo\.sid=[^;]+/.exec(c)?.[0]).find(Boolean);
/** Every cookie a reply sets, as a Cookie header. */
const cookiesOf = (r: Reply) => (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');

/** Logs in through the real form (GET /masuk for the token and its cookie, then POST) and returns the session cookie. */
export async function login(base: string, username: string, password: string): Promise<string> {
  const form = await request(`${base}/masuk`);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body.toString())?.[1];
  const first = cookiesOf(form);
  if (form.status !== 200 || !token || !first) throw new Error(`GET /masuk answered ${form.status} without a token or its cookie`);
  const body = new URLSearchParams({ _csrf: token, username, password }).toString();
  const res = await request(`${base}/masuk`, { method: 'POST', headers: { Cookie: first, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const sid = sidOf(res);
  if (res.status !== 302 || !sid) throw new Error(`POST /masuk answered ${res.status}${res.headers.location ? ` → ${res.headers.location}` : ''}, not a login`);
  const admin = await request(`${base}/admin`, { headers: { Cookie: sid } });
  if (admin.status !== 200) throw new Error(`logged in, but /admin answered ${admin.status}${admin.headers.location ? ` → ${admin.headers.location}` : ''}`);
  return sid;
}

/**
 * Waits until a server answers again after a load run: a slow page leaves a queue of requests
 * behind, and while a synchronous SQLite query holds the event loop even a new connection can be
 * reset. Retries for up to five minutes; false if it never answered.
 */
export async function drain(url: string, headers: Record<string, string> = {}): Promise<boolean> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    try {
      await request(url, { headers });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  return false;
}
