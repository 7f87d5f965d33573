// The app as the benchmarks run it: on the bench's database (BENCH_SQLITE_PATH or BENCH_DATABASE_URL
// in `env`), in production mode with logging off, compiled as npm start runs it (./compiled.ts) and
// served by the server npm start runs.
import type { Server } from 'node:http';
import os from 'node:os';
import type * as App from '../../src/app';
import type * as Config from '../../src/config';
import type * as CreateDb from '../../src/db/create-db';
import type { DbHandle } from '../../src/db/create-db';
import type * as Files from '../../src/files';
import type * as HttpServer from '../../src/http/server';
import type * as Logger from '../../src/logger';
import { compiled } from './compiled';

export async function benchApp(env: Record<string, string | undefined>): Promise<{ server: Server; handle: DbHandle }> {
  const { createApp } = compiled<typeof App>('src/app');
  const { loadConfig } = compiled<typeof Config>('src/config');
  const { createDb } = compiled<typeof CreateDb>('src/db/create-db');
  const { LocalStorage } = compiled<typeof Files>('src/files');
  const { httpServer } = compiled<typeof HttpServer>('src/http/server');
  const { createLogger } = compiled<typeof Logger>('src/logger');
  // Never fall back to the default data/pendopo.sqlite: only the bench's own database.
  if (!env.BENCH_SQLITE_PATH && !env.BENCH_DATABASE_URL) throw new Error('BENCH_SQLITE_PATH or BENCH_DATABASE_URL is required');
  const handle = createDb({ sqlitePath: env.BENCH_SQLITE_PATH, databaseUrl: env.BENCH_DATABASE_URL });
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: env.SESSION_SECRET,
    PAGE_CACHE: env.PAGE_CACHE ?? 'true',
    PAGE_CACHE_WAIT_MS: env.PAGE_CACHE_WAIT_MS,
    DATABASE_URL: env.BENCH_DATABASE_URL,
  });
  const app = await createApp({ db: handle.db, config, logger: createLogger(config), storage: new LocalStorage(os.tmpdir()) });
  return { server: httpServer(app), handle };
}
