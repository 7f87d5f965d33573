import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { siteRoutes } from '../site/site.routes';

/** The public portal: every route under the URL map in DESIGN.md; each area adds its router here. */
export function portalRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.use(siteRoutes(db));
  return router;
}
