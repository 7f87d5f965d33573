import { bootstrap } from '../bootstrap';
import { migrateToLatest } from '../db/migrator';
import { endSessionsOfUser } from '../auth/sessions';
import { recordAudit } from '../audit/record';
import { removeTwoFactor, totpRow } from '../auth/two-factor';
import { CliError, type CliIo, parseArgs, runCommand, runMain } from './args';

// npm run user:2fa-reset -- --username dinkominfo                     (a superadmin)
// npm run user:2fa-reset -- --district 33.04.02 --username camat      (an account of a kecamatan)
// For whoever lost both phone and recovery codes and has nobody above them to reset it on the web
// (a superadmin): removes the second factor, ends the account's sessions, writes the audit log.
// Their next login enrols again where the policy requires it.
export function main(argv: string[], io: CliIo): Promise<number> {
  return runCommand(io, async () => {
    const { positional, flags } = parseArgs(argv, ['district', 'username']);
    if (positional.length) throw new CliError(`Unexpected argument ${positional[0]}`);
    const username = (flags.username ?? '').trim().toLowerCase();
    if (!username) throw new CliError('--username is required');

    const { handle } = await bootstrap(io.env);
    const { db } = handle;
    try {
      await migrateToLatest(db);
      let districtId: number | null = null;
      if (flags.district) {
        const district = await db.selectFrom('districts').select('id').where('code', '=', flags.district).executeTakeFirst();
        if (!district) throw new CliError(`District ${flags.district} is not provisioned`);
        districtId = district.id;
      }
      const user = await db
        .selectFrom('users')
        .select(['id', 'username', 'village_id'])
        .where('username', '=', username)
        .where('district_id', districtId === null ? 'is' : '=', districtId)
        .executeTakeFirst();
      if (!user) throw new CliError(`No account ${username}${flags.district ? ` in district ${flags.district}` : ' without a district (add --district for a kecamatan account)'}`);
      if (!(await totpRow(db, user.id))) throw new CliError(`${username} has no second factor`);
      await removeTwoFactor(db, user.id);
      await endSessionsOfUser(db, user.id);
      await recordAudit(db, {
        action: 'user.two_factor_reset',
        districtId,
        villageId: user.village_id,
        username: 'cli',
        targetType: 'user',
        targetId: user.id,
        detail: { username, via: 'cli' },
      });
      io.out(`Second factor of ${username} removed and their sessions ended; the next login enrols again where required.`);
    } finally {
      await db.destroy();
    }
  });
}

if (require.main === module) runMain(main);
