import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Kysely, type KyselyPlugin, MysqlDialect, sql } from 'kysely';
import { closingPool, createDb, type DbHandle } from '../../src/db/create-db';
import type { Database } from '../../src/db/schema';
import { migrateToLatest } from '../../src/db/migrator';
import type { UntypedTables } from '../../src/db/untyped';
import { SQLITE_IMAGE } from './sqlite-image';

/**
 * A fresh, migrated database for one test file: in-memory SQLite by default, or a new MariaDB
 * database (dropped afterwards) when DATABASE_URL=mysql://… is set.
 */
export async function createTestDb(opts: { plugins?: KyselyPlugin[] } = {}): Promise<DbHandle & { drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    // A copy of the database tests/support/sqlite-image.ts migrated once for the whole run.
    const image = process.env[SQLITE_IMAGE];
    const handle = createDb(image ? { sqliteImage: fs.readFileSync(image), plugins: opts.plugins } : { sqlitePath: ':memory:', plugins: opts.plugins });
    if (!image) await migrateToLatest(handle.db);
    return { ...handle, drop: () => handle.db.destroy() };
  }
  const name = `pendopo_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle = createDb({ databaseUrl: dbUrl.toString(), plugins: opts.plugins });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    drop: async () => {
      await handle.db.destroy();
      await adminQuery(url, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}

export async function adminQuery(url: string, statement: string): Promise<void> {
  // Loaded here, not at import: a SQLite run never needs mysql2.
  const { createPool } = await import('mysql2');
  const db = new Kysely<UntypedTables>({ dialect: new MysqlDialect({ pool: closingPool(createPool({ uri: url, connectionLimit: 1 })) }) });
  try {
    await sql.raw(statement).execute(db);
  } finally {
    await db.destroy();
  }
}

/** How many rows a table holds (tests compare counts before and after a refused request). */
export async function rowCount(db: Kysely<Database>, table: keyof Database & string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
