import { generatePassword, hashPassword, passwordProblem } from '../auth/password';
import { bootstrap } from '../bootstrap';
import { migrateToLatest } from '../db/migrator';
import { nowUtc } from '../db/time';
import { recordAudit } from '../audit/record';
import { provisionDistrict } from '../modules/districts/provision';
import { insertAccount } from '../modules/users/accounts';
import { CliError, type CliIo, runCommand, runMain } from './args';
import { loadDemoContent } from './demo-content';

const DEMO_DISTRICT = '33.04.02'; // Purworeja Klampok (official spelling), Kabupaten Banjarnegara

/**
 * Loads the demo kecamatan with the camat office's account `camat` and one `operator.<desa>`
 * per village. Passwords are generated (or all PENDOPO_DEMO_PASSWORD) and printed; running it
 * again resets the demo accounts' passwords and adds nothing twice.
 */
export function main(argv: string[], io: CliIo): Promise<number> {
  return runCommand(io, async () => {
    const fixed = io.env.PENDOPO_DEMO_PASSWORD;
    if (fixed !== undefined) {
      const problem = passwordProblem(fixed);
      if (problem) throw new CliError(`PENDOPO_DEMO_PASSWORD is not acceptable (${problem}): use at least 10 characters, not a common password`);
    }
    const { handle } = await bootstrap(io.env);
    const { db } = handle;
    try {
      await migrateToLatest(db);
      const accounts: { username: string; role: string; village: string; password: string }[] = [];
      await db.transaction().execute(async (trx) => {
        const { districtId, name: districtName } = await provisionDistrict(trx, DEMO_DISTRICT, { host: 'localhost' });
        // One-step logins for the demo; a real new kecamatan requires its camat office's second factor.
        await trx.updateTable('districts').set({ two_factor_admins: 0, two_factor_operators: 0 }).where('id', '=', districtId).execute();
        const villages = await trx.selectFrom('villages').select(['id', 'name', 'slug']).where('district_id', '=', districtId).orderBy('code').execute();
        const wanted = [
          { username: 'camat', name: `Kantor Camat ${districtName}`, role: 'district_admin' as const, villageId: null, village: '—' },
          ...villages.map((v) => ({ username: `operator.${v.slug}`, name: `Operator Desa ${v.name}`, role: 'village_operator' as const, villageId: v.id, village: v.name })),
        ];
        for (const w of wanted) {
          const password = fixed ?? generatePassword();
          const existing = await trx.selectFrom('users').select('id').where('district_id', '=', districtId).where('username', '=', w.username).executeTakeFirst();
          if (existing) {
            await trx
              .updateTable('users')
              .set({ password_hash: await hashPassword(password), must_change_password: 0, disabled_at: null, role: w.role, village_id: w.villageId, updated_at: nowUtc() })
              .where('id', '=', existing.id)
              .execute();
          } else {
            // Demo accounts skip the forced change so scripted checks can log straight in.
            await insertAccount(trx, { districtId, villageId: w.villageId, username: w.username, name: w.name, role: w.role, password, mustChange: false });
          }
          accounts.push({ username: w.username, role: w.role, village: w.village, password });
        }
        await recordAudit(trx, { action: 'demo.loaded', districtId, username: 'cli', targetType: 'district', targetId: DEMO_DISTRICT });
      });
      await loadDemoContent(db, { districtCode: DEMO_DISTRICT, log: io.out });
      const d = await db.selectFrom('districts').select(['name', 'regency_name']).where('code', '=', DEMO_DISTRICT).executeTakeFirstOrThrow();
      io.out(`Demo kecamatan: ${d.name} (${DEMO_DISTRICT}), ${d.regency_name}\n`);
      io.out(['username'.padEnd(28), 'role'.padEnd(17), 'village'.padEnd(14), 'password'].join(' '));
      for (const a of accounts) io.out([a.username.padEnd(28), a.role.padEnd(17), a.village.padEnd(14), a.password].join(' '));
      io.out('\nLog in at /masuk.');
    } finally {
      await db.destroy();
    }
  });
}

if (require.main === module) runMain(main);
