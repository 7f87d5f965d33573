import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { articleRoutes } from '../portal/articles.routes';
import { homeRoutes } from '../portal/home.routes';
import { potentialRoutes } from '../portal/potentials.routes';
import { villageRoutes } from '../portal/villages.routes';

// The public pages (beranda, desa, berita, pengumuman, agenda, halaman, potensi).
export function siteRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.use(homeRoutes(db));
  router.use(villageRoutes(db));
  router.use(articleRoutes(db));
  router.use(potentialRoutes(db));
  return router;
}
