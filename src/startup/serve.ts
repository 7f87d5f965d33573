import type { AddressInfo } from 'node:net';
import { createApp } from '../app';
import { httpServer } from '../http/server';
import type { Config } from '../config';
import type { DbHandle } from '../db/create-db';
import { migrateToLatest } from '../db/migrator';
import { pruneExpired } from './prune';
import { createLogger, logFormat } from '../logger';
import { storageLabel } from '../files';
import { type Mailer } from '../modules/notifications/mailer';
import { mailerOf } from '../modules/notifications/mailer-registry';
import { issueSetupToken } from '../modules/setup/setup.service';
import { announce, siteUrl } from './banner';
import { listen } from './listen';

/**
 * The server once its settings, database and upload folder have been checked (src/main.ts):
 * migrations, the setup token on a fresh install, the app, listen, the hourly sweep and the
 * mailer, and a graceful shutdown on SIGTERM/SIGINT.
 */
export async function serve(config: Config, handle: DbHandle): Promise<void> {
  const logger = createLogger(config);
  const { db } = handle;

  if (config.MIGRATE_ON_START) {
    const applied = await migrateToLatest(db);
    for (const m of applied) logger.info({ migration: m }, 'migration applied');
  }

  const token = await issueSetupToken(db);

  const app = await createApp({ db, config, logger });
  const server = httpServer(app);
  await listen(server, config.PORT, config.BIND_ADDRESS);
  const port = (server.address() as AddressInfo).port;
  const site = siteUrl(config.BIND_ADDRESS, port);
  logger.info({ port, dialect: handle.dialect, media: storageLabel(config) }, 'Pendopo listening');
  if (token) {
    const setupUrl = `${site}/pasang?token=${token}`;
    logger.warn({ setupUrl }, 'fresh install: open the setup page with this one-time token');
    announce(['Pendopo belum dipasang. Buka halaman pemasangan (sekali pakai):', setupUrl], logFormat(config));
  } else {
    announce([`Pendopo siap: ${site}`, ...(process.stdout.isTTY ? ['Hentikan dengan Ctrl+C.'] : [])], logFormat(config));
  }

  // Expired sessions and old login failures are swept hourly; any instance may do it.
  const sweep = setInterval(() => {
    pruneExpired(db).catch((err) => logger.warn({ err }, 'sweep failed'));
  }, 3600_000);
  sweep.unref();
  // Mail that failed is retried and daily digests go out from here (src/modules/notifications/mailer.ts).
  const mailer = mailerOf<Mailer>(db);
  mailer?.start();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(sweep);
    // Mail in flight is waited for (at most 8 s) before the database goes away under it.
    const mailStopped = mailer ? mailer.stop(8_000).catch((err: unknown) => logger.warn({ err }, 'mailer stop failed')) : Promise.resolve();
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(() => {
      mailStopped
        .then(() => db.destroy())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
