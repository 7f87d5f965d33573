// npm run backup / npm run restore (README, "Backup and restore"): a backup taken while operators publish
// restores into an empty database and media folder, where every public page renders and every file
// a row names is there with the bytes it had; a non-empty target and a damaged archive are refused.
import type { Express } from 'express';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import S3rver from 's3rver';
import request from 'supertest';
import { migrations } from '../../migrations';
import { createApp } from '../../src/app';
import { backupArgs, restoreArgs } from '../../src/cli/backup-args';
import { createBackup } from '../../src/backup/backup';
import { BackupError, RestoreRefused } from '../../src/backup/errors';
import { restoreBackup, verifyArchive } from '../../src/backup/restore';
import { tablesWithRows } from '../../src/backup/tables';
import { CliError } from '../../src/cli/args';
import { loadConfig } from '../../src/config';
import { type DbHandle, createDb } from '../../src/db/create-db';
import { migrateDown, migrateToLatest } from '../../src/db/migrator';
import { createLogger } from '../../src/logger';
import { LocalStorage, S3Storage } from '../../src/files';
import { provisionDistrict } from '../../src/modules/districts/provision';
import { itemPath } from '../../src/modules/portal/paths';
import { type Agent, addUser, login, provision, villageId } from '../support/app';
import { PROJECT_FIELDS, createVia, validFields } from '../support/content';
import { childEntry } from '../support/build';
import { createTestDb } from '../support/db';
import { solid } from '../support/images';

const HOST = 'klampok.test';
const MYSQL = Boolean(process.env.DATABASE_URL);
const ROOT = path.resolve(__dirname, '../..');

interface Site {
  handle: DbHandle;
  storage: LocalStorage;
  app: Express;
  close: () => Promise<void>;
}

let tmp: string;
let dbFile: string;
const cleanups: (() => Promise<void>)[] = [];

const newStorage = async () => new LocalStorage(await fs.mkdtemp(path.join(tmp, 'media-')));

/** The app on a database (migrated: createApp reads its settings) and a media folder. */
async function site(handle: DbHandle & { drop?: () => Promise<void> }, storage?: LocalStorage): Promise<Site> {
  storage ??= await newStorage();
  const config = loadConfig({ NODE_ENV: 'test' });
  const app = await createApp({ db: handle.db, config, logger: createLogger(config), storage });
  const close = () => (handle.drop ? handle.drop() : handle.db.destroy());
  cleanups.push(close);
  return { handle, storage, app, close };
}

/** The SQLite backup API needs a file; on MariaDB the test database of the file. */
async function sourceDb(): Promise<DbHandle & { drop?: () => Promise<void> }> {
  if (MYSQL) return createTestDb();
  dbFile = path.join(await fs.mkdtemp(path.join(tmp, 'db-')), 'pendopo.sqlite');
  const handle = createDb({ sqlitePath: dbFile });
  await migrateToLatest(handle.db);
  return handle;
}

const emptySite = async () => site(await createTestDb());
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const countOf = async (h: DbHandle, table: string) =>
  Number(
    (
      await h.db
        .selectFrom(table as 'users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function stored(storage: LocalStorage): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const o of storage.list()) out.set(o.key, sha(await storage.get(o.key)));
  return out;
}

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const PROJECT = { ...PROJECT_FIELDS, intent: 'publish' };

let source: Site;
let op: Agent;
let photo: Buffer;
let archive: string;
let written: string[];
let publishedBefore: string[];
let walBytes = -1;

async function publish(section: 'berita' | 'produk' | 'potensi', title: string, withPhoto: boolean) {
  const files = withPhoto ? [{ field: 'cover_file' as const, buffer: photo, name: `${title}.jpg` }] : [];
  const res = await createVia(op, section, { ...validFields(section, title), intent: 'publish' }, files);
  if (res.status !== 303) throw new Error(`publishing ${title} answered ${res.status}`);
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-backup-test-'));
  photo = await solid(640, 480, '#8d6e63').jpeg().toBuffer();
  source = await site(await sourceDb());
  const { districtId } = await provision(source.handle.db, '33.04.02', HOST);
  await addUser(source.handle.db, { districtId, villageId: await villageId(source.handle.db, '33.04.02.2006'), username: 'op.kalilandak', role: 'village_operator' });
  op = await login(source.app, HOST, 'op.kalilandak');
  await publish('berita', 'Panen raya salak', true);
  await publish('produk', 'Keripik salak', true);
  await publish('potensi', 'Curug Pitu', false);
  const res = await createVia(op, 'pembangunan', PROJECT, [{ field: 'cover_file', buffer: photo, name: 'jalan.jpg' }]);
  expect(res.status).toBe(303);

  // The backup, taken while an operator keeps publishing.
  publishedBefore = (await source.handle.db.selectFrom('content_items').select('title').where('status', '=', 'published').execute()).map((r) => r.title);
  written = [];
  let writing = true;
  const writer = (async () => {
    for (let i = 1; writing; i++) {
      await publish('berita', `Kabar selama pencadangan ${i}`, i % 2 === 1);
      written.push(`Kabar selama pencadangan ${i}`);
    }
  })();
  await until(() => written.length >= 1, 'a first publication');
  // What a plain file copy would miss: on SQLite the latest rows are still in the write-ahead log.
  if (!MYSQL) walBytes = (await fs.stat(`${dbFile}-wal`)).size;
  archive = path.join(tmp, 'backups', 'pendopo.tar.gz');
  // Three more publications, so at least two begun after the snapshot, one with a photo, land
  // between the database snapshot and the media copy.
  const afterDatabase = async () => {
    const n = written.length;
    await until(() => written.length >= n + 3, 'publications after the snapshot');
  };
  try {
    await createBackup({ handle: source.handle, storage: source.storage }, { out: archive, afterDatabase });
  } finally {
    writing = false;
    await writer;
  }
}, 60_000);

afterAll(async () => {
  for (const close of cleanups.reverse()) await close().catch(() => undefined);
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('a backup taken while operators publish', () => {
  let target: Site;

  beforeAll(async () => {
    target = await emptySite();
    await restoreBackup(archive, { handle: target.handle, storage: target.storage });
  });

  test('the restored database holds the manifest rows and everything published before the backup', async () => {
    const manifest = await verifyArchive(archive);
    expect(manifest.database.dialect).toBe(source.handle.dialect);
    expect(manifest.database.migration).toBe(Object.keys(migrations).at(-1));
    for (const [table, rows] of Object.entries(manifest.database.tables)) expect([table, await countOf(target.handle, table)]).toEqual([table, rows]);
    expect(manifest.database.tables).not.toHaveProperty('sessions');
    if (!MYSQL) expect(walBytes).toBeGreaterThan(0);
    const titles = (await target.handle.db.selectFrom('content_items').select('title').execute()).map((r) => r.title);
    expect(titles).toEqual(expect.arrayContaining([...publishedBefore, written[0]]));
    // The snapshot came before the last publications, whose files were copied all the same.
    expect(titles).not.toContain(written.at(-1));
  });

  test('every media file is restored byte for byte, and every file a row names is there', async () => {
    const before = await stored(source.storage);
    const after = await stored(target.storage);
    expect(after.size).toBe((await verifyArchive(archive)).media.files);
    for (const [key, hash] of after) expect([key, hash]).toEqual([key, before.get(key)]);
    const rows = await target.handle.db.selectFrom('media').select('files').where('deleted_at', 'is', null).execute();
    const named = rows.flatMap((r) => (JSON.parse(r.files) as { key: string }[]).map((f) => f.key));
    expect(named.length).toBeGreaterThan(0);
    for (const key of named) expect([key, after.has(key)]).toEqual([key, true]);
    // Files stored after the snapshot came along as orphans for media:sweep.
    expect(after.size).toBeGreaterThan(named.length);
  });

  test('every public page of the restored site renders, with every image it shows', async () => {
    const get = (p: string) => request(target.app).get(p).set('Host', HOST);
    const villages = await target.handle.db.selectFrom('villages').select('slug').execute();
    const items = await target.handle.db.selectFrom('content_items').select(['type', 'slug', 'title']).where('status', '=', 'published').where('deleted_at', 'is', null).execute();
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.status).toBe(200);
    const children = [...sitemap.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1], 'http://x').pathname);
    const listed: string[] = [];
    for (const child of children) {
      const res = await get(child);
      expect([child, res.status]).toEqual([child, 200]);
      listed.push(...[...res.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1], 'http://x').pathname));
    }
    const pages = new Set(['/', '/desa', '/berita', '/produk', '/potensi', '/pembangunan', ...villages.map((v) => `/desa/${v.slug}`), ...listed]);
    for (const item of items) {
      expect(listed).toContain(itemPath(item.type, item.slug));
      const res = await get(itemPath(item.type, item.slug));
      expect(res.text).toContain(item.title);
    }
    const images = new Set<string>();
    for (const page of pages) {
      const res = await get(page);
      expect([page, res.status]).toEqual([page, 200]);
      for (const m of res.text.matchAll(/\/media\/(\d{4}\/\d{2}\/[A-Za-z0-9_-]+\.(?:webp|jpg|pdf))/g)) images.add(m[1]);
    }
    expect(images.size).toBeGreaterThan(0);
    for (const key of images) {
      const res = await get(`/media/${key}`).buffer(true);
      expect([key, res.status]).toEqual([key, 200]);
      expect(sha(res.body as Buffer)).toBe(sha(await source.storage.get(key)));
    }
  });

  test('a second restore into the now full target is refused and changes nothing; --force replaces it', async () => {
    // Changes the backup would undo: a row gone, a file more.
    await target.handle.db.deleteFrom('audit_log').execute();
    await target.storage.put(`2026/01/${'A'.repeat(22)}-w320.webp`, Buffer.from('not in the backup'), 'image/webp');
    const filesBefore = await stored(target.storage);
    await expect(restoreBackup(archive, { handle: target.handle, storage: target.storage })).rejects.toThrow(RestoreRefused);
    await expect(restoreBackup(archive, { handle: target.handle, storage: target.storage })).rejects.toThrow(/not empty.*--force/s);
    expect(await countOf(target.handle, 'audit_log')).toBe(0);
    expect(await stored(target.storage)).toEqual(filesBefore);

    const r = await restoreBackup(archive, { handle: target.handle, storage: target.storage }, { force: true });
    expect(r.mediaRemoved).toBe(1);
    expect(await countOf(target.handle, 'audit_log')).toBe(r.manifest.database.tables.audit_log);
    expect(await countOf(target.handle, 'content_items')).toBe(r.manifest.database.tables.content_items);
    expect((await stored(target.storage)).size).toBe(r.manifest.media.files);
  });
});

describe('a damaged archive', () => {
  let empty: Site;
  beforeAll(async () => {
    empty = await emptySite();
  });

  async function expectUntouched() {
    expect(await tablesWithRows(empty.handle.db, empty.handle.dialect)).toEqual([]);
    expect((await stored(empty.storage)).size).toBe(0);
  }

  test('one changed byte of the file is refused before anything is written', async () => {
    const bytes = await fs.readFile(archive);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    const bad = path.join(tmp, 'flipped.tar.gz');
    await fs.writeFile(bad, bytes);
    await expect(restoreBackup(bad, { handle: empty.handle, storage: empty.storage })).rejects.toThrow(BackupError);
    await expectUntouched();
  });

  test('one changed byte inside a table, the gzip made anew, fails its checksum', async () => {
    const tarball = zlib.gunzipSync(await fs.readFile(archive));
    const at = tarball.indexOf('Panen raya salak', tarball.indexOf('db/content_items.jsonl'));
    expect(at).toBeGreaterThan(0);
    tarball[at] = 'Q'.charCodeAt(0);
    const bad = path.join(tmp, 'edited.tar.gz');
    await fs.writeFile(bad, zlib.gzipSync(tarball));
    await expect(restoreBackup(bad, { handle: empty.handle, storage: empty.storage })).rejects.toThrow(/checksum mismatch for db\/content_items\.jsonl/);
    await expectUntouched();
  });
});

describe('schema levels and dialects', () => {
  test('a backup from an older Pendopo restores, then the newer migrations run', async () => {
    // The older install runs on an SQLite file. On SQLite the target is a database never migrated
    // (a new SQLITE_PATH); on MariaDB one already at the latest migration, which restore takes
    // down first, and the backup crosses dialects.
    const names = Object.keys(migrations);
    const old = createDb({ sqlitePath: path.join(tmp, 'old.sqlite') });
    cleanups.push(() => old.db.destroy());
    await migrateToLatest(old.db);
    await migrateDown(old.db);
    // provisionDistrict itself: the test helper also sets columns of the newest schema.
    await provisionDistrict(old.db, '33.04.02', { host: HOST });
    const file = path.join(tmp, 'old.tar.gz');
    const { manifest } = await createBackup({ handle: old, storage: await newStorage() }, { out: file });
    expect(manifest.database.migration).toBe(names.at(-2));

    const handle = MYSQL ? await createTestDb() : createDb({ sqlitePath: ':memory:' });
    const storage = await newStorage();
    const r = await restoreBackup(file, { handle, storage });
    expect(r.migrated).toEqual([`Up ${names.at(-1)}`]);
    const target = await site(handle, storage);
    expect(await countOf(target.handle, 'villages')).toBe(await countOf(old, 'villages'));
    expect((await request(target.app).get('/desa').set('Host', HOST)).status).toBe(200);
  });

  (MYSQL ? test : test.skip)('a MariaDB backup restores into SQLite', async () => {
    const memory = createDb({ sqlitePath: ':memory:' });
    const storage = await newStorage();
    const r = await restoreBackup(archive, { handle: memory, storage });
    const sqlite = await site(memory, storage);
    for (const [table, rows] of Object.entries(r.manifest.database.tables)) expect([table, await countOf(sqlite.handle, table)]).toEqual([table, rows]);
    expect((await request(sqlite.app).get('/berita').set('Host', HOST)).text).toContain('Panen raya salak');
  });
});

describe('media in an S3-compatible bucket', () => {
  test('an archive restores into an empty bucket, and a backup of the bucket holds the same files', async () => {
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: await fs.mkdtemp(path.join(tmp, 's3-')), configureBuckets: [{ name: 'media' }] });
    const endpoint = `http://127.0.0.1:${(await server.run()).port}`;
    const bucket = new S3Storage({ bucket: 'media', prefix: 'pendopo', endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    try {
      // The database is not the point here: an SQLite file on either run.
      const handle = createDb({ sqlitePath: path.join(tmp, 'bucket.sqlite') });
      cleanups.push(() => handle.db.destroy());
      const restored = await restoreBackup(archive, { handle, storage: bucket });
      expect(restored.mediaFiles).toBe(restored.manifest.media.files);
      const { manifest } = await createBackup({ handle, storage: bucket }, { out: path.join(tmp, 'bucket.tar.gz') });
      expect(manifest.media.store).toBe('s3');
      const media = (files: Record<string, unknown>) => Object.entries(files).filter(([name]) => name.startsWith('media/'));
      expect(media(manifest.files)).toEqual(media(restored.manifest.files));
    } finally {
      await server.close();
    }
  });
});

describe('the commands', () => {
  /** The restore command in a child process (compiled: childEntry in tests/support/build.ts), on SQLite files whatever the suite runs on (never a shared database). */
  function restoreCommand(args: string[], sqlitePath: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, DATABASE_URL: '', SQLITE_PATH: sqlitePath, UPLOAD_DIR: path.join(tmp, 'cli-media') };
    return new Promise((resolve) => {
      execFile(process.execPath, [...childEntry('cli/restore'), ...args], { cwd: ROOT, env }, (err, stdout, stderr) => {
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      });
    });
  }

  test('bad arguments get one clear line', () => {
    expect(() => restoreArgs([])).toThrow(new CliError('Which archive? Usage: npm run restore -- <archive.tar.gz> [--force | --check]'));
    expect(() => restoreArgs(['a.tar.gz', 'b.tar.gz'])).toThrow(/^Give one archive, not 2\./);
    expect(() => restoreArgs(['a.tar.gz', '--force', '--check'])).toThrow(/exclude each other/);
    expect(() => restoreArgs(['a.tar.gz', '--yes'])).toThrow(/^Unknown option --yes/);
    expect(restoreArgs(['--force', 'a.tar.gz'])).toEqual({ archive: 'a.tar.gz', force: true, check: false });
    expect(() => backupArgs(['--keep', '3'])).toThrow(/^Unknown option --keep\. Known: --out/);
    expect(() => backupArgs(['--out'])).toThrow(/^Option --out needs a value/);
    expect(() => backupArgs(['x.tar.gz'])).toThrow(/^Unexpected argument "x\.tar\.gz"/);
    expect(backupArgs(['--out=/srv/b.tar.gz'])).toEqual({ out: '/srv/b.tar.gz' });
  });

  test('restore into a non-empty database exits 2 with one clear line and changes nothing', async () => {
    const busy = createDb({ sqlitePath: path.join(tmp, 'busy.sqlite') });
    await migrateToLatest(busy.db);
    await provision(busy.db, '33.04.02', HOST);
    const districts = await countOf(busy, 'districts');
    await busy.db.destroy();
    const refused = await restoreCommand([archive], path.join(tmp, 'busy.sqlite'));
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Error: the target is not empty: the database has rows \(.*districts.*\)\. Nothing was changed/) });
    const after = createDb({ sqlitePath: path.join(tmp, 'busy.sqlite') });
    expect(await countOf(after, 'districts')).toBe(districts);
    await after.db.destroy();
  });
});
