import { Migrator, sql } from 'kysely';
import { migrations } from '../../migrations';
import type { Dialect } from '../db/create-db';
import type { UntypedDb } from '../db/untyped';
import { BackupError } from './errors';

// Login state, not data: sessions (restoring them would revive logins ended since), login
// throttling counts (a 15-minute window) and setup tokens (gone once a kecamatan exists).
export const NOT_BACKED_UP = new Set(['sessions', 'login_attempts', 'setup_tokens']);
// What a fresh install writes by itself before anyone sets it up (src/http/secret.ts keeps the
// session secret in app_settings): a target with rows only here still counts as empty.
const WRITTEN_BEFORE_SETUP = new Set([...NOT_BACKED_UP, 'app_settings']);

/** Every table of the schema but the migrator's own (and, on SQLite, its internal and FTS tables). */
export async function dataTables(db: UntypedDb, dialect: Dialect): Promise<string[]> {
  const { rows } =
    dialect === 'mysql'
      ? await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db)
      : // type 'table' leaves out the FTS5 table (virtual) and its shadow tables, which its triggers refill.
        await sql<{ name: string }>`SELECT name FROM pragma_table_list
          WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(db);
  return rows.map((r) => r.name).filter((name) => !name.startsWith('kysely_'));
}

/** The last migration applied, or null on a database without Pendopo's schema. */
export async function migrationLevel(db: UntypedDb, dialect: Dialect): Promise<string | null> {
  if (!(await hasMigrator(db, dialect))) return null;
  const row = await db.selectFrom('kysely_migration').select('name').orderBy('name', 'desc').limit(1).executeTakeFirst();
  return (row?.name as string | undefined) ?? null;
}

async function hasMigrator(db: UntypedDb, dialect: Dialect): Promise<boolean> {
  const { rows } =
    dialect === 'mysql'
      ? await sql`SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'kysely_migration'`.execute(db)
      : await sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`.execute(db);
  return rows.length > 0;
}

/** The tables of a restore target that hold data (anything beyond what a fresh install writes). */
export async function tablesWithRows(db: UntypedDb, dialect: Dialect): Promise<string[]> {
  const busy: string[] = [];
  for (const table of await dataTables(db, dialect)) {
    if (WRITTEN_BEFORE_SETUP.has(table)) continue;
    if (
      await db
        .selectFrom(table)
        .select(sql`1`.as('one'))
        .limit(1)
        .executeTakeFirst()
    )
      busy.push(table);
  }
  return busy;
}

export function assertKnownMigration(name: string): void {
  if (!(name in migrations)) throw new BackupError(`the backup's schema (migration ${name}) is unknown to this Pendopo, which is older: upgrade Pendopo first`);
}

/** Migrates up or down to exactly `name` (down only ever runs on a target found empty or forced). */
export async function migrateTo(db: UntypedDb, name: string): Promise<void> {
  assertKnownMigration(name);
  const result = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(name);
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
}
