import type { ExpressionBuilder } from 'kysely';
import type { Database, Role } from '../db/schema';
import './two-factor.table';

// Who must have a second factor: every superadmin; the camat office and the operators of a
// kecamatan as its settings say (districts.two_factor_admins / two_factor_operators).

/** Subqueries selected with a user row, so the login and every request know the user's state. */
export function twoFactorColumns(eb: ExpressionBuilder<Database, 'users'>) {
  return [
    eb.selectFrom('user_totp').select('user_totp.enabled_at').whereRef('user_totp.user_id', '=', 'users.id').as('totp_enabled_at'),
    eb.selectFrom('districts').select('districts.two_factor_admins').whereRef('districts.id', '=', 'users.district_id').as('district_two_factor_admins'),
    eb.selectFrom('districts').select('districts.two_factor_operators').whereRef('districts.id', '=', 'users.district_id').as('district_two_factor_operators'),
  ] as const;
}

export interface TwoFactorRow {
  role: Role;
  totp_enabled_at: string | null;
  district_two_factor_admins: number | null;
  district_two_factor_operators: number | null;
}

export interface TwoFactorState {
  /** The account has a confirmed second factor. */
  enabled: boolean;
  /** The account must have one before it may use the workspace. */
  required: boolean;
}

export function requiredFor(role: Role, district: { two_factor_admins: number; two_factor_operators: number } | null): boolean {
  if (role === 'superadmin') return true;
  if (!district) return false;
  return Boolean(role === 'district_admin' ? district.two_factor_admins : district.two_factor_operators);
}

export function twoFactorStateOf(row: TwoFactorRow): TwoFactorState {
  const district = row.district_two_factor_admins === null ? null : { two_factor_admins: Number(row.district_two_factor_admins), two_factor_operators: Number(row.district_two_factor_operators ?? 0) };
  return { enabled: row.totp_enabled_at !== null, required: requiredFor(row.role, district) };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User {
      /** Loaded with the user on every request (src/auth/passport.ts). */
      two_factor?: TwoFactorState;
    }
  }
}
