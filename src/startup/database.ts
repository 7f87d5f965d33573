import { sql } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config';
import { type DbHandle, createDb } from '../db/create-db';
import { causeOf, errorCode } from './causes';

type DbConfig = Pick<Config, 'DATABASE_URL' | 'SQLITE_PATH'>;

/**
 * The configured database, opened and reached once: a path SQLite cannot use, or a MySQL/MariaDB
 * server that refuses us, is a ConfigError naming SQLITE_PATH or DATABASE_URL and the cause.
 */
export async function openDatabase(config: DbConfig): Promise<DbHandle> {
  if (!config.DATABASE_URL) return openSqliteFile(config.SQLITE_PATH);
  const url = config.DATABASE_URL;
  if (!URL.canParse(url)) throw new ConfigError('DATABASE_URL: not a valid URL (URL-encode special characters in the password)');
  if (!new URL(url).pathname.slice(1)) throw new ConfigError('DATABASE_URL: no database name (mysql://user:pass@host:3306/name)');
  const handle = createDb({ databaseUrl: url });
  try {
    await sql`SELECT 1`.execute(handle.db);
  } catch (err) {
    await handle.db.destroy().catch(() => undefined);
    throw new ConfigError(`DATABASE_URL: ${mysqlFailure(url, err)}`);
  }
  return handle;
}

function openSqliteFile(file: string): DbHandle {
  if (file !== ':memory:') checkSqlitePath(path.resolve(file));
  try {
    return createDb({ sqlitePath: file });
  } catch (err) {
    throw new ConfigError(`SQLITE_PATH: cannot open ${path.resolve(file)} (${SQLITE_CAUSES[errorCode(err) ?? ''] ?? causeOf(err)})`);
  }
}

const SQLITE_CAUSES: Record<string, string> = {
  SQLITE_NOTADB: 'not an SQLite database',
  SQLITE_CORRUPT: 'the database file is damaged',
  SQLITE_READONLY: 'read-only',
  SQLITE_CANTOPEN: 'unable to open the file',
  SQLITE_FULL: 'no space left on the device',
};

// Checked before opening because SQLite falls back to read-only on a file it cannot write, and
// in WAL mode it keeps its -wal and -shm files beside the database, so the folder must be writable too.
function checkSqlitePath(file: string): void {
  const dir = path.dirname(file);
  const fail = (what: string, err: unknown) => {
    throw new ConfigError(`SQLITE_PATH: ${what} (${causeOf(err)})`);
  };
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    fail(`cannot create folder ${dir}`, err);
  }
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) throw new ConfigError(`SQLITE_PATH: ${file} is a folder, not a file`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    fail(stat ? `cannot write in folder ${dir}` : `cannot create ${file}`, err);
  }
  if (!stat) return;
  try {
    fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch (err) {
    fail(`cannot write ${file}`, err);
  }
}

/** Why the server refused or could not be reached, without the password. */
function mysqlFailure(url: string, err: unknown): string {
  const u = new URL(url);
  const where = `${u.hostname}:${u.port || '3306'}`;
  const user = decodeURIComponent(u.username);
  const database = decodeURIComponent(u.pathname.slice(1));
  switch (errorCode(err)) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return `access denied for user '${user}' at ${where} (wrong user name or password)`;
    case 'ER_DBACCESS_DENIED_ERROR':
      return `user '${user}' has no access to database '${database}'`;
    case 'ER_BAD_DB_ERROR':
      return `unknown database '${database}' at ${where}`;
    case 'ER_HOST_NOT_PRIVILEGED':
      return `user '${user}' may not connect from this host to ${where}`;
    case 'ER_CON_COUNT_ERROR':
      return `${where} has too many connections`;
  }
  const cause = causeOf(err);
  if (!u.password) return `cannot connect to ${where} (${cause})`;
  // A driver's message may quote the URL; the password never reaches the terminal or the log.
  const secrets = [u.password, decodeURIComponent(u.password)];
  return `cannot connect to ${where} (${secrets.reduce((text, s) => text.split(s).join('***'), cause)})`;
}
