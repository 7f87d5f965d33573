import { Router } from 'express';
import { HttpError } from '../../http/errors';
import { t } from '../../i18n';
import { plainText } from '../content/body';
import { absoluteUrl } from '../districts/site-origin';
import type { Db } from './portal.queries';
import { itemPath, shareLinks, typePath } from './paths';
import { listServices, serviceBySlug } from './services.queries';

/** Layanan of the kecamatan: the list A–Z (/layanan) and each service's page (/layanan/:slug). */
export function serviceRoutes(db: Db): Router {
  const router = Router();
  const base = typePath('service');

  router.get(base, async (req, res) => {
    const district = req.district!;
    const description = t('service.listIntro', { name: district.name });
    res.render('site/services/list', {
      title: t('service.listTitle'),
      intro: description,
      items: await listServices(db, district.id),
      meta: { description, url: absoluteUrl(req, base), image: null, type: 'website', jsonLd: null },
    });
  });

  router.get(`${base}/:slug`, async (req, res) => {
    const district = req.district!;
    const found = await serviceBySlug(db, district.id, String(req.params.slug));
    if (!found) throw new HttpError(404);
    const { item, details, image, documents } = found;
    const url = absoluteUrl(req, itemPath('service', item.slug));
    const shareImage = image?.share ? absoluteUrl(req, image.share) : null;
    const description = (item.summary || plainText(item.body)).slice(0, 200);
    const office = { '@type': 'GovernmentOrganization', name: `Kecamatan ${district.name}` };
    const jsonLd = {
      '@context': 'https://schema.org',
      '@type': 'GovernmentService',
      name: item.title,
      description: description || undefined,
      url,
      image: shareImage ? [shareImage] : undefined,
      provider: office,
      areaServed: { '@type': 'AdministrativeArea', name: `Kecamatan ${district.name}` },
      audience: details.audience ? { '@type': 'Audience', audienceType: details.audience } : undefined,
      availableChannel: details.place ? { '@type': 'ServiceChannel', serviceLocation: { '@type': 'Place', name: details.place } } : undefined,
      offers: { '@type': 'Offer', price: details.cost, priceCurrency: 'IDR' },
    };
    res.render('site/services/show', {
      title: item.title,
      listPath: base,
      item,
      details,
      image,
      documents,
      url,
      share: shareLinks(item.title, url),
      meta: { description, url, image: shareImage, type: 'article', jsonLd },
    });
  });

  return router;
}
