import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { gated } from '../../http/route-gate';
import type { Database } from '../../db/schema';
import { articleRoutes } from '../portal/articles.routes';
import { homeRoutes } from '../portal/home.routes';
import { potentialRoutes } from '../portal/potentials.routes';
import { villageRoutes } from '../portal/villages.routes';

// The public pages (beranda, desa, berita, pengumuman, agenda, halaman, potensi): each area's
// router behind its gate, for the portal's series (a router of their own was one more to enter).
export function siteRoutes(db: Kysely<Database>): RequestHandler[] {
  return [gated(homeRoutes(db)), gated(villageRoutes(db)), gated(articleRoutes(db)), gated(potentialRoutes(db))];
}
