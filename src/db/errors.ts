// Errors that mean "the database cannot be reached right now", as opposed to a bug or bad input:
// they get a 503 with Retry-After (and cached pages, stale if need be), never a 500.

const MYSQL_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_SERVER_GONE_ERROR',
  'POOL_CLOSED',
]);

/** SQLite's disk or page limit; InnoDB's full tablespace ("The table … is full") or disk. */
const FULL = new Set(['SQLITE_FULL', 'ER_RECORD_FILE_FULL', 'ER_DISK_FULL']);

const codeOf = (err: unknown): string => {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
};

/**
 * SQLite ends a transaction by itself when a write fails for want of disk (or on an I/O error);
 * Kysely's ROLLBACK then fails with this, and its error replaces the cause.
 */
export function isRollbackAfterAbort(err: unknown): boolean {
  return codeOf(err) === 'SQLITE_ERROR' && (err as Error).message === 'cannot rollback - no transaction is active';
}

/** The database cannot store anything more: its disk or its own limit is full. */
export function isStorageFull(err: unknown): boolean {
  return FULL.has(codeOf(err)) || isRollbackAfterAbort(err);
}

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; fatal?: unknown; message?: unknown };
  const code = codeOf(err);
  if (MYSQL_DOWN.has(code) || e.fatal === true || isStorageFull(err)) return true;
  // better-sqlite3: locked past busy_timeout, the file gone or unreadable, or an I/O failure.
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR')) return true;
  // Compared by name and text: the addon's TypeError may come from another realm (a test runner's).
  return (err as Error).name === 'TypeError' && e.message === 'The database connection is not open';
}
