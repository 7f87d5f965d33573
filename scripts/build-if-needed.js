#!/usr/bin/env node
// The first half of `npm start`: compiles the TypeScript sources into dist/ when they differ from
// the last good build (or there is none), saying so, since a first compilation takes a while on a
// small server. A build is good once tsc exits 0; dist/.built then holds the fingerprint of the
// sources it compiled. Plain Node, no dependencies: it runs before anything is compiled.
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const SOURCES = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/**
 * Path, size and modification time of every file under the sources, hashed. Any change counts,
 * an older mtime too (a checkout or an extracted archive can move a file back in time).
 */
function fingerprint(root, sources = SOURCES) {
  const lines = [];
  const walk = (rel) => {
    let stat;
    try {
      stat = fs.statSync(path.join(root, rel));
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(path.join(root, rel)).sort()) walk(path.join(rel, name));
    } else {
      lines.push(`${rel}\t${stat.size}\t${stat.mtimeMs}`);
    }
  };
  for (const s of sources) walk(s);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

const stampOf = (root) => path.join(root, 'dist', '.built');

function readStamp(root) {
  try {
    return fs.readFileSync(stampOf(root), 'utf8').trim();
  } catch {
    return null;
  }
}

/** Whether dist/ must be (re)built, and the sources' fingerprint to record once it is. */
function buildDecision(root, sources = SOURCES) {
  const current = fingerprint(root, sources);
  const stamp = readStamp(root);
  const needed = stamp !== current || !fs.existsSync(path.join(root, 'dist', 'src', 'main.js'));
  return { needed, first: stamp === null, fingerprint: current };
}

function writeStamp(root, print) {
  fs.writeFileSync(stampOf(root), `${print}\n`);
}

function main() {
  const root = path.resolve(__dirname, '..');
  // Taken before tsc runs: a file saved during the compilation makes the next start build again.
  const decision = buildDecision(root);
  if (!decision.needed) return;
  process.stdout.write(decision.first ? 'Menyiapkan Pendopo (kompilasi TypeScript, sekali saja; bisa 1–2 menit)…\n' : 'Sumber berubah sejak kompilasi terakhir: mengompilasi ulang…\n');
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    process.stderr.write('TypeScript tidak terpasang: jalankan `npm install` (dengan devDependencies) lalu `npm start` lagi.\n');
    process.exit(1);
  }
  const started = Date.now();
  const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    process.stderr.write('Kompilasi gagal (lihat pesan di atas); server tidak dijalankan.\n');
    process.exit(1);
  }
  writeStamp(root, decision.fingerprint);
  process.stdout.write(`Kompilasi selesai dalam ${Math.round((Date.now() - started) / 1000)} detik.\n`);
}

if (require.main === module) main();

module.exports = { fingerprint, buildDecision, writeStamp };
