import { Router } from 'express';
import type { Kysely } from 'kysely';
import { SitemapStream, streamToPromise } from 'sitemap';
import type { Database } from '../../db/schema';
import { fromDbDate } from '../../db/time';
import { baseUrl, itemPath, villagePath } from './paths';
import { publishedItems } from './published';

// One sitemap file holds at most 50,000 URLs; beyond that a sitemap index is needed (not yet).
const MAX_URLS = 50_000;
const SECTIONS = ['/berita', '/pengumuman', '/agenda', '/potensi', '/produk', '/pembangunan', '/peta'];
const VILLAGE_SECTIONS = ['potensi', 'produk', 'pembangunan', 'berita'];
const DISALLOW = ['/admin', '/masuk', '/keluar', '/pasang'];

/** /sitemap.xml (published items only, lastmod = updated_at) and /robots.txt. */
export function sitemapRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.get('/sitemap.xml', async (req, res) => {
    const district = req.district!;
    const villages = await db.selectFrom('villages').select(['slug', 'updated_at']).where('district_id', '=', district.id).orderBy('name').execute();
    const items = await publishedItems(db, district.id)
      .select(['ci.type', 'ci.slug', 'ci.updated_at'])
      .orderBy('ci.published_at', 'desc')
      .orderBy('ci.id', 'desc')
      .limit(MAX_URLS - 10 - SECTIONS.length - villages.length * (1 + VILLAGE_SECTIONS.length))
      .execute();

    const stream = new SitemapStream({ hostname: baseUrl(req) });
    const done = streamToPromise(stream);
    stream.write({ url: '/', changefreq: 'daily', priority: 1 });
    stream.write({ url: '/desa', changefreq: 'weekly' });
    for (const path of SECTIONS) stream.write({ url: path, changefreq: 'daily' });
    for (const v of villages) {
      stream.write({ url: villagePath(v.slug), lastmod: fromDbDate(v.updated_at).toISOString() });
      for (const s of VILLAGE_SECTIONS) stream.write({ url: `${villagePath(v.slug)}/${s}` });
    }
    for (const i of items) stream.write({ url: itemPath(i.type, i.slug), lastmod: fromDbDate(i.updated_at).toISOString() });
    stream.end();
    res.type('application/xml').send((await done).toString());
  });

  router.get('/robots.txt', (req, res) => {
    const lines = ['User-agent: *', 'Allow: /', ...DISALLOW.map((p) => `Disallow: ${p}`), '', `Sitemap: ${baseUrl(req)}/sitemap.xml`, ''];
    res.type('text/plain').send(lines.join('\n'));
  });

  return router;
}
