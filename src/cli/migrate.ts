import { bootstrap } from '../bootstrap';
import { migrateDown, migrateToLatest } from '../db/migrator';
import { CliError, type CliIo, parseArgs, runCommand, runMain } from './args';

// npm run migrate            → up to the latest
// npm run migrate -- down    → one step down
export function main(argv: string[], io: CliIo): Promise<number> {
  return runCommand(io, async () => {
    const { positional } = parseArgs(argv, []);
    const direction = positional[0] ?? 'up';
    if (direction !== 'up' && direction !== 'down') throw new CliError(`Unknown direction "${direction}" (up or down)`);
    const { handle } = await bootstrap(io.env);
    try {
      const done = direction === 'up' ? await migrateToLatest(handle.db) : await migrateDown(handle.db);
      io.out(done.length ? done.join('\n') : 'Nothing to migrate.');
    } finally {
      await handle.db.destroy();
    }
  });
}

if (require.main === module) runMain(main);
