import { Router } from 'express';
import type { Kysely } from 'kysely';
import { accessibleBy } from '../../authz/accessible-by';
import { authorize } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { ctxOf } from '../../http/context';
import { pageOf } from '../../http/pagination';
import { t } from '../../i18n';

export function auditRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    authorize(req.ability, 'read', 'AuditEntry');
    const ctx = ctxOf(req, db);
    const page = pageOf(req.query.page, 50);
    const rows = await db
      .selectFrom('audit_log')
      .leftJoin('villages', 'villages.id', 'audit_log.village_id')
      .select(['audit_log.id', 'audit_log.created_at', 'audit_log.username', 'audit_log.role', 'audit_log.action', 'audit_log.target_type', 'audit_log.target_id', 'audit_log.detail', 'audit_log.ip', 'villages.name as village_name'])
      .where('audit_log.district_id', '=', ctx.district.id)
      .where(accessibleBy(ctx.ability, 'read', 'AuditEntry', 'audit_log'))
      .orderBy('audit_log.id', 'desc')
      .limit(page.perPage + 1)
      .offset(page.offset)
      .execute();
    res.render('admin/audit', { title: t('audit.title'), rows: rows.slice(0, page.perPage), page, hasNext: rows.length > page.perPage });
  });
  return router;
}
