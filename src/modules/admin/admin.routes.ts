import { Router } from 'express';
import type { Kysely } from 'kysely';
import { requireUser } from '../../auth/auth.routes';
import { accessibleBy } from '../../authz/accessible-by';
import { authorize } from '../../authz/authorize';
import type { Config } from '../../config';
import type { Database } from '../../db/schema';
import { ctxOf } from '../../http/context';
import { t } from '../../i18n';
import type { MediaStorage } from '../../media';
import { accountRoutes } from '../account/account.routes';
import { auditRoutes } from '../audit/audit.routes';
import { contentRoutes } from '../content/content.routes';
import { mediaRoutes } from '../media/media.routes';
import { SECTIONS } from '../sections';
import { usersRoutes } from '../users/users.routes';

export function adminRoutes(db: Kysely<Database>, storage: MediaStorage, config: Pick<Config, 'UPLOAD_MAX_MB'>): Router {
  const router = Router();
  router.use(requireUser);
  router.use((req, res, next) => {
    authorize(req.ability, 'read', 'Workspace');
    res.set('Cache-Control', 'no-store');
    res.locals.workspace = true;
    res.locals.sections = SECTIONS.filter((d) => req.user?.role !== 'village_operator' || d.levels.includes('village')).map((d) => d.section);
    next();
  });

  router.get('/', async (req, res) => {
    const ctx = ctxOf(req, db);
    const villages = await db
      .selectFrom('villages')
      .select(['id', 'name', 'slug', 'kind'])
      .where('district_id', '=', ctx.district.id)
      .where(accessibleBy(ctx.ability, 'read', 'Village', 'villages'))
      .orderBy('name')
      .execute();
    const operators = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('district_id', '=', ctx.district.id)
      .where('role', '=', 'village_operator')
      .where('disabled_at', 'is', null)
      .where(accessibleBy(ctx.ability, 'read', 'User', 'users'))
      .executeTakeFirstOrThrow();
    res.render('admin/dashboard', { title: t('dashboard.title'), villages, operatorCount: Number(operators.n) });
  });

  router.use('/akun', accountRoutes(db));
  router.use('/pengguna', usersRoutes(db));
  router.use('/audit', auditRoutes(db));
  router.use('/media', mediaRoutes(db, storage, { maxMb: config.UPLOAD_MAX_MB }));
  for (const def of SECTIONS) router.use(`/${def.section}`, contentRoutes(db, def, { storage, maxMb: config.UPLOAD_MAX_MB }));
  return router;
}
