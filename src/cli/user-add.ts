import { generatePassword, passwordProblem } from '../auth/password';
import { bootstrap } from '../bootstrap';
import { migrateToLatest } from '../db/migrator';
import type { Role } from '../db/schema';
import { recordAudit } from '../audit/record';
import { USERNAME } from '../modules/users/users.schema';
import { insertAccount, usernameTaken } from '../modules/users/accounts';
import { CliError, type CliIo, parseArgs, runCommand, runMain } from './args';

// npm run user:add -- --role superadmin --username dinkominfo --name "Dinkominfo Banjarnegara"
// npm run user:add -- --district 33.04.02 --role district_admin --username camat --name "Kantor Camat"
// npm run user:add -- --district 33.04.02 --village 33.04.02.2006 --role village_operator --username operator.kalilandak --name "Operator"
// The issued password is printed once and must be changed at first login.
export function main(argv: string[], io: CliIo): Promise<number> {
  return runCommand(io, async () => {
    const { flags } = parseArgs(argv, ['district', 'village', 'role', 'username', 'name']);
    const role = flags.role as Role;
    if (!['superadmin', 'district_admin', 'village_operator'].includes(role)) {
      throw new CliError('--role must be superadmin, district_admin or village_operator');
    }
    const username = (flags.username ?? '').trim().toLowerCase();
    if (!USERNAME.test(username)) throw new CliError('--username: 3-64 of a-z 0-9 . _ -, starting with a letter or digit');
    const name = (flags.name ?? '').trim();
    if (!name || name.length > 100) throw new CliError('--name is required (at most 100 characters)');
    if (role !== 'superadmin' && !flags.district) throw new CliError('--district is required for this role');
    if (role === 'village_operator' && !flags.village) throw new CliError('--village is required for a village operator');

    const { handle } = await bootstrap(io.env);
    const { db } = handle;
    try {
      await migrateToLatest(db);
      let districtId: number | null = null;
      let villageId: number | null = null;
      if (role !== 'superadmin') {
        const district = await db.selectFrom('districts').select('id').where('code', '=', flags.district).executeTakeFirst();
        if (!district) throw new CliError(`District ${flags.district} is not provisioned (npm run district:add -- ${flags.district})`);
        districtId = district.id;
      }
      if (role === 'village_operator') {
        const village = await db
          .selectFrom('villages')
          .select('id')
          .where('district_id', '=', districtId!)
          .where((eb) => eb.or([eb('code', '=', flags.village), eb('slug', '=', flags.village)]))
          .executeTakeFirst();
        if (!village) throw new CliError(`Village ${flags.village} is not in district ${flags.district}`);
        villageId = village.id;
      }
      if (await usernameTaken(db, districtId, username)) throw new CliError(`Username ${username} is already taken`);
      const password = generatePassword();
      if (passwordProblem(password, username)) throw new Error('generated password failed the policy');
      const id = await insertAccount(db, { districtId, villageId, username, name, role, password, mustChange: true });
      await recordAudit(db, { action: 'user.created', districtId, villageId, username: 'cli', targetType: 'user', targetId: id, detail: { username, role, via: 'cli' } });
      io.out(`Created ${role} ${username}. Issued password (shown once, must be changed at first login):\n\n  ${password}\n`);
    } finally {
      await db.destroy();
    }
  });
}

if (require.main === module) runMain(main);
