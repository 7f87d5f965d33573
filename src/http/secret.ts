import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The session-signing secret: SESSION_SECRET when set, else one generated once and kept in the
 * database, so a zero-setup install and several instances on one database all agree on it.
 */
export async function sessionSecret(db: Kysely<Database>, configured?: string): Promise<string> {
  if (configured) return configured;
  const existing = await db.selectFrom('app_settings').select('value').where('name', '=', 'session_secret').executeTakeFirst();
  if (existing) return existing.value;
  const value = randomBytes(48).toString('base64url');
  try {
    await db.insertInto('app_settings').values({ name: 'session_secret', value }).execute();
    return value;
  } catch {
    // Another instance won the race: use theirs.
    const row = await db.selectFrom('app_settings').select('value').where('name', '=', 'session_secret').executeTakeFirstOrThrow();
    return row.value;
  }
}
