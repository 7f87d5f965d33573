import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import type { CliMain } from '../../src/cli/args';
import { type DbHandle, createDb } from '../../src/db/create-db';
import { childEntry } from './build';
import { adminQuery } from './db';

const ROOT = path.resolve(__dirname, '../..');

export interface CliDb extends DbHandle {
  /** The variables that point a child process at this database. */
  env: Record<string, string>;
  drop: () => Promise<void>;
}

/**
 * A fresh, empty database a command run as a child process can open too: a temporary SQLite file,
 * or a new MariaDB database (dropped afterwards) when DATABASE_URL=mysql://… is set.
 */
export async function cliDatabase(): Promise<CliDb> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `pendopo_cli_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const handle = createDb({ databaseUrl: dbUrl.toString() });
    return {
      ...handle,
      env: { DATABASE_URL: dbUrl.toString() },
      drop: async () => {
        await handle.db.destroy();
        await adminQuery(url, `DROP DATABASE IF EXISTS \`${name}\``);
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-cli-'));
  const file = path.join(dir, 'pendopo.sqlite');
  const handle = createDb({ sqlitePath: file });
  return {
    ...handle,
    // An empty DATABASE_URL counts as unset and keeps a .env file from choosing MySQL.
    env: { SQLITE_PATH: file, DATABASE_URL: '' },
    drop: async () => {
      await handle.db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src/cli/<script>`'s main() in this process, with `env` added to the environment it reads:
 * its exit code and output, as the command would give them.
 */
export async function runCommand(script: string, args: string[], env: Record<string, string>): Promise<CommandRun> {
  const { main } = (await import(`../../src/cli/${script}`)) as { main: CliMain };
  let stdout = '';
  let stderr = '';
  const io = {
    out: (line: string) => void (stdout += `${line}\n`),
    // console.error's formatting, stacks included.
    err: (line: unknown) => void (stderr += `${format(line)}\n`),
    env: { ...process.env, NODE_ENV: 'test', ...env },
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/**
 * Runs `src/cli/<script>` as a process of its own, as the Docker image runs `node dist/src/cli/….js`
 * (the run's compiled copy: childEntry in tests/support/build.ts), with `env` added: its exit code and output.
 */
export function spawnCommand(script: string, args: string[], env: Record<string, string>): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...childEntry(`cli/${script.replace(/\.ts$/, '')}`), ...args],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', ...env }, timeout: 50_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      },
    );
  });
}
