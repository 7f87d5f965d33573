import { bootstrap } from '../bootstrap';
import { migrateToLatest } from '../db/migrator';
import type { Timezone } from '../db/schema';
import { ProvisionError, provisionDistrict, resolveDistrictCodes } from '../modules/districts/provision';
import { codesByProvince, provisionMany } from '../modules/districts/provision-bulk';
import { CliError, type CliIo, parseArgs, runCommand, runMain } from './args';

// npm run district:add -- 33.04.02 [--host klampok.example.id] [--timezone WIB]
// npm run district:add -- --regency 36.04
// npm run district:add -- --province 33
// npm run district:add -- --all
export function main(argv: string[], io: CliIo): Promise<number> {
  return runCommand(io, async () => {
    const all = argv.includes('--all');
    const { positional, flags } = parseArgs(
      argv.filter((a) => a !== '--all'),
      ['host', 'regency', 'province', 'timezone'],
    );
    const timezone = flags.timezone as Timezone | undefined;
    if (timezone && !['WIB', 'WITA', 'WIT'].includes(timezone)) throw new CliError('--timezone must be WIB, WITA or WIT');
    const whole = all || flags.province !== undefined;
    if (whole) {
      if (all && flags.province !== undefined) throw new CliError('Give --province or --all, not both');
      if (positional.length > 0 || flags.regency !== undefined) throw new CliError('--province and --all take no district codes and no --regency');
      if (flags.host) throw new CliError('--host names one district; provision a province without it');
    }
    const groups = whole ? codesByProvince(all ? undefined : flags.province) : [];
    const codes = whole ? [] : resolveDistrictCodes({ codes: positional, regency: flags.regency });
    if (flags.host && codes.length > 1) throw new CliError('--host names one district; provision a regency without it');

    const { handle } = await bootstrap(io.env);
    try {
      await migrateToLatest(handle.db);
      if (whole) {
        // One transaction per province: an interrupted run keeps whole provinces, and running it
        // again (idempotent) adds the rest.
        const total = { districts: 0, createdDistricts: 0, addedVillages: 0 };
        for (const g of groups) {
          const r = await handle.db.transaction().execute((trx) => provisionMany(trx, g.codes, { timezone }));
          for (const k of ['districts', 'createdDistricts', 'addedVillages'] as const) total[k] += r[k];
          io.out(`${g.province} ${g.name}: ${r.districts} kecamatan (${r.createdDistricts} created), ${r.addedVillages} villages added`);
        }
        if (groups.length > 1) io.out(`Total: ${total.districts} kecamatan (${total.createdDistricts} created), ${total.addedVillages} villages added`);
        return;
      }
      // One transaction for the whole run: an error leaves no partial rows behind.
      const results = await handle.db.transaction().execute(async (trx) => {
        const out = [];
        for (const code of codes) out.push(await provisionDistrict(trx, code, { host: flags.host, timezone }));
        return out;
      });
      for (const r of results) {
        const what = r.createdDistrict ? 'created' : 'already present';
        io.out(`${r.code} Kecamatan ${r.name}: ${what}, ${r.addedVillages} villages added${r.addedHost ? `, host ${flags.host} added` : ''}`);
      }
    } finally {
      await handle.db.destroy();
    }
  }, [ProvisionError]);
}

if (require.main === module) runMain(main);
