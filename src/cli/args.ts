import { ConfigError } from '../config';

/** Tiny argv reader: positional words and --flag value / --flag=value pairs. */
export function parseArgs(argv: string[], flags: readonly string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!flags.includes(name)) throw new CliError(`Unknown option --${name}. Known: ${flags.map((f) => `--${f}`).join(', ')}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new CliError(`Option --${name} needs a value`);
    out[name] = value;
  }
  return { positional, flags: out };
}

export class CliError extends Error {}

/** Where a command writes and what environment it reads: the process's own, or a test's. */
export interface CliIo {
  /** One line of output (console.log). */
  out: (line: string) => void;
  /** One line of errors (console.error: an Error prints with its stack). */
  err: (line: unknown) => void;
  env: NodeJS.ProcessEnv;
}

/** A command's body: its exit code for `argv` (the arguments after the script's name). */
export type CliMain = (argv: string[], io: CliIo) => Promise<number>;

export const processIo = (): CliIo => ({ out: (line) => console.log(line), err: (line) => console.error(line), env: process.env });

/**
 * Runs a command body to its exit code: 0 when it finishes; 2 with one line, no stack, for a bad
 * configuration (src/bootstrap.ts), a CliError or one of the `known` errors; 1 for anything else.
 */
export async function runCommand(io: CliIo, body: () => Promise<void>, known: (new (...a: never[]) => Error)[] = []): Promise<number> {
  try {
    await body();
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof CliError || known.some((k) => err instanceof k)) {
      io.err(`Error: ${(err as Error).message}`);
      return 2;
    }
    io.err(err);
    return 1;
  }
}

/** The bin side of a command file: runs `main` on this process's arguments and exits with its code. */
export function runMain(main: CliMain): void {
  main(process.argv.slice(2), processIo()).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
