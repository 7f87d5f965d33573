import 'dotenv/config';
import { type Config, ConfigError, loadConfig } from './config';
import { type DbHandle, createDb } from './db/create-db';

/** Shared start of the server and every CLI command: config (fails fast), then the database. */
export function bootstrap(): { config: Config; handle: DbHandle } {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  return { config, handle: createDb({ databaseUrl: config.DATABASE_URL, sqlitePath: config.SQLITE_PATH }) };
}
