import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { siteOrigin } from '../districts/site-origin';
import { identityLocals } from '../settings/identity.public';
import { siteRoutes } from '../site/site.routes';
import { apiRoutes } from '../api/api.routes';
import { type MapTiles, mapRoutes } from './map.routes';
import { productRoutes } from './products.routes';
import { projectRoutes } from './projects.routes';
import { feedRoutes } from './feeds.routes';
import { searchRoutes } from './search.routes';
import { serviceRoutes } from './services.routes';
import { sitemapRoutes } from './sitemap.routes';

/**
 * The public portal: every route under the URL map of paths.ts; each area adds its router here.
 * `publicUrl` is PUBLIC_URL, the address of a single-kecamatan install's absolute links; `tiles`
 * the base map of /peta.
 */
export function portalRoutes(db: Kysely<Database>, publicUrl: string | undefined, tiles: MapTiles): Router {
  const router = Router();
  router.use(siteOrigin(db, publicUrl));
  // The kecamatan's logo, contacts and share image for every public page's head and footer.
  router.use(identityLocals(db));
  // Feeds, sitemap, robots.txt and search first: fixed paths that a /desa/:slug/:section must not swallow.
  router.use(feedRoutes(db));
  router.use(sitemapRoutes(db));
  router.use(searchRoutes(db));
  router.use(siteRoutes(db));
  router.use('/api/v1', apiRoutes(db));
  router.use(mapRoutes(db, tiles));
  router.use(productRoutes(db));
  router.use(projectRoutes(db));
  router.use(serviceRoutes(db));
  return router;
}
