import fs from 'node:fs';
import { restoreArgs } from './backup-args';
import { BackupError } from '../backup/errors';
import { restoreBackup, verifyArchive } from '../backup/restore';
import { bootstrap } from '../bootstrap';
import { StorageError, storageFromConfig, storageLabel } from '../files';
import { CliError, type CliIo, runCommand, runMain } from './args';

// npm run restore -- backups/pendopo-20261203-020000.tar.gz          → into an empty database and media store
// npm run restore -- backups/pendopo-20261203-020000.tar.gz --force  → replaces what they hold
// npm run restore -- backups/pendopo-20261203-020000.tar.gz --check  → only checks the archive
// Stop the server first: a restore must not race the app's own writes.
const megabytes = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

export function main(argv: string[], io: CliIo): Promise<number> {
  return runCommand(io, async () => {
    const { archive: file, force, check } = restoreArgs(argv);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`${file}: no such file`);

    if (check) {
      const m = await verifyArchive(file);
      io.out(`${file}: ${Object.keys(m.files).length} files, every checksum matches.`);
      io.out(`Made ${m.createdAt} by ${m.app.name} ${m.app.version} on ${m.database.dialect} (migration ${m.database.migration}); media: ${m.media.files} files, ${megabytes(m.media.bytes)}.`);
      return;
    }
    const { config, handle } = await bootstrap(io.env);
    try {
      const r = await restoreBackup(file, { handle, storage: storageFromConfig(config) }, { force });
      const m = r.manifest;
      io.out(`Checked ${file}: made ${m.createdAt} by ${m.app.name} ${m.app.version} on ${m.database.dialect}, every checksum matches.`);
      io.out(`Database (${handle.dialect}): ${r.rows} rows in ${Object.keys(m.database.tables).length} tables, at migration ${m.database.migration}.`);
      io.out(`Media (${storageLabel(config)}): ${r.mediaFiles} files restored${force ? `, ${r.mediaRemoved} files not in the backup removed` : ''}.`);
      io.out(r.migrated.length ? `Then migrated:\n  ${r.migrated.join('\n  ')}` : 'No newer migration to apply.');
      io.out(`Done in ${(r.ms / 1000).toFixed(1)} s.`);
    } finally {
      await handle.db.destroy();
    }
  }, [BackupError, StorageError]);
}

if (require.main === module) runMain(main);
