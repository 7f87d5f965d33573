// Writes that people can race on. SQLite runs one write transaction at a time, so a check made
// inside one ("is this slug free?") still holds at its INSERT. MySQL/MariaDB run them side by
// side: two transactions can both find a slug free, and the second INSERT fails on the unique key
// (or InnoDB picks one of them as a deadlock victim). Both leave nothing behind and may be retried.

export interface UniqueKey {
  /** The key's name, as MySQL/MariaDB report it ("… for key 'content_items_slug_uq'"). */
  mysql: string;
  /** A column the key covers, as SQLite reports it ("UNIQUE constraint failed: content_items.district_id, …"). */
  sqlite: string;
}

/** The write ran into `key`: someone else stored the same value first. */
export function isUniqueViolation(err: unknown, key: UniqueKey): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.message !== 'string') return false;
  // MariaDB names the key alone, MySQL 8 as table.key.
  if (e.code === 'ER_DUP_ENTRY') return e.message.endsWith(`'${key.mysql}'`) || e.message.endsWith(`.${key.mysql}'`);
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE') return e.message.split(/[:,]\s*/).includes(key.sqlite);
  return false;
}

/** InnoDB rolled the whole transaction back to break a deadlock: running it again is safe. */
export function isDeadlock(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ER_LOCK_DEADLOCK';
}

/**
 * Runs `attempt(0)`, `attempt(1)`, … while it fails with an error `retry` accepts, at most `times`
 * times; the last error is thrown. Each attempt must be a whole transaction, which a failure
 * rolled back.
 */
export async function retrying<T>(times: number, retry: (err: unknown) => boolean, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (n + 1 >= times || !retry(err)) throw err;
    }
  }
}
