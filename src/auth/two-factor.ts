import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { minutesAgo, nowUtc } from '../db/time';
import { RECOVERY_COUNT, matchStep, newRecoveryCode, newSecret, recoveryHash } from './totp';
import './two-factor.table';

/** A pending secret not confirmed within this time is dropped; enrolment starts again. */
export const PENDING_MINUTES = 30;

export async function totpRow(db: Kysely<Database>, userId: number) {
  return db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function isEnabled(db: Kysely<Database>, userId: number): Promise<boolean> {
  return Boolean((await totpRow(db, userId))?.secret);
}

/** The secret waiting for its first code, if it is recent enough. */
export async function pendingSecret(db: Kysely<Database>, userId: number): Promise<string | null> {
  const row = await totpRow(db, userId);
  if (!row?.pending_secret || !row.pending_at || row.pending_at < minutesAgo(PENDING_MINUTES)) return null;
  return row.pending_secret;
}

/** A new pending secret beside any active one, which keeps working until the new one is confirmed. */
export async function startEnrolment(db: Kysely<Database>, userId: number): Promise<string> {
  const secret = newSecret();
  const set = { pending_secret: secret, pending_at: nowUtc() };
  const updated = await db.updateTable('user_totp').set(set).where('user_id', '=', userId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto('user_totp')
      .values({ user_id: userId, secret: null, last_step: null, enabled_at: null, ...set })
      .execute();
  }
  return secret;
}

/**
 * Makes the pending secret the active one when `code` is its current code, and issues fresh
 * recovery codes (returned once, stored hashed). Null when the code does not match.
 */
export async function confirmEnrolment(db: Kysely<Database>, userId: number, code: string): Promise<string[] | null> {
  const pending = await pendingSecret(db, userId);
  const step = pending ? matchStep(pending, code.replace(/\s/g, '')) : null;
  if (!pending || step === null) return null;
  const codes = Array.from({ length: RECOVERY_COUNT }, newRecoveryCode);
  const done = await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('user_totp')
      .set({ secret: pending, pending_secret: null, pending_at: null, last_step: step, enabled_at: nowUtc() })
      .where('user_id', '=', userId)
      .where('pending_secret', '=', pending)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await trx
      .insertInto('recovery_codes')
      .values(codes.map((c) => ({ user_id: userId, code_hash: recoveryHash(c)!, used_at: null })))
      .execute();
    return true;
  });
  return done ? codes : null;
}

export type CodeKind = 'totp' | 'recovery';

/**
 * Spends a code of the active secret (this step or a neighbour, and only once: the conditional
 * UPDATE of last_step refuses a step already used, even by a concurrent request) or an unused
 * recovery code. Null when neither.
 */
export async function spendCode(db: Kysely<Database>, userId: number, typed: string): Promise<CodeKind | null> {
  const code = typed.trim();
  if (/^\d{3}\s?\d{3}$/.test(code)) {
    const row = await totpRow(db, userId);
    const step = row?.secret ? matchStep(row.secret, code.replace(/\s/g, '')) : null;
    if (step === null) return null;
    const r = await db
      .updateTable('user_totp')
      .set({ last_step: step })
      .where('user_id', '=', userId)
      .where('secret', 'is not', null)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0 ? 'totp' : null;
  }
  const hash = recoveryHash(code);
  if (!hash || !(await isEnabled(db, userId))) return null;
  const r = await db.updateTable('recovery_codes').set({ used_at: nowUtc() }).where('user_id', '=', userId).where('code_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0 ? 'recovery' : null;
}

export async function recoveryLeft(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes the second factor (active and pending) and its recovery codes. */
export async function removeTwoFactor(db: Kysely<Database>, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await trx.deleteFrom('user_totp').where('user_id', '=', userId).execute();
  });
}
