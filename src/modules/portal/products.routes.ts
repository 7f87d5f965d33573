import { Router } from 'express';
import { baseUrl, itemPath, shareLinks } from './paths';
import type { Kysely } from 'kysely';
import type { Database, District } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { t } from '../../i18n';
import { PRODUCT_CATEGORIES } from '../sections/product';
import { keptRead } from './kept-reads';
import { listProducts, productBySlug, productFilters, productQueryString } from './products.queries';

const villageRows = (db: Kysely<Database>, districtId: number) =>
  db.selectFrom('villages').select(['id', 'name', 'slug', 'kind', 'updated_at']).where('district_id', '=', districtId).orderBy('name').execute();

/** The kecamatan's villages, by name, of the filter forms, a village's feed and the sitemap (kept per content version, kept-reads.ts). */
export const villagesOf = (db: Kysely<Database>, district: District) => keptRead(db, district, 'villages', () => villageRows(db, district.id));

/** The wa.me link that opens a chat with the seller, the message naming the product and its URL. */
export function orderLink(whatsapp: string | null, title: string, url: string): string | null {
  if (!whatsapp || !/^62\d{6,15}$/.test(whatsapp)) return null;
  return `https://wa.me/${whatsapp}?text=${encodeURIComponent(t('catalog.orderMessage', { title, url }))}`;
}

// The UMKM catalog: /produk (filters, search, sort, pages) and /produk/:slug.
export function productRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.get('/produk', async (req, res) => {
    const district = req.district!;
    const villages = await villagesOf(db, district);
    const filters = productFilters(
      req.query as Record<string, unknown>,
      villages.map((v) => v.slug),
    );
    const qs = productQueryString(filters);
    // A free-text search is rarely asked twice: it would only push the kept pages out.
    const read = () => listProducts(db, district.id, filters);
    const { items, hasNext } = await (filters.q ? read() : keptRead(db, district, `produk\n${qs}\n${filters.page}`, read));
    res.render('site/products/list', {
      title: t('catalog.title'),
      filters,
      // A filter in use keeps the filter form open on phones too.
      active: qs !== '',
      villages,
      categories: PRODUCT_CATEGORIES,
      items,
      hasNext,
      page: { page: filters.page },
      base: `/produk?${qs}${qs ? '&' : ''}`,
      meta: {
        description: t('catalog.intro'),
        url: `${baseUrl(req)}/produk${qs || filters.page > 1 ? `?${qs}${filters.page > 1 ? `${qs ? '&' : ''}page=${filters.page}` : ''}` : ''}`,
        image: null,
        type: 'website',
        jsonLd: null,
      },
    });
  });

  router.get('/produk/:slug', async (req, res) => {
    const district = req.district!;
    const slug = String(req.params.slug);
    // A slug that names nothing fails the read, so it is not kept.
    const { item, details, photos } = await keptRead(db, district, `produk/${slug}`, async () => {
      const found = await productBySlug(db, district.id, slug);
      if (!found) throw new HttpError(404);
      return found;
    });
    const origin = baseUrl(req);
    const url = `${origin}${itemPath('product', item.slug)}`;
    const share = photos[0]?.share ? `${origin}${photos[0].share}` : null;
    const jsonLd = {
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: item.title,
      description: item.summary || undefined,
      url,
      image: photos.length ? photos.map((p) => `${origin}${p.src}`) : undefined,
      category: t(`productCategory.${details.category}` as never),
      offers: {
        '@type': 'Offer',
        price: details.price,
        priceCurrency: 'IDR',
        availability: details.availability === 'habis' ? 'https://schema.org/OutOfStock' : details.availability === 'pesan_dulu' ? 'https://schema.org/PreOrder' : 'https://schema.org/InStock',
        seller: { '@type': 'Organization', name: details.seller_name },
        url,
      },
    };
    res.render('site/products/show', {
      title: item.title,
      item,
      details,
      photos,
      order: orderLink(details.whatsapp, item.title, url),
      share: shareLinks(item.title, url),
      url,
      meta: { description: item.summary, url, image: share, type: 'product', jsonLd },
    });
  });

  return router;
}
