// The server and a CLI command started as processes of their own, with a bad configuration: each
// must stop with one line naming the variable and the cause, exit code 2, and no stack trace. They
// start from the run's compiled copy, as `npm start` and the Docker image start dist/ (childEntry in
// tests/support/build.ts); one CLI case goes through tsx on src/, as `npm run migrate` starts it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/soak/server';
import { childEntry } from '../support/build';
import { adminQuery } from '../support/db';

const ROOT = path.resolve(__dirname, '../..');
const MYSQL = process.env.DATABASE_URL;
const SECRET = `Rahasia-${randomBytes(4).toString('hex')}`;
// Root writes anywhere, so permission cases run the child as "nobody" when the suite runs as root.
const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
// The suite's cheap password hashing (tests/support/env.ts) is refused outside NODE_ENV=test.
const PARENT_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PASSWORD_HASH_')));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src/<entry>.ts` (compiled, see above; through tsx on the source with `tsx`) until it exits
 * (killed after 25 s, which fails the test).
 */
function run(entry: string, env: Record<string, string>, as: { uid?: number; gid?: number; tsx?: boolean } = {}): Promise<Exit> {
  const { tsx, ...ids } = as;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, tsx ? ['--import', 'tsx', `src/${entry}.ts`] : childEntry(entry), {
      cwd: ROOT,
      env: { ...PARENT_ENV, NODE_ENV: 'production', LOG_LEVEL: 'info', BIND_ADDRESS: '127.0.0.1', PORT: '0', ...env },
      ...ids,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectOneLine(r: Exit, line: RegExp): void {
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(line)]);
  expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at /m);
  expect(`${r.stdout}\n${r.stderr}`).not.toContain(SECRET);
  expect(r.stdout).not.toContain('Pendopo listening');
  expect(r.code).toBe(2);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let tmp: string;
let dbEnv: Record<string, string>;
let dropDb = async () => {};

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-startup-'));
  fs.chmodSync(tmp, 0o777);
  fs.writeFileSync(path.join(tmp, 'a-file'), 'not a folder, not a database: just some text\n');
  fs.mkdirSync(path.join(tmp, 'read-only'), { mode: 0o555 });
  fs.chmodSync(path.join(tmp, 'read-only'), 0o555);
  fs.writeFileSync(path.join(tmp, 'read-only.sqlite'), '', { mode: 0o444 });
  fs.chmodSync(path.join(tmp, 'read-only.sqlite'), 0o444);
  if (MYSQL) {
    const name = `pendopo_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(MYSQL, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const url = new URL(MYSQL);
    url.pathname = `/${name}`;
    dbEnv = { DATABASE_URL: url.toString(), UPLOAD_DIR: path.join(tmp, 'uploads') };
    dropDb = () => adminQuery(MYSQL, `DROP DATABASE IF EXISTS \`${name}\``);
  } else {
    // An empty DATABASE_URL counts as unset and keeps a .env file from choosing MySQL.
    dbEnv = { DATABASE_URL: '', SQLITE_PATH: path.join(tmp, 'pendopo.sqlite'), UPLOAD_DIR: path.join(tmp, 'uploads') };
  }
});

afterAll(async () => {
  await dropDb();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('listen errors', () => {
  test('a second server on a busy PORT exits 2 naming PORT; the first one keeps answering', async () => {
    const port = String(await freePort());
    const first = spawn(process.execPath, childEntry('main'), {
      cwd: ROOT,
      env: { ...PARENT_ENV, NODE_ENV: 'production', LOG_LEVEL: 'info', BIND_ADDRESS: '127.0.0.1', PORT: port, ...dbEnv },
    });
    const exited = new Promise((resolve) => first.once('exit', resolve));
    try {
      let out = '';
      first.stdout.on('data', (d) => (out += d));
      first.stderr.on('data', (d) => (out += d));
      await new Promise<void>((resolve, reject) => {
        first.stdout.on('data', () => out.includes('Pendopo listening') && resolve());
        first.once('exit', (code) => reject(new Error(`first server exited with ${code}:\n${out}`)));
      });
      // "listening" is logged once the port is really taken.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      const second = await run('main', { ...dbEnv, PORT: port });
      expectOneLine(second, new RegExp(`^PORT: cannot listen on 127\\.0\\.0\\.1:${port} \\(address already in use\\)$`));
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      first.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  test('a BIND_ADDRESS that is not on this machine exits 2 naming BIND_ADDRESS', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737), never assigned to a host.
    const r = await run('main', { ...dbEnv, BIND_ADDRESS: '192.0.2.1', PORT: String(await freePort()) });
    expectOneLine(r, /^BIND_ADDRESS: cannot listen on 192\.0\.2\.1:\d+ \(address not available on this machine\)$/);
  });
});

describe('UPLOAD_DIR', () => {
  test('a folder the server may not write in exits 2 naming UPLOAD_DIR', async () => {
    const dir = path.join(tmp, 'read-only');
    const env = MYSQL ? dbEnv : { ...dbEnv, SQLITE_PATH: path.join(tmp, 'unprivileged.sqlite') };
    const r = await run('main', { ...env, UPLOAD_DIR: dir }, UNPRIVILEGED);
    expectOneLine(r, new RegExp(`^UPLOAD_DIR: cannot write in ${escape(dir)} \\(permission denied\\)$`));
  });

  test('a folder that cannot be created exits 2 naming UPLOAD_DIR', async () => {
    const dir = path.join(tmp, 'a-file', 'uploads');
    const r = await run('main', { ...dbEnv, UPLOAD_DIR: dir });
    expectOneLine(r, new RegExp(`^UPLOAD_DIR: cannot create ${escape(dir)} \\(a part of the path is a file, not a folder\\)$`));
  });

  test('a file in its place exits 2 naming UPLOAD_DIR', async () => {
    const file = path.join(tmp, 'a-file');
    const r = await run('main', { ...dbEnv, UPLOAD_DIR: file });
    expectOneLine(r, new RegExp(`^UPLOAD_DIR: ${escape(file)} is a file, not a folder$`));
  });
});

describe('SQLITE_PATH', () => {
  const sqlite = (file: string) => ({ DATABASE_URL: '', SQLITE_PATH: file, UPLOAD_DIR: path.join(tmp, 'uploads') });

  test('a database the server may not create exits 2 naming SQLITE_PATH', async () => {
    const file = path.join(tmp, 'read-only', 'pendopo.sqlite');
    const r = await run('main', sqlite(file), UNPRIVILEGED);
    expectOneLine(r, new RegExp(`^SQLITE_PATH: cannot create ${escape(file)} \\(permission denied\\)$`));
  });

  test('a database file the server may not write exits 2 naming SQLITE_PATH', async () => {
    const file = path.join(tmp, 'read-only.sqlite');
    const r = await run('main', sqlite(file), UNPRIVILEGED);
    expectOneLine(r, new RegExp(`^SQLITE_PATH: cannot write ${escape(file)} \\(permission denied\\)$`));
  });

  test('a folder that cannot be created exits 2 naming SQLITE_PATH', async () => {
    const dir = path.join(tmp, 'a-file', 'data');
    const r = await run('main', sqlite(path.join(dir, 'pendopo.sqlite')));
    expectOneLine(r, new RegExp(`^SQLITE_PATH: cannot create folder ${escape(dir)} \\(`));
  });

  test('a file that is not a database exits 2 naming SQLITE_PATH', async () => {
    const file = path.join(tmp, 'a-file');
    const r = await run('main', sqlite(file));
    expectOneLine(r, new RegExp(`^SQLITE_PATH: cannot open ${escape(file)} \\(not an SQLite database\\)$`));
  });

  test('the CLI says the same', async () => {
    const dir = path.join(tmp, 'a-file', 'data');
    const r = await run('cli/migrate', sqlite(path.join(dir, 'pendopo.sqlite')), { tsx: true });
    expectOneLine(r, new RegExp(`^SQLITE_PATH: cannot create folder ${escape(dir)} \\(`));
  });
});

describe('DATABASE_URL', () => {
  const mysqlTest = MYSQL ? test : test.skip;
  const withCredentials = (user: string) => {
    const url = new URL(MYSQL!);
    url.username = user;
    url.password = SECRET;
    return url.toString();
  };

  test('a closed port exits 2 naming DATABASE_URL, without the password', async () => {
    const port = await freePort();
    const r = await run('main', { DATABASE_URL: `mysql://pendopo:${SECRET}@127.0.0.1:${port}/pendopo` });
    expectOneLine(r, new RegExp(`^DATABASE_URL: cannot connect to 127\\.0\\.0\\.1:${port} \\(connection refused\\)$`));
  });

  test('the CLI says the same', async () => {
    const port = await freePort();
    const r = await run('cli/migrate', { DATABASE_URL: `mysql://pendopo:${SECRET}@127.0.0.1:${port}/pendopo` });
    expectOneLine(r, new RegExp(`^DATABASE_URL: cannot connect to 127\\.0\\.0\\.1:${port} \\(connection refused\\)$`));
  });

  mysqlTest('a wrong password exits 2 naming DATABASE_URL and the user, without the password', async () => {
    const r = await run('main', { DATABASE_URL: withCredentials('root') });
    expectOneLine(r, /^DATABASE_URL: access denied for user 'root' at [^ ]+ \(wrong user name or password\)$/);
  });

  mysqlTest('an unknown user exits 2 naming DATABASE_URL and the user', async () => {
    const user = `nobody_${randomBytes(3).toString('hex')}`;
    const r = await run('main', { DATABASE_URL: withCredentials(user) });
    expectOneLine(r, new RegExp(`^DATABASE_URL: access denied for user '${user}' at [^ ]+ \\(wrong user name or password\\)$`));
  });

  mysqlTest('an unknown database exits 2 naming DATABASE_URL and the database', async () => {
    const name = `pendopo_missing_${randomBytes(4).toString('hex')}`;
    const url = new URL(MYSQL!);
    url.pathname = `/${name}`;
    const r = await run('main', { DATABASE_URL: url.toString() });
    expectOneLine(r, new RegExp(`^DATABASE_URL: unknown database '${name}' at [^ ]+$`));
  });
});

describe('what a start prints', () => {
  test('not a terminal: stdout is JSON lines only; the setup address stands out, boxed, on stderr', async () => {
    const child = spawn(process.execPath, childEntry('main'), {
      cwd: ROOT,
      env: { ...PARENT_ENV, NODE_ENV: 'production', LOG_LEVEL: 'info', LOG_FORMAT: '', BIND_ADDRESS: '127.0.0.1', PORT: '0', ...dbEnv },
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let stdout = '';
    let stderr = '';
    try {
      // Two pipes: wait until both have said their part, in whichever order they arrive.
      await new Promise<void>((resolve, reject) => {
        const check = () => /\/pasang\?token=\S+ +\|\n\+-+\+/.test(stderr) && stdout.includes('one-time token"}\n') && resolve();
        child.stdout.on('data', (d) => {
          stdout += d;
          check();
        });
        child.stderr.on('data', (d) => {
          stderr += d;
          check();
        });
        child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${stdout}\n${stderr}`)));
      });
      const boxedUrl = stderr.match(/\| (http:\/\/127\.0\.0\.1:\d+\/pasang\?token=\S+) +\|/)![1];
      expect(stderr).toContain('| Pendopo belum dipasang. Buka halaman pemasangan (sekali pakai): |');
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; setupUrl?: string });
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['Pendopo listening', 'fresh install: open the setup page with this one-time token']));
      expect(lines.find((l) => l.setupUrl)!.setupUrl).toBe(boxedUrl);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
