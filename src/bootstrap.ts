import 'dotenv/config';
import { type Config, ConfigError, loadConfig } from './config';
import type { DbHandle } from './db/create-db';
import { openDatabase } from './startup/database';

/**
 * Shared start of the server and every CLI command: config, then the database, reached once.
 * Each fails fast with a ConfigError naming the variable: the server (exitOnConfigError) and the
 * commands (runCommand in src/cli/args.ts) print it as one line and exit 2.
 */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<{ config: Config; handle: DbHandle }> {
  const config = loadConfig(env);
  return { config, handle: await openDatabase(config) };
}

/** A ConfigError names the variable and the cause: printed alone, without a stack, and the process exits 2. */
export function exitOnConfigError(err: unknown): void {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
}
