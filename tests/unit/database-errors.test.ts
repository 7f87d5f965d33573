// A full SQLite database inside a transaction: SQLite ends the transaction itself, and Kysely's
// ROLLBACK after it fails ("cannot rollback - no transaction is active"). Both errors count as
// "storage full"; transaction() throws the cause, which is what the log then shows.
import { Kysely, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import type { Database } from '../../src/db/schema';
import { isDatabaseUnavailable, isStorageFull } from '../../src/db/errors';
import { transaction } from '../../src/lib/transaction';

const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
const big = 'x'.repeat(64 * 1024);
const write = (trx: Kysely<Database>) => sql`insert into t (v) values (${big})`.execute(trx);

beforeAll(async () => {
  await sql`create table t (v text)`.execute(db);
  const { page_count } = (await sql<{ page_count: number }>`PRAGMA page_count`.execute(db)).rows[0];
  await sql.raw(`PRAGMA max_page_count = ${page_count}`).execute(db);
});
afterAll(() => db.destroy());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => Promise.reject(new Error('the write went through')),
    (err: unknown) => err,
  );

test('a write outside a transaction: SQLITE_FULL, storage full, a 503', async () => {
  const err = await failure(write(db));
  expect((err as { code?: string }).code).toBe('SQLITE_FULL');
  expect(isStorageFull(err) && isDatabaseUnavailable(err)).toBe(true);
});

test("inside Kysely's transaction the failed rollback hides the cause, and still counts as storage full", async () => {
  const err = await failure(db.transaction().execute(write));
  expect((err as Error).message).toBe('cannot rollback - no transaction is active');
  expect(isStorageFull(err) && isDatabaseUnavailable(err)).toBe(true);
});

test('transaction() throws the cause', async () => {
  const err = await failure(transaction(db, write));
  expect((err as { code?: string }).code).toBe('SQLITE_FULL');
  expect(await sql`select count(*) as n from t`.execute(db).then((r) => r.rows)).toEqual([{ n: 0 }]);
});

test('a full InnoDB tablespace or disk counts too; a broken query does not', () => {
  expect(isStorageFull({ code: 'ER_RECORD_FILE_FULL', errno: 1114, message: "The table 'content_items' is full" })).toBe(true);
  expect(isStorageFull({ code: 'ER_DISK_FULL', errno: 1021 })).toBe(true);
  expect(isStorageFull({ code: 'SQLITE_ERROR', message: 'no such table: x' })).toBe(false);
  expect(isDatabaseUnavailable({ code: 'ER_PARSE_ERROR' })).toBe(false);
});
