// The app under test in its own process, so that it can be pinned to a core apart from wrk and the
// bench itself. Reads BENCH_SQLITE_PATH or BENCH_DATABASE_URL (the seeded database), PAGE_CACHE and
// SESSION_SECRET from its environment, prints its loopback port, and exits when stdin closes.
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { benchApp } from './bench-app';
import { type Profile, mapToSources } from './cpuprofile';

async function main() {
  const { server, handle } = await benchApp(process.env);
  const { db } = handle;
  // CPU_PROFILE=<file>: a CPU profile of the serving only (not the start), written when stopped.
  const profiler = process.env.CPU_PROFILE ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
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
