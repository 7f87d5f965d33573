import { Router } from 'express';
import type { District } from '../../db/schema';
import { t } from '../../i18n';
import type { PublicIdentity } from '../settings/identity.public';
import { events } from './events.queries';
import { type Db, latest, latestProducts, latestProjects, todayIn, villageLastPosted, villagesOf } from './portal.queries';
import { absoluteUrl } from '../districts/site-origin';
import { keptRead } from './kept-reads';

/** Beranda: the kecamatan at a glance. */
export function homeRoutes(db: Db): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const district = req.district!;
    const today = todayIn(district.timezone);
    const lists = await keptRead(db, district, `home\n${today}`, async () => {
      const [news, products, projects, announcements, agenda, villages, stats] = await Promise.all([
        latest(db, district.id, 'news', 6),
        latestProducts(db, district.id, 4),
        latestProjects(db, district.id, 4, { status: 'berjalan' }),
        latest(db, district.id, 'announcement', 4),
        events(db, district.id, today, 'upcoming', 4),
        villagesOf(db, district.id),
        villageLastPosted(db, district.id),
      ]);
      return { news, products, projects, announcements, agenda, villages: villages.map((v) => ({ ...v, last: stats.get(v.id)?.last ?? null })) };
    });
    const url = absoluteUrl(req, '/');
    res.render('site/home', {
      title: t('portal.homeTitle', { name: district.name }),
      ...lists,
      meta: {
        description: t('portal.homeDescription', { name: district.name, regency: district.regency_name, province: district.province_name }),
        url,
        image: null,
        type: 'website',
        jsonLd: organizationLd(res.locals.identity as PublicIdentity, district, url, (path) => absoluteUrl(req, path)),
      },
    });
  });
  return router;
}

/** schema.org GovernmentOrganization of the kecamatan: what its identity says, nothing empty. */
export function organizationLd(id: PublicIdentity, district: District, url: string, absolute: (path: string) => string) {
  const image = id.hero ?? id.logo;
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentOrganization',
    name: id.name,
    url,
    logo: id.logo ? absolute(id.logo.src) : undefined,
    image: image ? absolute(image.share ?? image.src) : undefined,
    address: {
      '@type': 'PostalAddress',
      streetAddress: id.address ? id.address.replace(/\s*\n\s*/g, ', ') : undefined,
      addressRegion: district.province_name,
      addressLocality: district.regency_name,
      addressCountry: 'ID',
    },
    telephone: id.phone ? id.phone.href.slice('tel:'.length) : undefined,
    email: id.email || undefined,
    sameAs: id.social.length ? id.social.map((s) => s.url) : undefined,
  };
}
