// `npm start` compiles only when the sources differ from the last good build: the decision of
// scripts/build-if-needed.js, on a folder of its own (tsc itself is not run here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-Node script, no types to import
const script = require('../../scripts/build-if-needed.js') as {
  buildDecision(root: string): { needed: boolean; first: boolean; fingerprint: string };
  writeStamp(root: string, print: string): void;
};

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-build-'));
  fs.mkdirSync(path.join(root, 'src', 'modules'), { recursive: true });
  fs.mkdirSync(path.join(root, 'dist', 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'main.ts'), 'export {};\n');
  fs.writeFileSync(path.join(root, 'src', 'modules', 'a.ts'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(root, 'package.json'), '{}\n');
  fs.writeFileSync(path.join(root, 'dist', 'src', 'main.js'), '');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** As after a good build of the sources as they are now. */
const built = () => script.writeStamp(root, script.buildDecision(root).fingerprint);

test('no build yet: needed, and said to be the first', () => {
  expect(script.buildDecision(root)).toMatchObject({ needed: true, first: true });
});

test('unchanged sources after a good build: not needed', () => {
  built();
  expect(script.buildDecision(root)).toMatchObject({ needed: false, first: false });
});

test('a file given an OLDER modification time (a checkout, an extracted archive): needed', () => {
  built();
  const file = path.join(root, 'src', 'modules', 'a.ts');
  const old = new Date('2020-01-01T00:00:00Z');
  fs.utimesSync(file, old, old);
  expect(script.buildDecision(root)).toMatchObject({ needed: true, first: false });
});

test('a file added, removed or resized: needed', () => {
  built();
  fs.writeFileSync(path.join(root, 'src', 'modules', 'b.ts'), '');
  expect(script.buildDecision(root).needed).toBe(true);
  built();
  fs.rmSync(path.join(root, 'src', 'modules', 'b.ts'));
  expect(script.buildDecision(root).needed).toBe(true);
  built();
  const stat = fs.statSync(path.join(root, 'src', 'main.ts'));
  fs.writeFileSync(path.join(root, 'src', 'main.ts'), 'export {};\n//\n');
  fs.utimesSync(path.join(root, 'src', 'main.ts'), stat.atime, stat.mtime);
  expect(script.buildDecision(root).needed).toBe(true);
});

test('the compiled entry point missing: needed even with a matching stamp', () => {
  built();
  fs.rmSync(path.join(root, 'dist', 'src', 'main.js'));
  expect(script.buildDecision(root).needed).toBe(true);
});
