import { Router } from 'express';
import type { Kysely } from 'kysely';
import { gated } from '../../http/route-gate';
import type { Database } from '../../db/schema';
import { articleRoutes } from '../portal/articles.routes';
import { homeRoutes } from '../portal/home.routes';
import { potentialRoutes } from '../portal/potentials.routes';
import { villageRoutes } from '../portal/villages.routes';

// The public pages (beranda, desa, berita, pengumuman, agenda, halaman, potensi).
export function siteRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.use(gated(homeRoutes(db)));
  router.use(gated(villageRoutes(db)));
  router.use(gated(articleRoutes(db)));
  router.use(gated(potentialRoutes(db)));
  return router;
}
