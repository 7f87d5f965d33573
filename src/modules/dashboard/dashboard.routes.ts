import { Router } from 'express';
import type { Kysely } from 'kysely';
import { can } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { ctxOf } from '../../http/context';
import { t } from '../../i18n';
import { countQueue } from '../review/review.queries';
import { QUIET_DAYS, villageActivity, villageWork } from './dashboard.queries';

/** The workspace home (/admin): an operator sees their village's work, the camat office the kecamatan. */
export function dashboardRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const ctx = ctxOf(req, db);
    const base = { title: t('dashboard.title'), quietDays: QUIET_DAYS };
    if (ctx.user.role === 'village_operator') {
      const village = ctx.user.village_id === null
        ? undefined
        : await db.selectFrom('villages').select(['id', 'name', 'slug', 'kind', 'review_required']).where('id', '=', ctx.user.village_id).where('district_id', '=', ctx.district.id).executeTakeFirst();
      const work = village ? await villageWork(ctx, village.id) : null;
      return res.render('admin/dashboard', { ...base, mode: 'village', village: village ?? null, work });
    }
    const reviewer = can(ctx.ability, 'review', 'Content', { district_id: ctx.district.id, village_id: null });
    const villages = await villageActivity(ctx);
    res.render('admin/dashboard', {
      ...base,
      mode: 'district',
      villages,
      queueCount: reviewer ? await countQueue(ctx) : null,
      operatorCount: villages.reduce((sum, v) => sum + v.operators, 0),
    });
  });

  return router;
}
