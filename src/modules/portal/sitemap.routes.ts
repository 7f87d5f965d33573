import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database, District } from '../../db/schema';
import { fromDbDate } from '../../db/time';
import { HttpError } from '../../http/errors';
import { SECTIONS } from '../sections';
import { VILLAGE_SEGMENTS, baseUrl, itemPath, villagePath } from './paths';
import { keptRead } from './kept-reads';
import { villagesOf } from './products.routes';
import { publishedItems } from './published';
import { type SitemapUrl, sitemapIndexXml, urlsetXml } from './sitemap.xml';

// /sitemap.xml is a sitemap index (sitemaps.org) of small children, so no request reads a number of
// rows that grows with the kecamatan's history:
// - /sitemap-halaman.xml: the fixed pages and every village (bounded by the number of villages);
// - /sitemap-isi-<k>.xml: the published items with id in [k·IDS_PER_CHILD, (k+1)·IDS_PER_CHILD),
//   one range scan of content_items_public_id_idx (migration 2026_12_02_0002).
// Children are numbered by id, not by position, so an item stays in the same child for good and
// the index needs only the first and last published id (two index seeks), whatever the item count.
export const IDS_PER_CHILD = 5000;
// The list pages and a village's section pages, from the type registry (../sections/index.ts).
const LISTS = [...SECTIONS.filter((d) => d.public.listed).map((d) => d.public.path), '/peta'];
const DISALLOW = ['/admin', '/masuk', '/keluar', '/pasang'];

/** The child numbers [first, last] holding the kecamatan's published items, or null if none. */
export async function contentChildren(db: Kysely<Database>, districtId: number): Promise<[number, number] | null> {
  // Two single-aggregate queries: each is one seek at an end of the index (a combined MIN/MAX is not).
  const [lo, hi] = await Promise.all((['asc', 'desc'] as const).map((dir) => publishedItems(db, districtId).select('ci.id').orderBy('ci.id', dir).limit(1).executeTakeFirst()));
  if (!lo || !hi) return null;
  return [Math.floor(lo.id / IDS_PER_CHILD), Math.floor(hi.id / IDS_PER_CHILD)];
}

const iso = (dbDate: string) => fromDbDate(dbDate).toISOString();
// The charset named, as Express does for a string body only: the index goes out as kept bytes.
const sendXml = (res: Response, xml: string | Buffer) => res.type('application/xml; charset=utf-8').send(xml);

/** /sitemap.xml (an index), its children (published items only, lastmod = updated_at) and /robots.txt. */
export function sitemapRoutes(db: Kysely<Database>): Router {
  const router = Router();

  // The villages (./products.routes.ts) and the children's range are kept per content_version (./kept-reads.ts); a child's items are not (5,000 rows each).
  const childrenOf = (district: District) => keptRead(db, district, 'sitemap/isi', () => contentChildren(db, district.id));

  // A sitemap holds absolute URLs only: without a known address (../districts/site-origin.ts) there is none.
  const withOrigin = (req: Request, _res: Response, next: NextFunction) => next(baseUrl(req) ? undefined : new HttpError(404));
  router.get(['/sitemap.xml', '/sitemap-halaman.xml', '/sitemap-isi-:k.xml'], withOrigin);

  router.get('/sitemap.xml', async (req, res) => {
    const district = req.district!;
    const base = baseUrl(req)!;
    // A line per IDS_PER_CHILD ids (201 at 1,000,000 items, 14.6 KB) after two index seeks. The bytes
    // and their ETag (as Express would make it) are kept too, per version and origin (a registered
    // host or PUBLIC_URL): a request neither writes nor hashes them.
    const index = await keptRead(db, district, `sitemap/index\n${base}`, async () => {
      const [villages, range] = await Promise.all([villagesOf(db, district), childrenOf(district)]);
      const latest = villages.reduce<string | null>((max, v) => (max === null || v.updated_at > max ? v.updated_at : max), null);
      const children: { path: string; lastmod?: string }[] = [{ path: '/sitemap-halaman.xml', ...(latest ? { lastmod: iso(latest) } : {}) }];
      if (range) for (let k = range[0]; k <= range[1]; k++) children.push({ path: `/sitemap-isi-${k}.xml` });
      const body = Buffer.from(sitemapIndexXml(base, children));
      const etagOf = req.app.get('etag fn') as ((body: Buffer) => string) | undefined;
      return { body, etag: etagOf?.(body) };
    });
    if (index.etag) res.setHeader('ETag', index.etag);
    sendXml(res, index.body);
  });

  router.get('/sitemap-halaman.xml', async (req, res) => {
    const villages = await villagesOf(db, req.district!);
    const urls: SitemapUrl[] = [{ path: '/', changefreq: 'daily', priority: 1 }, { path: '/desa', changefreq: 'weekly' }, ...LISTS.map((path) => ({ path, changefreq: 'daily' as const }))];
    for (const v of villages) {
      urls.push({ path: villagePath(v.slug), lastmod: iso(v.updated_at) });
      for (const s of VILLAGE_SEGMENTS) urls.push({ path: `${villagePath(v.slug)}/${s}` });
    }
    sendXml(res, urlsetXml(baseUrl(req)!, urls));
  });

  router.get('/sitemap-isi-:k.xml', async (req, res, next) => {
    const district = req.district!;
    const k = /^(0|[1-9]\d{0,8})$/.test(req.params.k) ? Number(req.params.k) : -1;
    const range = k < 0 ? null : await childrenOf(district);
    if (!range || k < range[0] || k > range[1]) return next();
    const items = await publishedItems(db, district.id)
      .select(['ci.type', 'ci.slug', 'ci.updated_at'])
      .where('ci.id', '>=', k * IDS_PER_CHILD)
      .where('ci.id', '<', (k + 1) * IDS_PER_CHILD)
      .orderBy('ci.id')
      .execute();
    sendXml(
      res,
      urlsetXml(
        baseUrl(req)!,
        items.map((i) => ({ path: itemPath(i.type, i.slug), lastmod: iso(i.updated_at) })),
      ),
    );
  });

  router.get('/robots.txt', (req, res) => {
    const base = baseUrl(req);
    const lines = ['User-agent: *', 'Allow: /', ...DISALLOW.map((p) => `Disallow: ${p}`), '', ...(base ? [`Sitemap: ${base}/sitemap.xml`] : []), ''];
    res.type('text/plain').send(lines.join('\n'));
  });

  return router;
}
