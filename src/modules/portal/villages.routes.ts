import { Router } from 'express';
import { compiledQuery } from '../../db/compiled';
import { HttpError } from '../../http/errors';
import { pageOf } from '../../lib/pagination';
import { t } from '../../i18n';
import type { ContentType, District } from '../../db/schema';
import { publicProfile } from '../profile/profile.public';
import { SECTIONS } from '../sections';
import { type Db, latest, latestProducts, latestProjects, paged, villageStats, villagesOf } from './portal.queries';
import { absoluteUrl } from '../districts/site-origin';
import { villagePath } from './paths';
import { keptRead } from './kept-reads';

const PER_PAGE = 12;
/** The type behind each section of a village page (/desa/:slug/<segment>), from the registry. */
const SECTION_OF_SEGMENT = new Map(SECTIONS.flatMap((d) => (d.public.village ? [[d.public.village.segment, { type: d.type, title: d.public.village.title }] as const] : [])));
const EMPTY = { potential: 0, product: 0, project: 0, news: 0, last: null };

const villageRows = compiledQuery((d, v: { district: number }) => d.selectFrom('villages').selectAll().where('district_id', '=', v.district));

/** The desa directory, each village's home and its per-section lists. */
export function villageRoutes(db: Db): Router {
  const router = Router();

  // A kecamatan's villages by slug, kept with its reads: every village page looked its village up
  // with a statement of its own, about a tenth of the page's CPU (cold caches between renders).
  const villageBySlug = async (district: District, raw: unknown) => {
    const slug = String(raw);
    if (!/^[a-z0-9-]{1,100}$/.test(slug)) throw new HttpError(404);
    const bySlug = await keptRead(db, district, 'villages by slug', async () => new Map((await villageRows(db, { district: district.id })).map((v) => [v.slug, v])));
    const village = bySlug.get(slug);
    if (!village) throw new HttpError(404);
    return village;
  };

  /** One section's cards of a village: limit+1 rows from offset. */
  const sectionRows = (districtId: number, villageId: number, type: ContentType, limit: number, offset = 0) => {
    if (type === 'product') return latestProducts(db, districtId, limit, offset, villageId);
    if (type === 'project') return latestProjects(db, districtId, limit, { offset, villageId });
    return latest(db, districtId, type, limit, offset, villageId);
  };

  router.get('/desa', async (req, res) => {
    const district = req.district!;
    const villages = await keptRead(db, district, 'desa', async () => {
      const [list, stats] = await Promise.all([villagesOf(db, district.id), villageStats(db, district.id)]);
      return list.map((v) => ({ ...v, stats: stats.get(v.id) ?? EMPTY }));
    });
    res.render('site/villages', {
      title: t('site.villagesTitle'),
      villages,
      meta: { description: t('site.villagesIntro', { count: villages.length, name: district.name }), url: absoluteUrl(req, '/desa'), image: null, type: 'website', jsonLd: null },
    });
  });

  router.get('/desa/:slug', async (req, res) => {
    const district = req.district!;
    const village = await villageBySlug(district, req.params.slug);
    const { profile, stats, sections } = await keptRead(db, district, `desa\n${village.id}`, async () => {
      const [profile, stats, potensi, produk, pembangunan, berita] = await Promise.all([
        publicProfile(db, village.id, district.timezone),
        villageStats(db, district.id, village.id),
        sectionRows(district.id, village.id, 'potential', 4),
        sectionRows(district.id, village.id, 'product', 4),
        sectionRows(district.id, village.id, 'project', 4),
        sectionRows(district.id, village.id, 'news', 4),
      ]);
      return { profile, stats: stats.get(village.id) ?? EMPTY, sections: { potensi, produk, pembangunan, berita } };
    });
    const title = `${t(`kind.${village.kind}`)} ${village.name}`;
    const url = absoluteUrl(req, villagePath(village.slug));
    res.render('site/village', {
      title,
      village,
      profile,
      stats,
      sections,
      meta: {
        description: t('site.villageOf', { kind: t(`kind.${village.kind}`), district: district.name, regency: district.regency_name }),
        url,
        image: profile?.cover?.share ? absoluteUrl(req, profile.cover.share) : null,
        type: 'website',
        jsonLd: null,
      },
    });
  });

  router.get('/desa/:slug/:section', async (req, res) => {
    const district = req.district!;
    const section = String(req.params.section);
    const def = SECTION_OF_SEGMENT.get(section);
    if (!def) throw new HttpError(404);
    const village = await villageBySlug(district, req.params.slug);
    const page = pageOf(req.query.page, PER_PAGE);
    const { rows, hasNext } = paged(await sectionRows(district.id, village.id, def.type, PER_PAGE + 1, page.offset), page);
    const base = `${villagePath(village.slug)}/${section}`;
    res.render('site/village-section', {
      title: t('portal.villageSectionTitle', { section: t(def.title), kind: t(`kind.${village.kind}`), name: village.name }),
      village,
      section,
      items: rows,
      page,
      hasNext,
      base,
      meta: {
        description: t('portal.villageSectionTitle', { section: t(def.title), kind: t(`kind.${village.kind}`), name: village.name }) + `, Kecamatan ${district.name}`,
        url: absoluteUrl(req, page.page > 1 ? `${base}?page=${page.page}` : base),
        image: null,
        type: 'website',
        jsonLd: null,
      },
    });
  });

  return router;
}
