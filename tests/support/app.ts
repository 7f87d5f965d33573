import type { Express } from 'express';
import type { Kysely } from 'kysely';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Database, Role } from '../../src/db/schema';
import { createLogger } from '../../src/logger';
import { LocalStorage, type MediaStorage } from '../../src/media';
import { provisionDistrict } from '../../src/modules/districts/provision';
import { insertAccount } from '../../src/modules/users/accounts';
import { createTestDb } from './db';

export const PASSWORD = 'Kopi-Tubruk-Klampok-2026';

export interface TestEnv {
  app: Express;
  db: Kysely<Database>;
  dialect: 'sqlite' | 'mysql';
  /** The app's media store: by default a LocalStorage on a fresh temporary folder, removed by close(). */
  storage: MediaStorage;
  close: () => Promise<void>;
}

export async function createTestEnv(env: Record<string, string> = {}, opts: { storage?: MediaStorage } = {}): Promise<TestEnv> {
  const handle = await createTestDb();
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const tmp = opts.storage ? null : await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-uploads-'));
  const storage = opts.storage ?? new LocalStorage(tmp!);
  const app = await createApp({ db: handle.db, config, logger: createLogger(config), storage });
  const close = async () => {
    await handle.drop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  };
  return { app, db: handle.db, dialect: handle.dialect, storage, close };
}

export async function provision(db: Kysely<Database>, code: string, host?: string) {
  return provisionDistrict(db, code, { host });
}

export async function addUser(
  db: Kysely<Database>,
  u: { districtId: number | null; villageId?: number | null; username: string; role: Role; mustChange?: boolean; password?: string },
): Promise<number> {
  return insertAccount(db, {
    districtId: u.districtId,
    villageId: u.villageId ?? null,
    username: u.username,
    name: `Nama ${u.username}`,
    role: u.role,
    password: u.password ?? PASSWORD,
    mustChange: u.mustChange ?? false,
  });
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
  return agent;
}

export async function auditActions(db: Kysely<Database>, action: string): Promise<number> {
  const row = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow();
  return Number(row.n);
}
