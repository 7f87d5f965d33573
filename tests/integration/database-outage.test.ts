// A database outage: anonymous readers keep getting cached pages (marked stale when they may be),
// /readyz says 503, everything else that needs the database answers 503 with Retry-After and an
// Indonesian page (never a 500), and a form that could not be saved comes back with what was typed.
// MariaDB goes down behind a TCP proxy and comes back; SQLite loses its connection, or another
// process holds its write lock.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDb, openSqlite, withStatementCache } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrator';
import type { Database } from '../../src/db/schema';
import { createLogger } from '../../src/logger';
import { LocalStorage } from '../../src/files';
import { type TestEnv, login } from '../support/app';
import { HOST, contentWorld, createItemVia, createVia, formOf, multipart, tokenOf, validFields } from '../support/content';
import { createTestDb } from '../support/db';
import { tcpProxy } from '../support/tcp-proxy';

const MYSQL = !!process.env.DATABASE_URL;
const TYPED = { title: 'Kerja bakti saat gangguan', body_source: 'Warga Kalilandak membersihkan saluran air pada Minggu pagi.' };

async function envOn(db: Kysely<Database>, dialect: 'sqlite' | 'mysql', cleanup: () => Promise<void>): Promise<TestEnv> {
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-outage-'));
  const config = loadConfig({ NODE_ENV: 'test' });
  const storage = new LocalStorage(uploads);
  const app = await createApp({ db, config, logger: createLogger(config), storage });
  return { app, db, dialect, storage, close: async () => (await cleanup(), fs.rmSync(uploads, { recursive: true, force: true })) };
}

const titles = async (db: Kysely<Database>) => (await db.selectFrom('content_items').select('title').execute()).map((r) => r.title);

/** Readers and writers during the outage (`down`), whatever made it. */
async function duringOutage(env: TestEnv, down: () => Promise<void>) {
  const get = (p: string) => request(env.app).get(p).set('Host', HOST);
  await contentWorld(env);
  const op = await login(env.app, HOST, 'op.kalilandak');
  const desaBefore = (await get('/desa')).text;
  expect((await get('/desa')).headers['x-cache']).toBe('hit');
  // A publish moves the kecamatan's version: /desa's stored copy is now of an older version.
  await createItemVia(op, 'berita', { title: 'Berita sebelum gangguan', intent: 'publish' });
  const home = await get('/');
  expect(home.status).toBe(200);
  expect(home.text).toContain('Berita sebelum gangguan');

  await down();

  const desa = await get('/desa');
  expect(desa.status).toBe(200);
  expect(desa.headers['x-cache']).toBe('stale');
  expect(desa.text).toBe(desaBefore);
  const again = await get('/');
  expect(again.status).toBe(200);
  expect(again.text).toBe(home.text);

  const ready = await request(env.app).get('/readyz');
  expect(ready.status).toBe(503);

  const never = await get('/berita');
  expect(never.status).toBe(503);
  expect(never.headers['retry-after']).toBe('30');
  expect(never.headers['cache-control']).toBe('no-store');
  expect(never.text).toContain('Layanan sedang terganggu');

  const refused = await createVia(op, 'berita', { ...validFields('berita'), ...TYPED, intent: 'publish' });
  expect(refused.status).toBe(503);
  expect(refused.text).toContain(TYPED.title);
  expect(refused.text).toContain(TYPED.body_source);
  return { op, refused };
}

(MYSQL ? describe : describe.skip)('MariaDB goes down and comes back', () => {
  test('cached pages, 503s, the typed form kept and sent again once it is back', async () => {
    const direct = await createTestDb();
    const name = (await sql<{ n: string }>`select database() as n`.execute(direct.db)).rows[0].n;
    const proxy = await tcpProxy(Number(new URL(process.env.DATABASE_URL!).port || 3306));
    const url = new URL(process.env.DATABASE_URL!);
    url.port = String(proxy.port);
    url.pathname = `/${name}`;
    const viaProxy = createDb({ databaseUrl: url.toString() }).db;
    const env = await envOn(viaProxy, 'mysql', async () => (await viaProxy.destroy(), await proxy.close(), await direct.drop()));
    try {
      const { op, refused } = await duringOutage(env, () => proxy.cut());
      expect(await titles(direct.db)).not.toContain(TYPED.title);

      await proxy.restore();
      expect((await request(env.app).get('/readyz')).status).toBe(200);
      const kept = formOf(refused.text);
      const sent = await multipart(op, HOST, kept.action.replace(/\?.*$/, ''), kept.fields);
      expect(sent.status).toBe(303);
      expect(await titles(direct.db)).toContain(TYPED.title);
    } finally {
      await env.close();
    }
  });
});

(MYSQL ? describe.skip : describe)('SQLite', () => {
  test('a lost connection: cached pages, 503s and the typed form kept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-outage-db-'));
    const conn = openSqlite(path.join(dir, 'db.sqlite'));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(conn) }) });
    await migrateToLatest(db);
    const env = await envOn(db, 'sqlite', async () => fs.rmSync(dir, { recursive: true, force: true }));
    try {
      await duringOutage(env, async () => void conn.close());
    } finally {
      await env.close();
    }
  });

  test('another process holding the write lock: the save is refused with 503 and comes back whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-outage-db-'));
    const file = path.join(dir, 'db.sqlite');
    const { db } = createDb({ sqlitePath: file });
    await migrateToLatest(db);
    const env = await envOn(db, 'sqlite', async () => (await db.destroy(), fs.rmSync(dir, { recursive: true, force: true })));
    const other = new SQLite(file);
    try {
      await contentWorld(env);
      const op = await login(env.app, HOST, 'op.kalilandak');
      await tokenOf(op); // the form was opened before the lock was taken
      await sql`PRAGMA busy_timeout = 100`.execute(db);
      other.exec('BEGIN IMMEDIATE');
      const refused = await createVia(op, 'berita', { ...validFields('berita'), ...TYPED, intent: 'publish' });
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.text).toContain(TYPED.body_source);
      other.exec('ROLLBACK');
      expect(await titles(db)).not.toContain(TYPED.title);

      const kept = formOf(refused.text);
      const sent = await multipart(op, HOST, kept.action.replace(/\?.*$/, ''), kept.fields);
      expect(sent.status).toBe(303);
      expect(await titles(db)).toContain(TYPED.title);
    } finally {
      other.close();
      await env.close();
    }
  });
});
