import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { isRollbackAfterAbort } from '../db/errors';

/**
 * db.transaction().execute(fn), except that when SQLite ended the transaction by itself (a full
 * disk), the error that made it do so is thrown, not the failed ROLLBACK that Kysely runs after it.
 */
export async function transaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  let cause: unknown;
  try {
    return await db.transaction().execute((trx) =>
      fn(trx).catch((err: unknown) => {
        cause = err;
        throw err;
      }),
    );
  } catch (err) {
    throw cause !== undefined && isRollbackAfterAbort(err) ? cause : err;
  }
}
