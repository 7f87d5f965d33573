import 'dotenv/config';
import { type Config, ConfigError, loadConfig } from './config';
import type { DbHandle } from './db/create-db';
import { openDatabase } from './startup/database';

/**
 * Shared start of the server and every CLI command: config, then the database, reached once.
 * Each fails fast with one line naming the variable (exit code 2).
 */
export async function bootstrap(): Promise<{ config: Config; handle: DbHandle }> {
  try {
    const config = loadConfig();
    return { config, handle: await openDatabase(config) };
  } catch (err) {
    exitOnConfigError(err);
    throw err;
  }
}

/** A ConfigError names the variable and the cause: printed alone, without a stack, and the process exits 2. */
export function exitOnConfigError(err: unknown): void {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
}
