import { sql } from 'kysely';
import { StringDecoder } from 'node:string_decoder';
import type { Dialect } from '../db/create-db';
import type { UntypedDb } from '../db/untyped';
import type { ArchiveEntry } from './archive';
import { decodeRow } from './dump';
import { BackupError } from './errors';
import { type Manifest, tableOf } from './manifest';
import { dataTables } from './tables';

const BATCH_ROWS = 200;
// Well under MariaDB's default max_allowed_packet (16 MB), whatever the rows hold.
const BATCH_BYTES = 1 << 20;

export interface LoadResult {
  rows: number;
  /** The first entry after the tables (the media and the manifest follow them), if any. */
  next: ArchiveEntry | null;
}

/**
 * Replaces every row of the target's tables with the archive's db/ entries in one transaction, so
 * the target ends up holding the backup or, after any error, what it held before. Foreign keys are
 * checked at commit on SQLite and not at all on MySQL/MariaDB (FOREIGN_KEY_CHECKS=0 on this one
 * connection): the rows come from one consistent snapshot but the tables arrive in name order.
 */
export async function loadTables(db: UntypedDb, dialect: Dialect, manifest: Manifest, entries: AsyncIterator<ArchiveEntry>): Promise<LoadResult> {
  return db.connection().execute(async (conn) => {
    if (dialect === 'mysql') await sql`SET FOREIGN_KEY_CHECKS = 0`.execute(conn);
    try {
      return await conn.transaction().execute(async (trx) => {
        if (dialect === 'sqlite') await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
        const present = await dataTables(trx, dialect);
        const missing = Object.keys(manifest.database.tables).filter((t) => !present.includes(t));
        if (missing.length) throw new BackupError(`the backup's tables ${missing.join(', ')} do not exist in the target database`);
        for (const table of present) await trx.deleteFrom(table).execute();
        let rows = 0;
        for (;;) {
          const { value: entry, done } = await entries.next();
          if (done) return { rows, next: null };
          const table = tableOf(entry.name);
          if (!table) return { rows, next: entry };
          const loaded = await insertLines(trx, table, entry);
          if (loaded !== manifest.database.tables[table]) throw new BackupError(`${entry.name} holds ${loaded} rows, the manifest says ${manifest.database.tables[table]}`);
          rows += loaded;
        }
      });
    } finally {
      if (dialect === 'mysql') await sql`SET FOREIGN_KEY_CHECKS = 1`.execute(conn);
    }
  });
}

async function insertLines(trx: UntypedDb, table: string, entry: ArchiveEntry): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let batchBytes = 0;
  let count = 0;
  const flush = async () => {
    if (batch.length) await trx.insertInto(table).values(batch).execute();
    count += batch.length;
    batch = [];
    batchBytes = 0;
  };
  for await (const line of lines(entry)) {
    batch.push(decodeRow(JSON.parse(line) as Record<string, unknown>));
    batchBytes += line.length;
    if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
  }
  await flush();
  return count;
}

/** The non-empty lines of an entry, decoded as UTF-8 across chunk boundaries. */
async function* lines(entry: ArchiveEntry): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of entry.chunks()) {
    const parts = (rest + decoder.write(chunk)).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) if (part) yield part;
  }
  rest += decoder.end();
  if (rest) yield rest;
}
