import SQLite from 'better-sqlite3';
import { Kysely, type KyselyPlugin, MysqlDialect, type MysqlPool, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import type { Pool } from 'mysql2';
import fs from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import { onFirstUse } from '../lib/on-first-use';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'mysql';
export interface DbHandle {
  db: Kysely<Database>;
  dialect: Dialect;
}

export interface DbOptions {
  databaseUrl?: string;
  sqlitePath?: string;
  /** A serialized SQLite database, opened in memory (the tests start from a migrated one). */
  sqliteImage?: Buffer;
  /** Plugins on every query (tests count and hold a page's queries with one). */
  plugins?: KyselyPlugin[];
}

export function createDb(opts: DbOptions): DbHandle {
  if (opts.databaseUrl) return { db: createMysql(opts.databaseUrl, opts.plugins), dialect: 'mysql' };
  return { db: createSqlite(opts.sqliteImage ?? opts.sqlitePath ?? 'data/pendopo.sqlite', opts.plugins), dialect: 'sqlite' };
}

function createSqlite(file: string | Buffer, plugins?: KyselyPlugin[]): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(openSqlite(file)) }), plugins });
}

/** The SQLite connection with the settings every Pendopo connection uses: a file, ':memory:' or a serialized database. */
export function openSqlite(file: string | Buffer): SQLite.Database {
  if (typeof file === 'string' && file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  conn.pragma('synchronous = NORMAL');
  return conn;
}

/**
 * Kysely prepares every query anew; a page runs the same dozen statements on every request, and
 * SQLite's prepare (parsing and planning) cost about as much as running them. Prepared statements
 * are kept by their SQL text, the oldest dropped past `max`. Kysely runs one statement at a time
 * on this connection and never streams here, so a cached statement is never busy when reused.
 */
export function withStatementCache(conn: SQLite.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => conn.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = conn.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

// Loaded by a MySQL/MariaDB install only (src/lib/on-first-use.ts).
const mysql = onFirstUse<typeof import('mysql2')>('mysql2');

function createMysql(url: string, plugins?: KyselyPlugin[]): Kysely<Database> {
  const pool = mysql().createPool({
    uri: url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    connectionLimit: 10,
  });
  // Every connection works in UTC and strict mode, whatever the server's defaults are.
  pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'");
  });
  return new Kysely<Database>({ dialect: new MysqlDialect({ pool: closingPool(pool) }), plugins });
}

/**
 * The pool as Kysely gets it, whose end() (db.destroy()) calls back once every connection's socket
 * has closed. mysql2's own calls back as soon as each QUIT is queued, with the sockets still open
 * until the server gets round to closing them (up to 0.7 s after a test file's last drop() on a busy
 * machine), and a process cannot exit until then: Jest force-killed the workers whose last file had
 * just dropped its database. Here each socket is ended as soon as its QUIT is written.
 */
export function closingPool(pool: Pool): MysqlPool {
  const open = new Map<Socket, Promise<void>>();
  pool.on('connection', (conn) => {
    const socket = (conn as unknown as { stream: Socket }).stream;
    const closed = new Promise<void>((resolve) =>
      socket.once('close', () => {
        open.delete(socket);
        resolve();
      }),
    );
    open.set(socket, closed);
  });
  return {
    getConnection: (callback) => pool.getConnection(callback),
    end: (callback) =>
      pool.end((err) => {
        // The last connection writes its QUIT just after this callback returns.
        setImmediate(() => {
          for (const socket of open.keys()) socket.destroySoon();
          void Promise.all(open.values()).then(() => callback(err));
        });
      }),
  };
}
