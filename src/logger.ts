import pino, { type Logger } from 'pino';
import type { Config } from './config';
import { onFirstUse } from './lib/on-first-use';

// Loaded only when lines are pretty (src/lib/on-first-use.ts).
const pretty = onFirstUse<typeof import('pino-pretty')>('pino-pretty');

export type LogFormat = 'json' | 'pretty';

/**
 * LOG_FORMAT when set; otherwise JSON in production (formatting pretty lines in this thread costs
 * the event loop on every request, even in a terminal, e.g. under screen or tmux) and outside it
 * readable lines in a terminal, JSON for whatever collects the output.
 */
export function logFormat(config: Partial<Pick<Config, 'LOG_FORMAT' | 'NODE_ENV'>>, isTTY = Boolean(process.stdout.isTTY)): LogFormat {
  if (config.LOG_FORMAT) return config.LOG_FORMAT;
  return config.NODE_ENV !== 'production' && isTTY ? 'pretty' : 'json';
}

/**
 * The app's logger. Pretty output goes through pino-pretty as a synchronous stream in this thread
 * (no worker transport: nothing to lose when the process exits early, one thread less on a small
 * server); `destination` is for tests.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'NODE_ENV'> & Partial<Pick<Config, 'LOG_FORMAT'>>, opts: { isTTY?: boolean; destination?: NodeJS.WritableStream } = {}): Logger {
  const options = {
    level: config.NODE_ENV === 'test' && !opts.destination ? 'silent' : config.LOG_LEVEL,
    base: { app: 'pendopo' },
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
  };
  const isTTY = opts.isTTY ?? Boolean(process.stdout.isTTY);
  if (logFormat(config, isTTY) === 'json') {
    return opts.destination ? pino(options, opts.destination) : pino(options);
  }
  return pino(options, pretty()({ sync: true, colorize: isTTY, destination: opts.destination ?? 1, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app', singleLine: false }));
}
