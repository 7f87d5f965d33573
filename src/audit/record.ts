import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { nowUtc } from '../db/time';
import type { AuditAction } from './actions';

// The audit trail, written by features and by login alike: it sits below both (docs/architecture.md).

/** How much of a name a failed login typed is kept (and shown) in its entry. */
export const ATTEMPTED_MAX = 64;

export interface AuditActor {
  id: number;
  username: string;
  role: string;
  district_id: number | null;
  village_id: number | null;
}

export interface AuditEntry {
  action: AuditAction;
  actor?: AuditActor | null;
  districtId?: number | null;
  villageId?: number | null;
  targetType?: string;
  targetId?: string | number;
  detail?: Record<string, unknown>;
  ip?: string | null;
  /** Recorded name for attempts without an account (a failed login). */
  username?: string;
}

export async function recordAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      district_id: e.districtId ?? e.actor?.district_id ?? null,
      village_id: e.villageId ?? e.actor?.village_id ?? null,
      user_id: e.actor?.id ?? null,
      username: (e.actor?.username ?? e.username ?? null)?.slice(0, 64) ?? null,
      role: e.actor?.role ?? null,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId === undefined ? null : String(e.targetId),
      detail: e.detail ? JSON.stringify(e.detail) : null,
      ip: e.ip?.slice(0, 45) ?? null,
      created_at: nowUtc(),
    })
    .execute();
}
