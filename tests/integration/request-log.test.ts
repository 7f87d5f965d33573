// One log line per request, carrying the request id; CSRF tokens in URLs masked, no headers logged.
// Readers of public pages without a session cookie get no session row and no cookie.
import { sql } from 'kysely';
import pino from 'pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { LocalStorage } from '../../src/files';
import { provision } from '../support/app';
import { createTestDb } from '../support/db';
import os from 'node:os';

const HOST = 'klampok.test';
/** A log line as pino writes it (JSON); the fields the tests read. */
interface LogLine {
  reqId?: string;
  msg?: string;
  req?: { url?: string };
  [field: string]: unknown;
}
const lines: LogLine[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
    done();
  },
});
let handle: Awaited<ReturnType<typeof createTestDb>>;
let app: Awaited<ReturnType<typeof createApp>>;

beforeAll(async () => {
  handle = await createTestDb();
  await provision(handle.db, '33.04.02', HOST);
  const config = loadConfig({ NODE_ENV: 'test', PAGE_CACHE: 'false' });
  app = await createApp({ db: handle.db, config, logger: pino({ level: 'info' }, sink), storage: new LocalStorage(os.tmpdir()) });
});
afterAll(() => handle.drop());

const lineOf = async (id: string) => {
  for (let i = 0; i < 50 && !lines.some((l) => l.reqId === id); i++) await new Promise((r) => setImmediate(r));
  return lines.filter((l) => l.reqId === id);
};

test('a request is one line with its id, method, URL, status and time; 4xx at warn', async () => {
  const ok = await request(app).get('/desa?x=1').set('Host', HOST).set('Cookie', 'other=1');
  const [line] = await lineOf(ok.headers['x-request-id']);
  expect(line).toMatchObject({ level: 30, msg: 'request completed', req: { method: 'GET', url: '/desa?x=1', host: HOST }, res: { status: 200 } });
  expect(typeof line.responseTime).toBe('number');
  expect(JSON.stringify(line)).not.toContain('other=1');

  const missing = await request(app).get('/tidak-ada').set('Host', HOST);
  expect((await lineOf(missing.headers['x-request-id']))[0]).toMatchObject({ level: 40, res: { status: 404 } });
});

test('a CSRF token in the URL never reaches the log', async () => {
  const res = await request(app).post('/admin/berita?_csrf=rahasia-sekali&x=2').set('Host', HOST).field('title', 'x');
  const line = (await lineOf(res.headers['x-request-id']))[0];
  expect(line.req?.url).toBe('/admin/berita?_csrf=…&x=2');
  expect(JSON.stringify(lines)).not.toContain('rahasia-sekali');
});

test("what code logs during a request carries the request's id", async () => {
  await sql`ALTER TABLE villages RENAME TO villages_hilang`.execute(handle.db);
  try {
    // /peta reads the villages on every render (its data is not kept: src/modules/portal/kept-reads.ts).
    const res = await request(app).get('/peta').set('Host', HOST).set('X-Request-Id', 'log-test-0001');
    expect(res.status).toBe(500);
  } finally {
    await sql`ALTER TABLE villages_hilang RENAME TO villages`.execute(handle.db);
  }
  const own = await lineOf('log-test-0001');
  expect(own.map((l) => l.msg)).toEqual(expect.arrayContaining(['request failed', 'request completed']));
  expect(own.find((l) => l.msg === 'request failed')).toMatchObject({ level: 50, reqId: 'log-test-0001' });
});

test('a public page makes no session for a reader without one, nor does the login form', async () => {
  const sessions = async () => (await handle.db.selectFrom('sessions').select('sid').execute()).length;
  const before = await sessions();
  for (const path of ['/', '/desa', '/berita', '/tidak-ada']) {
    const res = await request(app).get(path).set('Host', HOST);
    expect(res.headers['set-cookie']).toBeUndefined();
  }
  expect(await sessions()).toBe(before);
  // The login form's CSRF token comes in its own cookie (src/http/csrf.ts).
  const login = await request(app).get('/masuk').set('Host', HOST);
  expect(login.headers['set-cookie']).toEqual([expect.stringMatching(/^pendopo\.csrf=/)]);
  expect(await sessions()).toBe(before);
});
