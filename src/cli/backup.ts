import { backupArgs } from './backup-args';
import { createBackup, defaultArchiveName } from '../backup/backup';
import { BackupError } from '../backup/errors';
import { bootstrap } from '../bootstrap';
import { StorageError, storageFromConfig, storageLabel } from '../files';
import { type CliIo, runCommand, runMain } from './args';

// npm run backup                          → backups/pendopo-<UTC date>-<time>.tar.gz
// npm run backup -- --out /srv/backup/pendopo.tar.gz
// Safe while the server runs: the database is read from one consistent snapshot, then the media.
const megabytes = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

export function main(argv: string[], io: CliIo): Promise<number> {
  return runCommand(io, async () => {
    const { out } = backupArgs(argv);
    const { config, handle } = await bootstrap(io.env);
    try {
      const storage = storageFromConfig(config);
      const r = await createBackup({ handle, storage }, { out: out ?? defaultArchiveName() });
      const { database, media } = r.manifest;
      const rows = Object.values(database.tables).reduce((a, b) => a + b, 0);
      io.out(`Backup written: ${r.file} (${megabytes(r.bytes)}) in ${(r.ms / 1000).toFixed(1)} s.`);
      io.out(`Database (${database.dialect}, migration ${database.migration}): ${rows} rows in ${Object.keys(database.tables).length} tables.`);
      io.out(`Media (${storageLabel(config)}): ${media.files} files, ${megabytes(media.bytes)}.`);
    } finally {
      await handle.db.destroy();
    }
  }, [BackupError, StorageError]);
}

if (require.main === module) runMain(main);
