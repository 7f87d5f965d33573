import { Router } from 'express';
import type { Kysely } from 'kysely';
import { requireUser } from '../../auth/auth.routes';
import { authorize } from '../../authz/authorize';
import { ctxOf } from '../../http/context';
import type { Config } from '../../config';
import type { Database } from '../../db/schema';
import type { MediaStorage } from '../../files';
import { accountRoutes } from '../account/account.routes';
import { auditRoutes } from '../audit/audit.routes';
import { consoleRoutes } from '../console/console.routes';
import { contentRoutes } from '../content/content.routes';
import { dashboardRoutes } from '../dashboard/dashboard.routes';
import { siteOrigin } from '../districts/site-origin';
import { mediaRoutes } from '../media/media.routes';
import { notificationRoutes } from '../notifications/notifications.routes';
import { unreadCount } from '../notifications/notifications.queries';
import { checkQuietVillages } from '../notifications/quiet';
import { profileRoutes } from '../profile/profile.routes';
import { reportRoutes } from '../report/report.routes';
import { reviewRoutes } from '../review/review.routes';
import { SECTIONS } from '../sections';
import { settingsRoutes } from '../settings/settings.routes';
import { projectUpdateRoutes } from '../sections/project-updates.routes';
import { usersRoutes } from '../users/users.routes';

export function adminRoutes(db: Kysely<Database>, storage: MediaStorage, config: Pick<Config, 'UPLOAD_MAX_MB' | 'SMTP_URL' | 'SMTP_HOST' | 'PUBLIC_URL'>): Router {
  const router = Router();
  router.use(requireUser);
  router.use((req, res, next) => {
    authorize(req.ability, 'read', 'Workspace');
    res.set('Cache-Control', 'no-store');
    res.locals.workspace = true;
    res.locals.sections = SECTIONS.filter((d) => req.user?.role !== 'village_operator' || d.levels.includes('village')).map((d) => d.section);
    next();
  });
  // Pages show the unread count in the navigation; the camat office's first page of the day checks
  // for villages gone quiet first (src/modules/notifications/quiet.ts), so the count includes them.
  router.use(async (req, res, next) => {
    if (req.method !== 'GET' || !req.user) return next();
    if (req.user.role === 'district_admin' && req.district) {
      await checkQuietVillages(ctxOf(req, db)).catch((err: unknown) => req.log.warn({ err }, 'quiet village check failed'));
    }
    res.locals.unreadCount = await unreadCount(db, req.user.id);
    next();
  });
  // Absolute links of the workspace (reminders, credential sheets) follow the portal's rules.
  router.use(siteOrigin(db, config.PUBLIC_URL));

  router.use(dashboardRoutes(db));
  router.use('/notifikasi', notificationRoutes(db));
  router.use('/tinjauan', reviewRoutes(db));
  router.use('/pengaturan', settingsRoutes(db, { storage, maxMb: config.UPLOAD_MAX_MB }));
  router.use('/akun', accountRoutes(db, { mailConfigured: Boolean(config.SMTP_URL || config.SMTP_HOST) }));
  router.use('/pengguna', usersRoutes(db));
  router.use('/audit', auditRoutes(db));
  router.use(reportRoutes(db));
  router.use('/kecamatan', consoleRoutes(db));
  router.use('/media', mediaRoutes(db, storage, { maxMb: config.UPLOAD_MAX_MB }));
  router.use('/profil-desa', profileRoutes(db, { storage, maxMb: config.UPLOAD_MAX_MB }));
  router.use('/pembangunan', projectUpdateRoutes(db, storage, { maxMb: config.UPLOAD_MAX_MB }));
  for (const def of SECTIONS) router.use(`/${def.section}`, contentRoutes(db, def, { storage, maxMb: config.UPLOAD_MAX_MB }));
  return router;
}
