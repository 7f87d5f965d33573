import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SessionUser } from '../domain/context';
import { t } from '../i18n';
import { recordAudit } from '../audit/record';
import { type CodeKind, confirmEnrolment, spendCode } from './two-factor';
import { verifyPassword } from './password';
import { type GuessKind, clearFailures, recordFailure, throttleOf } from './throttle';

// Every check of a secret someone types after login (the current password, a second-factor code)
// goes through here: throttled with the login's counters (src/auth/throttle.ts) and audited.

export interface CheckAt {
  user: SessionUser;
  ip: string;
  districtId: number | null;
  /** What the check is for, kept in the audit row: 'password_change', 'login', '2fa_disable', … */
  purpose: string;
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 401 | 429; message: string };

async function guarded<T>(db: Kysely<Database>, at: CheckAt, kind: GuessKind, check: () => Promise<T | null>, wrong: string): Promise<CheckResult<T>> {
  const guess = { ip: at.ip, username: at.user.username, userId: at.user.id, kind };
  const base = { actor: at.user, districtId: at.districtId ?? at.user.district_id, ip: at.ip, targetType: 'user', targetId: at.user.id };
  const prefix = kind === 'password' ? 'password' : 'two_factor';
  const throttled = await throttleOf(db, guess);
  if (throttled) {
    await recordAudit(db, { ...base, action: `${prefix}.throttled`, detail: { purpose: at.purpose, scope: throttled.scope } });
    return { ok: false, status: 429, message: t(kind === 'password' ? 'login.throttled' : 'twoFactor.throttled', { minutes: throttled.minutes }) };
  }
  const value = await check();
  if (value === null) {
    await recordFailure(db, guess);
    await recordAudit(db, { ...base, action: `${prefix}.failed`, detail: { purpose: at.purpose } });
    return { ok: false, status: at.purpose === 'login' ? 401 : 400, message: wrong };
  }
  await clearFailures(db, guess);
  return { ok: true, value };
}

export async function checkCurrentPassword(db: Kysely<Database>, at: CheckAt, password: string): Promise<CheckResult<true>> {
  return guarded(
    db,
    at,
    'password',
    async () => {
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', at.user.id).executeTakeFirstOrThrow();
      return (await verifyPassword(row.password_hash, password)) ? true : null;
    },
    t('password.wrongCurrent'),
  );
}

/** A code of the active second factor, or a recovery code; each is accepted once. */
export async function checkCode(db: Kysely<Database>, at: CheckAt, code: string): Promise<CheckResult<CodeKind>> {
  return guarded(db, at, 'code', () => spendCode(db, at.user.id, code.slice(0, 40)), t('twoFactor.wrongCode'));
}

/** The first code of a pending secret; on success, the recovery codes to show once. */
export async function checkEnrolmentCode(db: Kysely<Database>, at: CheckAt, code: string): Promise<CheckResult<string[]>> {
  return guarded(db, at, 'code', () => confirmEnrolment(db, at.user.id, code.slice(0, 40)), t('twoFactor.wrongCode'));
}
