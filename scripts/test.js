#!/usr/bin/env node
// Runs Jest and closes with the line CI reads: "N passed, N failed".
// Extra arguments go to Jest (e.g. `npm test -- tests/unit`).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// A caller's own --outputFile (e.g. `npm test -- --json --outputFile=/tmp/run.json`) is kept and
// read; Jest given two of them writes neither.
const args = process.argv.slice(2);
const own = args.find((a) => a.startsWith('--outputFile='));
const out = own ? path.resolve(own.slice('--outputFile='.length)) : path.join(os.tmpdir(), `pendopo-jest-${process.pid}.json`);
const dialect = process.env.DATABASE_URL ? 'mysql' : 'sqlite';
console.log(`Running tests on ${dialect}`);
const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--json', `--outputFile=${out}`, ...args.filter((a) => a !== '--json' && a !== own)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
let passed = 0;
let failed = 0;
try {
  const result = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests + result.numRuntimeErrorTestSuites;
  if (!own) fs.unlinkSync(out);
} catch {
  failed = failed || 1;
}
console.log(`${dialect}: ${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
