import { Router } from 'express';
import type { Kysely } from 'kysely';
import { requireUser } from '../../auth/auth.routes';
import { authorize } from '../../authz/authorize';
import type { Config } from '../../config';
import type { Database } from '../../db/schema';
import type { MediaStorage } from '../../media';
import { accountRoutes } from '../account/account.routes';
import { auditRoutes } from '../audit/audit.routes';
import { consoleRoutes } from '../console/console.routes';
import { contentRoutes } from '../content/content.routes';
import { dashboardRoutes } from '../dashboard/dashboard.routes';
import { mediaRoutes } from '../media/media.routes';
import { profileRoutes } from '../profile/profile.routes';
import { reviewRoutes } from '../review/review.routes';
import { SECTIONS } from '../sections';
import { settingsRoutes } from '../settings/settings.routes';
import { projectUpdateRoutes } from '../sections/project-updates.routes';
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

  router.use(dashboardRoutes(db));
  router.use('/tinjauan', reviewRoutes(db));
  router.use('/pengaturan', settingsRoutes(db));
  router.use('/akun', accountRoutes(db));
  router.use('/pengguna', usersRoutes(db));
  router.use('/audit', auditRoutes(db));
  router.use('/kecamatan', consoleRoutes(db));
  router.use('/media', mediaRoutes(db, storage, { maxMb: config.UPLOAD_MAX_MB }));
  router.use('/profil-desa', profileRoutes(db, { storage, maxMb: config.UPLOAD_MAX_MB }));
  router.use('/pembangunan', projectUpdateRoutes(db, storage, { maxMb: config.UPLOAD_MAX_MB }));
  for (const def of SECTIONS) router.use(`/${def.section}`, contentRoutes(db, def, { storage, maxMb: config.UPLOAD_MAX_MB }));
  return router;
}
