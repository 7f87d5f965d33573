import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { gated } from '../../http/route-gate';
import { series } from '../../http/series';
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
  // As a few layers (src/http/series.ts): every public request passes them.
  router.use(
    series(
      siteOrigin(db, publicUrl),
      // The kecamatan's logo, contacts and share image for every public page's head and footer.
      identityLocals(db),
      // Each area's router is entered only by paths it has routes for (src/http/route-gate.ts).
      // Feeds, sitemap, robots.txt and search first: fixed paths that a /desa/:slug/:section must not swallow.
      gated(feedRoutes(db)),
      gated(sitemapRoutes(db)),
      gated(searchRoutes(db)),
      ...siteRoutes(db),
    ),
  );
  router.use('/api/v1', apiRoutes(db));
  router.use(series(gated(mapRoutes(db, tiles)), gated(productRoutes(db)), gated(projectRoutes(db)), gated(serviceRoutes(db))));
  return router;
}
