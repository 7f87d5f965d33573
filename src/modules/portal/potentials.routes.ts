import { Router } from 'express';
import { itemPath, shareLinks } from './paths';
import { HttpError } from '../../http/errors';
import { pageOf } from '../../lib/pagination';
import { t } from '../../i18n';
import { plainText } from '../content/body';
import { POTENTIAL_CATEGORIES } from '../sections/potential';
import { type Db, dress, paged } from './portal.queries';
import { potentialCards, potentialCounts } from './potentials.queries';
import { absoluteUrl } from '../districts/site-origin';
import { keptRead } from './kept-reads';
import { imagesById, publishedBySlug } from './published';

const PER_PAGE = 12;
type Category = (typeof POTENTIAL_CATEGORIES)[number];
const categoryOf = (raw: unknown): Category | null => (typeof raw === 'string' && (POTENTIAL_CATEGORIES as readonly string[]).includes(raw) ? (raw as Category) : null);

/** Potensi of the whole kecamatan by category, and each potensi's page. */
export function potentialRoutes(db: Db): Router {
  const router = Router();

  router.get('/potensi', async (req, res) => {
    const district = req.district!;
    const category = categoryOf(req.query.kategori);
    const page = pageOf(req.query.page, PER_PAGE);
    const { countOf, rows } = await keptRead(db, district, `potensi\n${category ?? ''}\n${page.page}`, async () => {
      const counts = await potentialCounts(db, district.id);
      return { countOf: counts, rows: dress(await potentialCards(db, district.id, counts, category, PER_PAGE + 1, page.offset)) };
    });
    const { rows: shown, hasNext } = paged(rows, page);
    const groups: { category: string; items: typeof shown }[] = [];
    for (const item of shown) {
      const last = groups[groups.length - 1];
      if (last && last.category === item.category) last.items.push(item);
      else groups.push({ category: item.category, items: [item] });
    }
    const base = category ? `/potensi?kategori=${category}` : '/potensi';
    res.render('site/potentials/list', {
      title: category ? t('portal.potentialCategoryTitle', { category: t(`potentialCategory.${category}`) }) : t('portal.potentialsTitle'),
      category,
      categories: POTENTIAL_CATEGORIES.map((c) => ({ key: c, count: countOf.get(c) ?? 0 })).filter((c) => c.count > 0 || c.key === category),
      groups,
      page,
      hasNext,
      // The pager appends `page=N` to a base that ends its query with '&' (views/partials/pager.ejs).
      base: category ? `${base}&` : base,
      meta: {
        description: t('portal.potentialsDescription', { name: district.name }),
        url: absoluteUrl(req, page.page > 1 ? `${base}${category ? '&' : '?'}page=${page.page}` : base),
        image: null,
        type: 'website',
        jsonLd: null,
      },
    });
  });

  router.get('/potensi/:slug', async (req, res) => {
    const district = req.district!;
    const item = await publishedBySlug(db, district.id, 'potential', String(req.params.slug));
    if (!item) throw new HttpError(404);
    const details = await db.selectFrom('potential_details').selectAll().where('item_id', '=', item.id).executeTakeFirst();
    const image = item.cover_media_id !== null ? ((await imagesById(db, [item.cover_media_id])).get(item.cover_media_id) ?? null) : null;
    const url = absoluteUrl(req, itemPath('potential', item.slug));
    const shareImage = image?.share ? absoluteUrl(req, image.share) : null;
    const description = (item.summary || plainText(item.body)).slice(0, 200);
    const lat = details?.lat ?? null;
    const lng = details?.lng ?? null;
    const jsonLd = {
      '@context': 'https://schema.org',
      '@type': 'Place',
      name: item.title,
      description,
      url,
      image: shareImage ? [shareImage] : undefined,
      address: {
        '@type': 'PostalAddress',
        streetAddress: details?.location_text || undefined,
        addressLocality: item.village_name ?? district.name,
        addressRegion: district.province_name,
        addressCountry: 'ID',
      },
      geo: lat !== null && lng !== null ? { '@type': 'GeoCoordinates', latitude: Number(lat), longitude: Number(lng) } : undefined,
    };
    res.render('site/potentials/show', {
      title: item.title,
      item,
      details: details ?? null,
      image,
      url,
      mapUrl: lat !== null && lng !== null ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}` : null,
      share: shareLinks(item.title, url),
      meta: { description, url, image: shareImage, type: 'article', jsonLd },
    });
  });

  return router;
}
