import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import type { DbHandle, Dialect } from '../db/create-db';
import type { UntypedDb, UntypedTables } from '../db/untyped';
import { BackupError } from './errors';
import { NOT_BACKED_UP, dataTables, migrationLevel } from './tables';

export interface TableDump {
  name: string;
  rows: number;
  /** The rows as JSON lines, one object per row. */
  file: string;
}

export interface Snapshot {
  dialect: Dialect;
  migration: string;
  tables: TableDump[];
}

// better-sqlite3 copies 100 pages per step by default, and a write by another connection between
// steps restarts the copy: under steady writes a large file might never finish. One step of every
// page is one read transaction, which in WAL mode never blocks the server's writers.
const ALL_PAGES = 0x7fffffff;

/**
 * A consistent copy of the whole database as JSON lines in `dir`, read while the app keeps writing.
 * SQLite: the online backup API copies the file (the WAL included) into `dir`, then the copy is read.
 * MySQL/MariaDB: one REPEATABLE READ transaction opened WITH CONSISTENT SNAPSHOT reads every table
 * as it was at one instant, on one connection of the app's own pool; InnoDB serves it from undo
 * logs, so writers are never blocked.
 */
export async function snapshotDatabase(handle: DbHandle, dir: string): Promise<Snapshot> {
  if (handle.dialect === 'mysql') {
    return handle.db.connection().execute(async (conn) => {
      await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`.execute(conn);
      await sql`START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY`.execute(conn);
      try {
        return await dumpTables(conn, 'mysql', dir);
      } finally {
        await sql`ROLLBACK`.execute(conn);
      }
    });
  }
  const copy = path.join(dir, 'snapshot.sqlite');
  const source = new SQLite(await sqliteFile(handle.db), { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(copy, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  const db = new Kysely<UntypedTables>({ dialect: new SqliteDialect({ database: new SQLite(copy) }) });
  try {
    return await dumpTables(db, 'sqlite', dir);
  } finally {
    await db.destroy();
    await fs.promises.rm(copy, { force: true });
  }
}

/** The file behind the app's SQLite connection (the same one whatever SQLITE_PATH's form was). */
async function sqliteFile(db: UntypedDb): Promise<string> {
  const { rows } = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(db);
  const file = rows.find((r) => r.name === 'main')?.file;
  if (!file) throw new BackupError('the SQLite database is in memory: there is no file to back up');
  return file;
}

async function dumpTables(db: UntypedDb, dialect: Dialect, dir: string): Promise<Snapshot> {
  const migration = await migrationLevel(db, dialect);
  if (!migration) throw new BackupError('the database has no Pendopo schema (no migration was ever applied): nothing to back up');
  const tables: TableDump[] = [];
  for (const name of await dataTables(db, dialect)) {
    if (NOT_BACKED_UP.has(name)) continue;
    const out = new JsonLines(path.join(dir, `${name}.jsonl`));
    try {
      for await (const row of db.selectFrom(name).selectAll().stream(500)) out.push(row);
    } finally {
      out.close();
    }
    tables.push({ name, rows: out.rows, file: out.file });
  }
  return { dialect, migration, tables };
}

/** Rows appended to a file as JSON lines, written a megabyte at a time. */
class JsonLines {
  rows = 0;
  private readonly fd: number;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'wx', 0o600);
  }

  push(row: Record<string, unknown>): void {
    const line = `${JSON.stringify(encodeRow(row))}\n`;
    this.pending.push(line);
    this.pendingLength += line.length;
    this.rows++;
    if (this.pendingLength >= 1 << 20) this.flush();
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }

  private flush(): void {
    if (this.pending.length) fs.writeFileSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}

// No column holds binary data today; should one, its bytes travel as {"$base64": "…"}.
function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) if (Buffer.isBuffer(v)) row[k] = { $base64: v.toString('base64') };
  return row;
}

export function decodeRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(row)) {
    if (v && typeof v === 'object' && typeof (v as { $base64?: unknown }).$base64 === 'string') row[k] = Buffer.from((v as { $base64: string }).$base64, 'base64');
  }
  return row;
}
