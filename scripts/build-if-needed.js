#!/usr/bin/env node
// The first half of `npm start`: compiles the TypeScript sources into dist/ when they changed since
// the last good build (or there is none), saying so, since a first compilation takes a while on a
// small server. A build is good once tsc exits 0; dist/.built records when. Plain Node, no
// dependencies: it runs before anything is compiled.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.built');
const SOURCES = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest modification time (ms) under a file or folder. */
function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

function builtAt() {
  try {
    return fs.statSync(STAMP).mtimeMs;
  } catch {
    return 0;
  }
}

const sources = Math.max(...SOURCES.map((s) => newest(path.join(ROOT, s))));
if (builtAt() > sources && fs.existsSync(path.join(ROOT, 'dist', 'src', 'main.js'))) process.exit(0);

const first = builtAt() === 0;
process.stdout.write(first ? 'Menyiapkan Pendopo (kompilasi TypeScript, sekali saja; bisa 1–2 menit)…\n' : 'Sumber berubah sejak kompilasi terakhir: mengompilasi ulang…\n');
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
} catch {
  process.stderr.write('TypeScript tidak terpasang: jalankan `npm install` (dengan devDependencies) lalu `npm start` lagi.\n');
  process.exit(1);
}
const started = Date.now();
const run = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
if (run.status !== 0) {
  process.stderr.write('Kompilasi gagal (lihat pesan di atas); server tidak dijalankan.\n');
  process.exit(1);
}
fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
process.stdout.write(`Kompilasi selesai dalam ${Math.round((Date.now() - started) / 1000)} detik.\n`);
