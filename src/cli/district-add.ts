import { bootstrap } from '../bootstrap';
import { migrateToLatest } from '../db/migrator';
import type { Timezone } from '../db/schema';
import { ProvisionError, provisionDistrict, resolveDistrictCodes } from '../modules/districts/provision';
import { CliError, parseArgs, runCli } from './args';

// npm run district:add -- 33.04.02 [--host klampok.example.id] [--timezone WIB]
// npm run district:add -- --regency 36.04
runCli(async () => {
  const { positional, flags } = parseArgs(process.argv.slice(2), ['host', 'regency', 'timezone']);
  const codes = resolveDistrictCodes({ codes: positional, regency: flags.regency });
  if (flags.host && codes.length > 1) throw new CliError('--host names one district; provision a regency without it');
  const timezone = flags.timezone as Timezone | undefined;
  if (timezone && !['WIB', 'WITA', 'WIT'].includes(timezone)) throw new CliError('--timezone must be WIB, WITA or WIT');

  const { handle } = await bootstrap();
  try {
    await migrateToLatest(handle.db);
    // One transaction for the whole run: an error leaves no partial rows behind.
    const results = await handle.db.transaction().execute(async (trx) => {
      const out = [];
      for (const code of codes) out.push(await provisionDistrict(trx, code, { host: flags.host, timezone }));
      return out;
    });
    for (const r of results) {
      const what = r.createdDistrict ? 'created' : 'already present';
      console.log(`${r.code} Kecamatan ${r.name}: ${what}, ${r.addedVillages} villages added${r.addedHost ? `, host ${flags.host} added` : ''}`);
    }
  } finally {
    await handle.db.destroy();
  }
}, [ProvisionError]);
