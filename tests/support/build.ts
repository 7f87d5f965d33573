import { transformFile } from '@swc/core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The variable that names the run's compiled copy of src/ and migrations/ while the suite runs. */
export const BUILD_DIR = 'PENDOPO_TEST_BUILD';

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true }).flatMap((e) => {
    const file = path.relative(ROOT, path.join(e.parentPath, e.name));
    return e.isFile() && file.endsWith('.ts') && !file.endsWith('.d.ts') ? [file] : [];
  });
}

/**
 * Part of Jest's globalSetup (tests/support/global-setup.ts): src/ and migrations/ compiled once into
 * a temporary folder laid out as `npm run build` lays out dist/ (src/main.js, src/cli/*.js), which is
 * what `npm start` and the Docker image run (README, "Docker"). The tests that start the server or a
 * command as a process of its own start that (childEntry) instead of compiling every file again through
 * tsx in each child. Compiled with the options jest.config.js compiles the in-process tests with.
 * package.json, views/, public/ and node_modules/ are links to the checkout's, so src/paths.ts finds
 * its root there. Readable by everyone: tests/integration/startup.test.ts runs some as "nobody".
 */
export async function buildForChildren(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-build-'));
  fs.chmodSync(dir, 0o755);
  const files = [...sourcesUnder('src'), ...sourcesUnder('migrations')];
  await Promise.all(
    files.map(async (file) => {
      const out = path.join(dir, file.replace(/\.ts$/, '.js'));
      const { code } = await transformFile(path.join(ROOT, file), { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, swcrc: false });
      fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o755 });
      fs.writeFileSync(out, code);
    }),
  );
  for (const link of ['package.json', 'views', 'public', 'node_modules']) fs.symlinkSync(path.join(ROOT, link), path.join(dir, link));
  process.env[BUILD_DIR] = dir;
}

/** Part of Jest's globalTeardown: removes it. */
export function removeBuild(): void {
  const dir = process.env[BUILD_DIR];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * How to start `src/<entry>.ts` (e.g. 'main', 'cli/migrate') as a process: node on the run's compiled
 * copy, or, when a file runs outside the suite's globalSetup, through tsx on the source.
 */
export function childEntry(entry: string): string[] {
  const dir = process.env[BUILD_DIR];
  return dir ? [path.join(dir, 'src', `${entry}.js`)] : ['--import', 'tsx', path.join(ROOT, 'src', `${entry}.ts`)];
}
