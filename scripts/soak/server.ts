// Starts the app for the soak the way `npm start` does (tsc build, then node <build>/src/main.js
// with NODE_ENV=production) in a child process of its own, so its RSS is its own; pinned to core 0.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

// SOAK_BUILD=0 runs src/main.ts under tsx instead of the compiled build (quicker, a little more RSS).
const BUILD = process.env.SOAK_BUILD !== '0';
// Extra environment for the server process only, e.g. SOAK_SERVER_ENV="MALLOC_ARENA_MAX=2".
const SERVER_ENV = Object.fromEntries(
  (process.env.SOAK_SERVER_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);

/** What the server runs, for the report: "compiled build" or "tsx src/main.ts", with SOAK_SERVER_ENV. */
export function serverLabel(): string {
  const extra = Object.entries(SERVER_ENV)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${BUILD ? 'compiled build' : 'tsx src/main.ts'}${extra ? ` with ${extra}` : ''}`;
}

/**
 * Builds (unless SOAK_BUILD=0) and starts the app on a prepared database (its `env`), with an upload
 * folder of its own; the build's and the folder's removal are pushed to `cleanups`, stopping the
 * server is the caller's.
 */
export async function startSoakApp(dbEnv: Record<string, string>, cleanups: (() => unknown)[], log: (s: string) => void): Promise<Server> {
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-soak-uploads-'));
  cleanups.push(() => fs.rmSync(uploads, { recursive: true, force: true }));
  let entry = path.join(ROOT, 'src', 'main.ts');
  if (BUILD) {
    const b = build(log);
    cleanups.push(b.cleanup);
    entry = b.main;
  }
  return startServer(entry, { ...dbEnv, ...SERVER_ENV, UPLOAD_DIR: uploads, SESSION_SECRET: randomBytes(32).toString('hex'), MIGRATE_ON_START: 'true' });
}

export const canPin = () => os.availableParallelism() >= 2 && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;

/** Pins every thread of this process to `core` (taskset -a). */
export function pinSelf(core: number): void {
  if (canPin()) spawnSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
}

/**
 * Compiles src/ and migrations/ with tsconfig.build.json into a private folder under node_modules
 * (so the shared dist/ is untouched and the app still finds its views and packages). Type errors in
 * files being edited elsewhere do not stop tsc from emitting; they are shown, not fatal.
 */
export function build(log: (s: string) => void): { main: string; cleanup: () => void } {
  const out = path.join(ROOT, 'node_modules', '.cache', `pendopo-soak-${process.pid}`);
  const cleanup = () => fs.rmSync(out, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  log('building (tsc -p tsconfig.build.json) ...');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  const main = path.join(out, 'src', 'main.js');
  if (r.status !== 0) log(`  tsc reported errors (build used anyway):\n${String(r.stdout).split('\n').slice(0, 10).join('\n')}`);
  if (!fs.existsSync(main)) {
    cleanup();
    throw new Error('tsc emitted no src/main.js');
  }
  return { main, cleanup };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  child: ChildProcess;
  base: string;
  stop: () => Promise<void>;
}

/** Runs `entry` (compiled main.js, or src/main.ts under tsx) with the probe preloaded; resolves once /healthz answers. */
export async function startServer(entry: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  // The heap bound `npm start` and the Docker image give the server.
  const args = ['--max-old-space-size=160', ...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), '--require', path.join(__dirname, 'probe.cjs'), entry];
  const [cmd, argv] = canPin() ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(cmd, argv, {
    cwd: ROOT,
    // MALLOC_ARENA_MAX as `npm start` and the Docker image set it.
    env: { ...process.env, MALLOC_ARENA_MAX: '2', ...env, NODE_ENV: 'production', LOG_LEVEL: 'silent', PORT: String(port), BIND_ADDRESS: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, base, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error('server did not answer /healthz within 120 s');
}

/** VmRSS and its anonymous part (RssAnon: heaps, malloc arenas) of a process in MB, from /proc (null when it is gone). */
export function rssMb(pid: number): { rss: number; anon: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon') };
  } catch {
    return null;
  }
}

export interface MemReport {
  mem: NodeJS.MemoryUsage;
  sharpCache: { memory: { current: number } } | null;
}

/** The child's own view of its memory, asked over IPC (answered by probe.cjs). */
export function askMemory(child: ChildProcess, timeoutMs = 5000): Promise<MemReport | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => (child.off('message', onMessage), resolve(null)), timeoutMs);
    const onMessage = (msg: { type?: string } & MemReport) => {
      if (msg?.type !== 'mem') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(msg);
    };
    child.on('message', onMessage);
    child.send('mem');
  });
}
