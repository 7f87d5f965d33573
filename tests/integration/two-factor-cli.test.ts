import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DbHandle, createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrator';
import { totpRow } from '../../src/modules/two-factor/two-factor.service';
import { addUser } from '../support/app';
import { adminQuery } from '../support/db';

// npm run user:2fa-reset: the way back for a superadmin who lost both phone and recovery codes.
const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
let dbEnv: Record<string, string>;
let handle: DbHandle;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `pendopo_cli_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    dbEnv = { DATABASE_URL: dbUrl.toString() };
    handle = createDb({ databaseUrl: dbUrl.toString() });
    cleanup = async () => {
      await handle.db.destroy();
      await adminQuery(url, `DROP DATABASE IF EXISTS \`${name}\``);
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-cli-'));
    const file = path.join(dir, 'pendopo.sqlite');
    dbEnv = { SQLITE_PATH: file, DATABASE_URL: '' };
    handle = createDb({ sqlitePath: file });
    cleanup = async () => {
      await handle.db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  await migrateToLatest(handle.db);
});
afterAll(() => cleanup());

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['src/cli/two-factor-reset.ts', ...args], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', ...dbEnv }, timeout: 50_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

test('removes a superadmin second factor, ends their sessions and writes the audit log; bad names exit 2', async () => {
  const db = handle.db;
  // addUser enrols a superadmin's second factor.
  const id = await addUser(db, { districtId: null, username: 'dinkominfo', role: 'superadmin' });
  expect(await totpRow(db, id)).toBeDefined();
  await db.insertInto('sessions').values({ sid: 'sesi-dinkominfo', data: '{}', expires_at: '2999-01-01 00:00:00', user_id: id }).execute();

  const unknown = await cli('--username', 'tidak.ada');
  expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'Error: No account tidak.ada without a district (add --district for a kecamatan account)']);
  expect(await totpRow(db, id)).toBeDefined();

  const done = await cli('--username', 'dinkominfo');
  expect([done.code, done.stderr]).toEqual([0, '']);
  expect(await totpRow(db, id)).toBeUndefined();
  expect(await db.selectFrom('sessions').select('sid').where('user_id', '=', id).execute()).toEqual([]);
  const audit = await db.selectFrom('audit_log').select(['action', 'username', 'target_id']).where('action', '=', 'user.two_factor_reset').execute();
  expect(audit).toEqual([{ action: 'user.two_factor_reset', username: 'cli', target_id: String(id) }]);

  const again = await cli('--username', 'dinkominfo');
  expect([again.code, again.stderr.trim()]).toEqual([2, 'Error: dinkominfo has no second factor']);
}, 120_000);
