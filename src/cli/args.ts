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

/** Runs a CLI body, printing a clear message (no stack) for expected errors. */
export function runCli(body: () => Promise<void>, known: (new (...a: any[]) => Error)[] = []): void {
  body().then(
    () => process.exit(0),
    (err) => {
      if (err instanceof CliError || known.some((k) => err instanceof k)) {
        console.error(`Error: ${err.message}`);
        process.exit(2);
      }
      console.error(err);
      process.exit(1);
    },
  );
}
