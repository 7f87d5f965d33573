import { type CreateTableBuilder, type Kysely, MysqlAdapter, sql } from 'kysely';

// Migrations never import app code; this is their only shared helper.
export function isMysql(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof MysqlAdapter;
}

/** MySQL tables are InnoDB/utf8mb4 whatever the server default; SQLite needs nothing. */
export function createTable(db: Kysely<any>, name: string): CreateTableBuilder<string, never> {
  const t = db.schema.createTable(name);
  return isMysql(db)
    ? t.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`)
    : t;
}
