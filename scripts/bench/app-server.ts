// The app under test in its own process, so that it can be pinned to a core apart from wrk and the
// bench itself. Reads BENCH_SQLITE_PATH or BENCH_DATABASE_URL (the seeded database), PAGE_CACHE and
// SESSION_SECRET from its environment, prints its loopback port, and exits when stdin closes.
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/db/create-db';
import { createLogger } from '../../src/logger';
import { LocalStorage } from '../../src/files';
import { httpServer } from '../../src/http/server';
import { type Profile, mapToSources } from './cpuprofile';

async function main() {
  // Never fall back to the default data/pendopo.sqlite: only the bench's own database.
  if (!process.env.BENCH_SQLITE_PATH && !process.env.BENCH_DATABASE_URL) throw new Error('BENCH_SQLITE_PATH or BENCH_DATABASE_URL is required');
  const { db } = createDb({ sqlitePath: process.env.BENCH_SQLITE_PATH, databaseUrl: process.env.BENCH_DATABASE_URL });
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: process.env.SESSION_SECRET,
    PAGE_CACHE: process.env.PAGE_CACHE ?? 'true',
    PAGE_CACHE_WAIT_MS: process.env.PAGE_CACHE_WAIT_MS,
    DATABASE_URL: process.env.BENCH_DATABASE_URL,
  });
  const app = await createApp({ db, config, logger: createLogger(config), storage: new LocalStorage(os.tmpdir()) });
  // CPU_PROFILE=<file>: a CPU profile of the serving only (not the start), written when stopped.
  const profiler = process.env.CPU_PROFILE ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  // The server npm start runs (src/startup/serve.ts).
  const server = httpServer(app).listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close(async () => {
      if (profiler) fs.writeFileSync(process.env.CPU_PROFILE!, JSON.stringify(mapToSources((await profiler.post('Profiler.stop')).profile as Profile)));
      await db.destroy().finally(() => process.exit(0));
    });
  };
  process.stdin.on('end', stop).on('close', stop).resume();
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
