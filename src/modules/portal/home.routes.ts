import { Router } from 'express';
import { t } from '../../i18n';
import { events } from './events.queries';
import { type Db, absoluteUrl, latest, latestProducts, latestProjects, todayIn, villageLastPosted, villagesOf } from './portal.queries';

/** Beranda: the kecamatan at a glance. */
export function homeRoutes(db: Db): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const district = req.district!;
    const [news, products, projects, announcements, agenda, villages, stats] = await Promise.all([
      latest(db, district.id, 'news', 6),
      latestProducts(db, district.id, 4),
      latestProjects(db, district.id, 4, { status: 'berjalan' }),
      latest(db, district.id, 'announcement', 4),
      events(db, district.id, todayIn(district.timezone), 'upcoming', 4),
      villagesOf(db, district.id),
      villageLastPosted(db, district.id),
    ]);
    const url = absoluteUrl(req, '/');
    res.render('site/home', {
      title: t('portal.homeTitle', { name: district.name }),
      news,
      products,
      projects,
      announcements,
      agenda,
      villages: villages.map((v) => ({ ...v, last: stats.get(v.id)?.last ?? null })),
      meta: {
        description: t('portal.homeDescription', { name: district.name, regency: district.regency_name, province: district.province_name }),
        url,
        image: null,
        type: 'website',
        jsonLd: {
          '@context': 'https://schema.org',
          '@type': 'GovernmentOrganization',
          name: `Kecamatan ${district.name}`,
          url,
          address: { '@type': 'PostalAddress', addressRegion: district.province_name, addressLocality: district.regency_name, addressCountry: 'ID' },
        },
      },
    });
  });
  return router;
}
