import { bootstrap } from '../bootstrap';
import { migrateDown, migrateToLatest } from '../db/migrator';
import { CliError, parseArgs, runCli } from './args';

// npm run migrate            → up to the latest
// npm run migrate -- down    → one step down
runCli(async () => {
  const { positional } = parseArgs(process.argv.slice(2), []);
  const direction = positional[0] ?? 'up';
  if (direction !== 'up' && direction !== 'down') throw new CliError(`Unknown direction "${direction}" (up or down)`);
  const { handle } = await bootstrap();
  try {
    const done = direction === 'up' ? await migrateToLatest(handle.db) : await migrateDown(handle.db);
    console.log(done.length ? done.join('\n') : 'Nothing to migrate.');
  } finally {
    await handle.db.destroy();
  }
});
