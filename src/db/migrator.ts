import { Migrator, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations';
import type { UntypedDb } from './untyped';

function migrator(db: UntypedDb): Migrator {
  // Branches land in parallel, so a migration may sort before one a database has already run;
  // it is then run next instead of refusing to migrate. Each migration touches only its own tables.
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return (result.results ?? []).map((r) => `${r.direction} ${r.migrationName}`);
}

export async function migrateToLatest(db: UntypedDb): Promise<string[]> {
  return unwrap(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: UntypedDb): Promise<string[]> {
  return unwrap(await migrator(db).migrateDown());
}

export async function migrateAllDown(db: UntypedDb): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const step = unwrap(await migrator(db).migrateDown());
    if (step.length === 0) return done;
    done.push(...step);
  }
}
