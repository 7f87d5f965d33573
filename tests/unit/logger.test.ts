// The log format: JSON in production, readable lines in a terminal otherwise, LOG_FORMAT to force.
import { PassThrough } from 'node:stream';
import { createLogger, logFormat } from '../../src/logger';
import { announce, boxed, siteUrl } from '../../src/startup/banner';

const base = { LOG_LEVEL: 'info', NODE_ENV: 'production' } as const;
const dev = { LOG_LEVEL: 'info', NODE_ENV: 'development' } as const;

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => (text += d));
  return { stream, text: () => text };
}

test('the format: JSON in production; outside it pretty on a terminal, JSON otherwise; LOG_FORMAT wins either way', () => {
  expect(logFormat({ NODE_ENV: 'production' }, true)).toBe('json');
  expect(logFormat({ NODE_ENV: 'production' }, false)).toBe('json');
  expect(logFormat({ NODE_ENV: 'development' }, true)).toBe('pretty');
  expect(logFormat({ NODE_ENV: 'development' }, false)).toBe('json');
  expect(logFormat({ NODE_ENV: 'development', LOG_FORMAT: 'json' }, true)).toBe('json');
  expect(logFormat({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
});

test('production on a terminal: JSON lines unless LOG_FORMAT=pretty', () => {
  const out = capture();
  createLogger(base, { isTTY: true, destination: out.stream }).info('hai');
  expect(JSON.parse(out.text())).toMatchObject({ msg: 'hai' });
});

test('not a terminal: one JSON object a line', () => {
  const out = capture();
  createLogger(base, { isTTY: false, destination: out.stream }).info({ port: 3000 }, 'Pendopo listening');
  const lines = out.text().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0])).toMatchObject({ level: 30, app: 'pendopo', port: 3000, msg: 'Pendopo listening' });
});

test('a terminal outside production: readable lines', () => {
  const out = capture();
  createLogger(dev, { isTTY: true, destination: out.stream }).warn({ setupUrl: 'http://localhost:3000/pasang?token=x' }, 'fresh install');
  expect(out.text()).toMatch(/WARN.*fresh install/);
  expect(out.text()).toContain('http://localhost:3000/pasang?token=x');
  expect(() => JSON.parse(out.text())).toThrow();
});

test('LOG_FORMAT=json on a terminal and LOG_FORMAT=pretty into a pipe', () => {
  const json = capture();
  createLogger({ ...base, LOG_FORMAT: 'json' }, { isTTY: true, destination: json.stream }).info('hai');
  expect(JSON.parse(json.text())).toMatchObject({ msg: 'hai' });
  const pretty = capture();
  createLogger({ ...base, LOG_FORMAT: 'pretty' }, { isTTY: false, destination: pretty.stream }).info('hai');
  expect(pretty.text()).toMatch(/INFO.*hai/);
  // No colour codes into a pipe.
  expect(pretty.text()).not.toContain('\x1b[');
});

test('the announcement: boxed; beside pretty logs on stdout, beside JSON logs on stderr', () => {
  expect(boxed(['Pendopo siap: http://localhost:3000'])).toBe('\n+-------------------------------------+\n| Pendopo siap: http://localhost:3000 |\n+-------------------------------------+\n\n');
  expect(siteUrl('0.0.0.0', 3000)).toBe('http://localhost:3000');
  expect(siteUrl('::1', 8080)).toBe('http://[::1]:8080');
  const streams = () => ({ stdout: capture(), stderr: capture() });
  const a = streams();
  announce(['X'], 'json', { stdout: a.stdout.stream, stderr: a.stderr.stream, isTTY: false });
  expect(a.stdout.text()).toBe('');
  expect(a.stderr.text()).toContain('| X |');
  const b = streams();
  announce(['X'], 'pretty', { stdout: b.stdout.stream, stderr: b.stderr.stream, isTTY: true });
  expect(b.stderr.text()).toBe('');
  expect(b.stdout.text()).toContain('\x1b[1mX\x1b[22m');
});
