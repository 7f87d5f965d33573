import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrator';

/** The variable that names the migrated SQLite database file while the suite runs. */
export const SQLITE_IMAGE = 'PENDOPO_TEST_SQLITE_IMAGE';

/**
 * Part of Jest's globalSetup (tests/support/global-setup.ts): on SQLite, migrates one database file for the whole run;
 * createTestDb (tests/support/db.ts) opens an in-memory copy of it for every test file instead of
 * migrating again. The workers inherit the variable that names the file.
 */
export async function migrateImage(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-image-'));
  const file = path.join(dir, 'migrated.sqlite');
  const { db } = createDb({ sqlitePath: file });
  await migrateToLatest(db);
  // One self-contained file: an in-memory copy cannot read a write-ahead log.
  await sql`PRAGMA journal_mode = DELETE`.execute(db);
  await db.destroy();
  process.env[SQLITE_IMAGE] = file;
}

/** Part of Jest's globalTeardown: removes the file. */
export async function removeImage(): Promise<void> {
  const file = process.env[SQLITE_IMAGE];
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
