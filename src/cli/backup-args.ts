import { CliError, parseArgs } from './args';

// The arguments of npm run backup and npm run restore, kept apart from the commands so that tests
// can check them without starting a process.
const RESTORE_USAGE = 'Usage: npm run restore -- <archive.tar.gz> [--force | --check]';
const SWITCHES = ['--force', '--check'];

export function backupArgs(argv: string[]): { out?: string } {
  const { positional, flags } = parseArgs(argv, ['out']);
  if (positional.length) throw new CliError(`Unexpected argument "${positional[0]}". Usage: npm run backup -- [--out <file.tar.gz>]`);
  if (flags.out !== undefined && !/\S/.test(flags.out)) throw new CliError('--out needs a file name');
  return { out: flags.out };
}

export function restoreArgs(argv: string[]): { archive: string; force: boolean; check: boolean } {
  // parseArgs reads --name value pairs; these two switches take no value.
  const { positional } = parseArgs(
    argv.filter((a) => !SWITCHES.includes(a)),
    [],
  );
  const force = argv.includes('--force');
  const check = argv.includes('--check');
  if (positional.length !== 1) throw new CliError(positional.length ? `Give one archive, not ${positional.length}. ${RESTORE_USAGE}` : `Which archive? ${RESTORE_USAGE}`);
  if (force && check) throw new CliError(`--force and --check exclude each other. ${RESTORE_USAGE}`);
  return { archive: positional[0], force, check };
}
