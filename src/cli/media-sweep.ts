import { bootstrap } from '../bootstrap';
import { StorageError, storageFromConfig, storageLabel } from '../files';
import { DEFAULT_SWEEP, sweepMedia } from '../modules/media/sweep';
import { CliError, type CliIo, parseArgs, runCommand, runMain } from './args';

// npm run media:sweep                                   → orphans older than 24 h, deleted media after 30 days
// npm run media:sweep -- --older-than-hours 2 --purge-after-days 7
// Safe to run from cron on any one instance; it only removes what no live row knows.
function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1) throw new CliError(`--${name} must be a whole number of at least 1`);
  return Number(raw);
}

export function main(argv: string[], io: CliIo): Promise<number> {
  return runCommand(io, async () => {
    const { flags } = parseArgs(argv, ['older-than-hours', 'purge-after-days']);
    const hours = positive('older-than-hours', flags['older-than-hours'], DEFAULT_SWEEP.orphanAgeMs / 3600_000);
    const days = positive('purge-after-days', flags['purge-after-days'], DEFAULT_SWEEP.purgeAfterMs / 86_400_000);
    const { config, handle } = await bootstrap(io.env);
    try {
      const storage = storageFromConfig(config);
      const r = await sweepMedia(handle.db, storage, { orphanAgeMs: hours * 3600_000, purgeAfterMs: days * 86_400_000 });
      io.out(`Scanned ${r.scanned} stored files in ${storageLabel(config)}.`);
      io.out(`Deleted ${r.orphansDeleted} orphan files older than ${hours} h.`);
      io.out(`Media deleted over ${days} days ago: ${r.purgedFiles} files and ${r.purgedRows} rows removed, ${r.keptReferenced} rows kept (still referenced).`);
      if (r.failedDeletes.length) {
        throw new CliError(`could not delete ${r.failedDeletes.length} files (their rows stay for the next run):\n  ${r.failedDeletes.join('\n  ')}`);
      }
    } finally {
      await handle.db.destroy();
    }
  }, [StorageError]);
}

if (require.main === module) runMain(main);
