// The app as the benchmarks run it is the compiled JavaScript npm start runs, not the TypeScript
// sources under tsx: tsx compiles with esbuild's keepNames, which wraps every function made at run
// time in a __name call (Object.defineProperty of its name), and the closures made per request
// paid that in the profiles (about 1 %) where production does not.
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from '../soak/server';

/**
 * The folder of this process's compiled build (src/ and migrations/, tsconfig.build.json), built on
 * first use and removed at exit. Children started with this environment (servers.ts) use the same.
 */
export function compiledDir(): string {
  if (process.env.BENCH_APP_DIR) return process.env.BENCH_APP_DIR;
  const t0 = Date.now();
  const { main, cleanup } = build((line) => console.error(line));
  process.once('exit', cleanup);
  const dir = path.dirname(path.dirname(main));
  console.error(`  built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.env.BENCH_APP_DIR = dir;
  return dir;
}

/** A module of the compiled build, e.g. compiled<typeof import('../../src/app')>('src/app'). */
export function compiled<T>(module: string): T {
  return load(path.join(compiledDir(), module)) as T;
}

// Loaded at run time from a folder tsc wrote, so not an import.
const load = createRequire(__filename);
