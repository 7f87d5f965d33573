import type { Express } from 'express';
import type { Kysely, KyselyPlugin } from 'kysely';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Database, Role } from '../../src/db/schema';
import { nowUtc } from '../../src/db/time';
import { createLogger } from '../../src/logger';
import { LocalStorage, type MediaStorage } from '../../src/files';
import { provisionDistrict } from '../../src/modules/districts/provision';
import { codeAt } from '../../src/auth/totp';
import { insertAccount } from '../../src/modules/users/accounts';
import { createTestDb } from './db';

export const PASSWORD = 'Kopi-Tubruk-Klampok-2026';
/** The second factor addUser gives an account (every superadmin, unless told otherwise). */
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

// login() answers the code step of an enrolled account itself, so it needs the app's database.
const dbOfApp = new WeakMap<Express, Kysely<Database>>();

export interface TestEnv {
  app: Express;
  db: Kysely<Database>;
  dialect: 'sqlite' | 'mysql';
  /** The app's media store: by default a LocalStorage on a fresh temporary folder, removed by close(). */
  storage: MediaStorage;
  close: () => Promise<void>;
}

export async function createTestEnv(env: Record<string, string> = {}, opts: { storage?: MediaStorage; plugins?: KyselyPlugin[] } = {}): Promise<TestEnv> {
  const handle = await createTestDb({ plugins: opts.plugins });
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const tmp = opts.storage ? null : await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-uploads-'));
  const storage = opts.storage ?? new LocalStorage(tmp!);
  const app = await createApp({ db: handle.db, config, logger: createLogger(config), storage });
  dbOfApp.set(app, handle.db);
  const close = async () => {
    await handle.drop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  };
  return { app, db: handle.db, dialect: handle.dialect, storage, close };
}

/** Kecamatan Klampok (33.04.02) on `host` with an operator (`operator.pagak`) of its village Pagak: the session tests' set-up. */
export async function pagakOperator(host: string, config: Record<string, string> = {}): Promise<{ env: TestEnv; districtId: number; operatorId: number }> {
  const env = await createTestEnv(config);
  const { districtId } = await provision(env.db, '33.04.02', host);
  const operatorId = await addUser(env.db, { districtId, villageId: await villageId(env.db, '33.04.02.2002'), username: 'operator.pagak', role: 'village_operator' });
  return { env, districtId, operatorId };
}

/**
 * A kecamatan as `district:add` makes it, except its second-factor policy: a new kecamatan requires
 * the camat office's second factor (migrations/2026_12_10_0001_two_factor.ts), but tests log in
 * with the password alone unless they ask for the policy here.
 */
export async function provision(db: Kysely<Database>, code: string, host?: string, opts: { twoFactor?: { admins?: boolean; operators?: boolean } } = {}) {
  const result = await provisionDistrict(db, code, { host });
  await db
    .updateTable('districts')
    .set({ two_factor_admins: opts.twoFactor?.admins ? 1 : 0, two_factor_operators: opts.twoFactor?.operators ? 1 : 0 })
    .where('id', '=', result.districtId)
    .execute();
  return result;
}

/**
 * An account. `twoFactor` (by default only for superadmins, who cannot work without one) enrols
 * it with TOTP_SECRET, and login() then answers its code step.
 */
export async function addUser(
  db: Kysely<Database>,
  u: { districtId: number | null; villageId?: number | null; username: string; role: Role; mustChange?: boolean; password?: string; twoFactor?: boolean },
): Promise<number> {
  const id = await insertAccount(db, {
    districtId: u.districtId,
    villageId: u.villageId ?? null,
    username: u.username,
    name: `Nama ${u.username}`,
    role: u.role,
    password: u.password ?? PASSWORD,
    mustChange: u.mustChange ?? false,
  });
  if (u.twoFactor ?? u.role === 'superadmin') {
    await db.insertInto('user_totp').values({ user_id: id, secret: TOTP_SECRET, pending_secret: null, pending_at: null, last_step: null, enabled_at: nowUtc() }).execute();
  }
  return id;
}

export async function villageId(db: Kysely<Database>, code: string): Promise<number> {
  const row = await db.selectFrom('villages').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

/** The hidden _csrf value of the first form in a page. */
export function csrfFrom(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error('no _csrf field in page');
  return m[1];
}

export type Agent = ReturnType<typeof request.agent>;

/** An agent on a host, with a CSRF token from `page`. */
export async function csrfOf(agent: Agent, host: string, page = '/masuk'): Promise<string> {
  const res = await agent.get(page).set('Host', host);
  return csrfFrom(res.text);
}

export async function login(app: Express, host: string, username: string, password = PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const token = await csrfOf(agent, host);
  const res = await agent.post('/masuk').set('Host', host).type('form').send({ _csrf: token, username, password });
  if (res.status !== 302) throw new Error(`login of ${username} failed with ${res.status}`);
  if (res.headers.location === '/masuk/kode') await answerCode(app, agent, host);
  return agent;
}

/** The code step for an account enrolled by addUser; its replay guard is reset, so logins may follow each other quickly. */
async function answerCode(app: Express, agent: Agent, host: string): Promise<void> {
  const db = dbOfApp.get(app);
  if (!db) throw new Error('login() answers a code step only for an app made by createTestEnv');
  await db.updateTable('user_totp').set({ last_step: null }).where('secret', '=', TOTP_SECRET).execute();
  const token = await csrfOf(agent, host, '/masuk/kode');
  const res = await agent
    .post('/masuk/kode')
    .set('Host', host)
    .type('form')
    .send({ _csrf: token, code: codeAt(TOTP_SECRET, Date.now() / 1000) });
  if (res.status !== 302) throw new Error(`code step failed with ${res.status}`);
}

export async function auditActions(db: Kysely<Database>, action: string): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
