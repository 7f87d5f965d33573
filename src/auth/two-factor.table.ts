import type { Generated } from 'kysely';
import type { DbDate } from '../db/schema';

// The tables and columns of migrations/2026_12_10_0001_two_factor.ts, merged into the Database
// type of src/db/schema.ts from here so the second factor stays one module.

export interface UserTotpTable {
  user_id: number;
  /** Base32; null while the user has no second factor. */
  secret: string | null;
  /** Waiting for its first code: never accepted at login. */
  pending_secret: string | null;
  pending_at: DbDate | null;
  /** The last accepted time step: a code of this step or an earlier one is refused. */
  last_step: number | null;
  enabled_at: DbDate | null;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  /** sha-256 (hex) of the normalised code. */
  code_hash: string;
  used_at: DbDate | null;
}

export interface LoginKnownIpTable {
  user_id: number;
  ip: string;
  last_login_at: DbDate;
}

declare module '../db/schema' {
  interface Database {
    user_totp: UserTotpTable;
    recovery_codes: RecoveryCodeTable;
    login_known_ips: LoginKnownIpTable;
  }
  interface DistrictTable {
    /** 1: camat-office accounts must use the second factor. */
    two_factor_admins: Generated<number>;
    /** 1: village operators must use it too. */
    two_factor_operators: Generated<number>;
  }
  interface LoginAttemptTable {
    kind: Generated<'password' | 'code'>;
    user_id: number | null;
  }
}
