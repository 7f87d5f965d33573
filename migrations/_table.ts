import { type CreateTableBuilder, type Kysely, MysqlAdapter, sql } from 'kysely';

// Migrations never import app code; these are their only shared helpers.
export function isMysql(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

/** MySQL tables are InnoDB/utf8mb4 whatever the server default; SQLite needs nothing. */
export function createTable(db: Kysely<any>, name: string): CreateTableBuilder<string, never> {
  const t = db.schema.createTable(name);
  return isMysql(db) ? t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`) : t;
}

/** [index name, table, columns] of a migration that only adds indexes. */
export type IndexList = readonly (readonly [string, string, string[]])[];

export async function createIndexes(db: Kysely<any>, indexes: IndexList): Promise<void> {
  for (const [name, table, columns] of indexes) await db.schema.createIndex(name).on(table).columns(columns).execute();
}

export async function dropIndexes(db: Kysely<any>, indexes: IndexList): Promise<void> {
  // MySQL names the table of the index; SQLite has no ON clause.
  for (const [name, table] of [...indexes].reverse()) {
    const drop = db.schema.dropIndex(name);
    await (isMysql(db) ? drop.on(table) : drop).execute();
  }
}
