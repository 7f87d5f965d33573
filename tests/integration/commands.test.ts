import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyPassword } from '../../src/auth/password';
import { auditActions } from '../support/app';
import { type CliDb, cliDatabase, runCommand, spawnCommand } from '../support/cli';

// The commands without a test of their own elsewhere (district-add: provision.test.ts, user:2fa-reset:
// two-factor-cli.test.ts, restore: backup.test.ts, migrate: startup.test.ts). Each runs once as an
// operator runs it, for its argument parsing and exit code; the rest runs main() in this process.
let handle: CliDb;
let uploads: string;
let env: Record<string, string>;

beforeAll(async () => {
  handle = await cliDatabase();
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-commands-'));
  env = { ...handle.env, UPLOAD_DIR: uploads };
});
afterAll(async () => {
  await handle.drop();
  fs.rmSync(uploads, { recursive: true, force: true });
});

test('bad arguments exit 2 with one line and no stack, before touching the database', async () => {
  const runs = await Promise.all([
    spawnCommand('user-add.ts', ['--role', 'lurah', '--username', 'x'], env),
    spawnCommand('media-sweep.ts', ['--older-than-hours', '0'], env),
    spawnCommand('backup.ts', ['--keep', '3'], env),
    spawnCommand('demo.ts', [], { ...env, PENDOPO_DEMO_PASSWORD: 'rahasia' }),
  ]);
  expect(runs.map((r) => ({ code: r.code, stderr: r.stderr.trim(), stdout: r.stdout }))).toEqual([
    { code: 2, stderr: 'Error: --role must be superadmin, district_admin or village_operator', stdout: '' },
    { code: 2, stderr: 'Error: --older-than-hours must be a whole number of at least 1', stdout: '' },
    { code: 2, stderr: 'Error: Unknown option --keep. Known: --out', stdout: '' },
    { code: 2, stderr: 'Error: PENDOPO_DEMO_PASSWORD is not acceptable (password.tooShort): use at least 10 characters, not a common password', stdout: '' },
  ]);
  expect(await handle.db.introspection.getTables()).toEqual([]);
}, 60_000);

test('user:add creates the account with an issued password that must be changed, and audits it', async () => {
  const run = await runCommand('user-add.ts', ['--role', 'superadmin', '--username', 'Dinkominfo', '--name', 'Dinkominfo Banjarnegara'], env);
  expect([run.code, run.stderr]).toEqual([0, '']);
  const password = run.stdout.match(/^ {2}(\S+)$/m)![1];
  expect(run.stdout).toBe(`Created superadmin dinkominfo. Issued password (shown once, must be changed at first login):\n\n  ${password}\n\n`);
  const user = await handle.db.selectFrom('users').selectAll().where('username', '=', 'dinkominfo').executeTakeFirstOrThrow();
  expect([user.role, user.district_id, user.must_change_password]).toEqual(['superadmin', null, 1]);
  expect(await verifyPassword(user.password_hash, password)).toBe(true);
  expect(await auditActions(handle.db, 'user.created')).toBe(1);

  const again = await runCommand('user-add.ts', ['--role', 'superadmin', '--username', 'dinkominfo', '--name', 'Lagi'], env);
  expect([again.code, again.stderr, again.stdout]).toEqual([2, 'Error: Username dinkominfo is already taken\n', '']);
  expect(await handle.db.selectFrom('users').select('id').execute()).toHaveLength(1);
});

test('media:sweep reports on an empty store', async () => {
  const run = await runCommand('media-sweep.ts', [], env);
  expect([run.code, run.stderr]).toEqual([0, '']);
  expect(run.stdout).toBe(
    `Scanned 0 stored files in ${uploads}.\nDeleted 0 orphan files older than 24 h.\nMedia deleted over 30 days ago: 0 files and 0 rows removed, 0 rows kept (still referenced).\n`,
  );
});
