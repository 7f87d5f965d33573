import { migrateToLatest } from '../../src/db/migrator';
import { totpRow } from '../../src/auth/two-factor';
import { addUser } from '../support/app';
import { type CliDb, cliDatabase, runCommand, spawnCommand } from '../support/cli';

// npm run user:2fa-reset: the way back for a superadmin who lost both phone and recovery codes.
let handle: CliDb;

beforeAll(async () => {
  handle = await cliDatabase();
  await migrateToLatest(handle.db);
});
afterAll(() => handle.drop());

const cli = (...args: string[]) => runCommand('two-factor-reset.ts', args, handle.env);
// The command itself in a child process, for its argument parsing and exit code.
const spawned = (...args: string[]) => spawnCommand('two-factor-reset.ts', args, handle.env);

test('removes a superadmin second factor, ends their sessions and writes the audit log; bad names exit 2', async () => {
  const db = handle.db;
  // addUser enrols a superadmin's second factor.
  const id = await addUser(db, { districtId: null, username: 'dinkominfo', role: 'superadmin' });
  expect(await totpRow(db, id)).toBeDefined();
  await db.insertInto('sessions').values({ sid: 'sesi-dinkominfo', data: '{}', expires_at: '2999-01-01 00:00:00', user_id: id }).execute();

  const unknown = await spawned('--username', 'tidak.ada');
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
