import { Router } from 'express';
import type { Kysely } from 'kysely';
import { authorize, can } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { ctxOf } from '../../http/context';
import { HttpError } from '../../http/errors';
import { parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { siteOriginOf } from '../districts/site-origin';
import { countQueue } from '../review/review.queries';
import { QUIET_DAYS, villageActivity, villageWork } from './dashboard.queries';
import { reminderForm } from './reminder.schema';
import { reminderInfo, sendReminder } from './reminders';

/** The workspace home (/admin): an operator sees their village's work, the camat office the kecamatan. */
export function dashboardRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const ctx = ctxOf(req, db);
    const base = { title: t('dashboard.title'), quietDays: QUIET_DAYS };
    if (ctx.user.role === 'village_operator') {
      const village =
        ctx.user.village_id === null
          ? undefined
          : await db
              .selectFrom('villages')
              .select(['id', 'name', 'slug', 'kind', 'review_required'])
              .where('id', '=', ctx.user.village_id)
              .where('district_id', '=', ctx.district.id)
              .executeTakeFirst();
      const work = village ? await villageWork(ctx, village.id) : null;
      return res.render('admin/dashboard', { ...base, mode: 'village', village: village ?? null, work });
    }
    const reviewer = can(ctx.ability, 'review', 'Content', { district_id: ctx.district.id, village_id: null });
    const reminds = can(ctx.ability, 'create', 'Reminder', { district_id: ctx.district.id });
    const [villages, reminders] = await Promise.all([villageActivity(ctx), reminds ? reminderInfo(ctx) : null]);
    res.render('admin/dashboard', {
      ...base,
      mode: 'district',
      villages,
      reminders,
      queueCount: reviewer ? await countQueue(ctx) : null,
      operatorCount: villages.reduce((sum, v) => sum + v.operators, 0),
    });
  });

  // "Ingatkan lewat WhatsApp": recorded here, then on to wa.me (src/modules/dashboard/reminders.ts).
  router.post('/ingatkan', async (req, res) => {
    const ctx = ctxOf(req, db);
    authorize(ctx.ability, 'create', 'Reminder', { district_id: ctx.district.id });
    const form = parseForm(reminderForm, req.body);
    if (!form.ok) throw new HttpError(404);
    const url = await sendReminder(ctx, { villageId: form.data.village_id, operatorId: form.data.operator_id, origin: siteOriginOf(req) });
    res.redirect(303, url);
  });

  return router;
}
