import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { t } from '../../i18n';
import { type AuditActor, recordAudit } from '../../audit/record';
import { districtsChanged } from './hosts';

declare module '../../db/schema' {
  interface DistrictTable {
    /** Set while the install's host keeps the kecamatan's public site offline (migration 2026_12_10_0002). */
    suspended_at: DbDate | null;
  }
}

/** Seconds a reader of a suspended site is asked to wait before trying again. */
export const SUSPENDED_RETRY_AFTER_S = 3600;

/** Paths a suspended kecamatan keeps: its staff log in and work; health checks and assets answer. */
const STAFF_PATHS = /^\/(admin|masuk|keluar|media|static|healthz|readyz)(\/|$)/;

/**
 * Suspends or resumes a kecamatan; false when it already was. Bumping content_version makes every
 * instance's page cache miss (src/http/page-cache.ts keys on it), so no page stored before the
 * change is served after it; districtsChanged() lets this instance's tenant cache see it at once.
 */
export async function setSuspended(db: Kysely<Database>, districtId: number, suspended: boolean, by: { actor: AuditActor; ip: string }): Promise<boolean> {
  const now = nowUtc();
  const changed = await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('districts')
      .set((eb) => ({ suspended_at: suspended ? now : null, updated_at: now, content_version: eb('content_version', '+', 1) }))
      .where('id', '=', districtId)
      .where('suspended_at', suspended ? 'is' : 'is not', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordAudit(trx, {
      action: suspended ? 'district.suspended' : 'district.resumed',
      actor: by.actor,
      districtId,
      targetType: 'district',
      targetId: districtId,
      ip: by.ip,
    });
    return true;
  });
  districtsChanged();
  return changed;
}

/**
 * Right after the tenant: a suspended kecamatan's public pages answer 503 with a maintenance page.
 * Not stored by the page cache (it keeps 200s only).
 */
export function suspendedSite(req: Request, res: Response, next: NextFunction): void {
  const district = req.district;
  if (!district?.suspended_at || STAFF_PATHS.test(req.path)) return next();
  res.status(503).set({ 'Retry-After': String(SUSPENDED_RETRY_AFTER_S), 'Cache-Control': 'no-store' });
  res.render('errors/maintenance', { t, title: t('console.maintenance.title'), name: district.name, district: null, currentUser: null, path: req.path });
}
