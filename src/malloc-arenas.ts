import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * glibc gives every thread that contends for malloc an arena of its own (up to 8 per core) and
 * rarely hands their freed pages back. sharp decodes and encodes photos on libuv's and libvips'
 * threads, so each upload leaves its image buffers in whichever arenas those threads used, and RSS
 * climbs for hours while the JS heap stays flat (issue 7; `npm run soak` measures it). Two arenas
 * keep that retained memory bounded. glibc reads MALLOC_ARENA_MAX only when a process starts, so the
 * server restarts itself once with it set; set it yourself (0 = glibc's default) to skip that.
 */
export const ARENA_MAX = '2';
const SUPERVISOR = 'PENDOPO_SUPERVISOR_PID';

export function isGlibc(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return Boolean(report?.header?.glibcVersionRuntime);
}

/** The environment to restart this process with, or null when it already runs as it should. */
export function arenaRestartEnv(env: NodeJS.ProcessEnv, glibc: boolean): NodeJS.ProcessEnv | null {
  if (!glibc || env.MALLOC_ARENA_MAX !== undefined) return null;
  return { ...env, MALLOC_ARENA_MAX: ARENA_MAX };
}

/**
 * Restarts this script in a child process with MALLOC_ARENA_MAX set, when needed, and returns true
 * (this process then only relays signals and exits with the child's code); false: carry on here.
 */
export function restartWithArenaCap(): boolean {
  const env = arenaRestartEnv(process.env, process.platform === 'linux' && isGlibc());
  if (!env) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...env, [SUPERVISOR]: String(process.pid) },
    stdio: 'inherit',
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(err);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  return true;
}

/** In the restarted server: shut down gracefully (SIGTERM) if the relaying parent disappears, e.g. killed with SIGKILL. */
export function followSupervisor(): void {
  const parent = Number(process.env[SUPERVISOR]);
  if (!parent) return;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      process.kill(process.pid, 'SIGTERM');
    }
  }, 2000);
  timer.unref();
}
