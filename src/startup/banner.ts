import type { LogFormat } from '../logger';

/** Lines in a box of plain characters (any terminal, any log viewer), bold in a terminal. */
export function boxed(lines: readonly string[], bold = false): string {
  const width = Math.max(...lines.map((l) => l.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  const body = lines.map((l) => `| ${bold ? `\x1b[1m${l.padEnd(width)}\x1b[22m` : l.padEnd(width)} |`);
  return ['', rule, ...body, rule, ''].join('\n') + '\n';
}

/** Where the server answers, for a person: localhost when it listens on every address. */
export function siteUrl(bindAddress: string, port: number): string {
  const host = bindAddress === '0.0.0.0' || bindAddress === '::' ? 'localhost' : bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
  return `http://${host}:${port}`;
}

/**
 * The lines a person starting the server must not miss (the setup address of a fresh install, or
 * where the site answers), printed plainly besides the log. With pretty logs they go to stdout,
 * between the log lines; with JSON logs to stderr, so stdout stays one JSON object a line.
 */
export function announce(
  lines: readonly string[],
  format: LogFormat,
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; isTTY: boolean } = { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stdout.isTTY) },
): void {
  const out = format === 'pretty' ? streams.stdout : streams.stderr;
  out.write(boxed(lines, format === 'pretty' && streams.isTTY));
}
