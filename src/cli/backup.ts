import { backupArgs } from '../backup/args';
import { createBackup, defaultArchiveName } from '../backup/backup';
import { BackupError } from '../backup/errors';
import { bootstrap } from '../bootstrap';
import { StorageError, storageFromConfig, storageLabel } from '../media';
import { runCli } from './args';

// npm run backup                          → backups/pendopo-<UTC date>-<time>.tar.gz
// npm run backup -- --out /srv/backup/pendopo.tar.gz
// Safe while the server runs: the database is read from one consistent snapshot, then the media.
const megabytes = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

runCli(async () => {
  const { out } = backupArgs(process.argv.slice(2));
  const { config, handle } = await bootstrap();
  try {
    const storage = storageFromConfig(config);
    const r = await createBackup({ handle, storage }, { out: out ?? defaultArchiveName() });
    const { database, media } = r.manifest;
    const rows = Object.values(database.tables).reduce((a, b) => a + b, 0);
    console.log(`Backup written: ${r.file} (${megabytes(r.bytes)}) in ${(r.ms / 1000).toFixed(1)} s.`);
    console.log(`Database (${database.dialect}, migration ${database.migration}): ${rows} rows in ${Object.keys(database.tables).length} tables.`);
    console.log(`Media (${storageLabel(config)}): ${media.files} files, ${megabytes(media.bytes)}.`);
  } finally {
    await handle.db.destroy();
  }
}, [BackupError, StorageError]);
