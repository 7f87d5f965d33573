import { type Request, type Response, Router } from 'express';
import { HttpError } from '../../http/errors';
import { pageOf } from '../../lib/pagination';
import { t } from '../../i18n';
import { plainText } from '../content/body';
import { events } from './events.queries';
import { type Db, isoOf, latest, paged, todayIn } from './portal.queries';
import { absoluteUrl } from '../districts/site-origin';
import { keptRead } from './kept-reads';
import { sectionOf } from '../sections';
import { itemPath, shareLinks, typePath } from './paths';
import { imagesById, publishedBySlug } from './published';

const PER_PAGE = 12;
type ArticleType = 'news' | 'announcement' | 'event' | 'page';

/** Berita, pengumuman, agenda and halaman of the kecamatan and its villages. */
export function articleRoutes(db: Db): Router {
  const router = Router();

  const list = (type: 'news' | 'announcement') => async (req: Request, res: Response) => {
    const district = req.district!;
    const page = pageOf(req.query.page, PER_PAGE);
    const { rows, hasNext } = paged(await keptRead(db, district, `${type}\n${page.page}`, () => latest(db, district.id, type, PER_PAGE + 1, page.offset)), page);
    const base = typePath(type);
    res.render('site/articles/list', {
      title: t(sectionOf(type).public.title),
      items: rows,
      page,
      hasNext,
      base,
      meta: {
        description: t(`portal.${type}Description`, { name: district.name }),
        url: absoluteUrl(req, page.page > 1 ? `${base}?page=${page.page}` : base),
        image: null,
        type: 'website',
        jsonLd: null,
      },
    });
  };
  router.get('/berita', list('news'));
  router.get('/pengumuman', list('announcement'));

  router.get('/agenda', async (req, res) => {
    const district = req.district!;
    const today = todayIn(district.timezone);
    const page = pageOf(req.query.page, PER_PAGE);
    const [upcoming, past] = await Promise.all([
      page.page === 1 ? events(db, district.id, today, 'upcoming', 50) : Promise.resolve([]),
      events(db, district.id, today, 'past', PER_PAGE + 1, page.offset),
    ]);
    const { rows, hasNext } = paged(past, page);
    res.render('site/articles/agenda', {
      title: t('portal.agendaTitle'),
      upcoming,
      past: rows,
      page,
      hasNext,
      base: '/agenda',
      meta: { description: t('portal.eventDescription', { name: district.name }), url: absoluteUrl(req, '/agenda'), image: null, type: 'website', jsonLd: null },
    });
  });

  const show = (type: ArticleType) => async (req: Request, res: Response) => {
    const district = req.district!;
    const item = await publishedBySlug(db, district.id, type, String(req.params.slug));
    if (!item) throw new HttpError(404);
    const event = type === 'event' ? await db.selectFrom('event_details').selectAll().where('item_id', '=', item.id).executeTakeFirst() : undefined;
    const image = item.cover_media_id !== null ? ((await imagesById(db, [item.cover_media_id])).get(item.cover_media_id) ?? null) : null;
    const path = itemPath(type, item.slug);
    const url = absoluteUrl(req, path);
    const shareImage = image?.share ? absoluteUrl(req, image.share) : null;
    const description = (item.summary || plainText(item.body)).slice(0, 200);
    const publisher = { '@type': 'GovernmentOrganization', name: item.village_name ? `${t(`kind.${item.village_kind!}`)} ${item.village_name}` : `Kecamatan ${district.name}` };
    let jsonLd: Record<string, unknown> | null = null;
    if (type === 'news' || type === 'announcement') {
      jsonLd = {
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: item.title,
        description,
        datePublished: isoOf(item.published_at),
        dateModified: isoOf(item.updated_at),
        mainEntityOfPage: url,
        image: shareImage ? [shareImage] : undefined,
        author: publisher,
        publisher,
      };
    } else if (event) {
      const at = (day: string, time: string | null) => (time ? `${day}T${time.replace('.', ':')}` : day);
      jsonLd = {
        '@context': 'https://schema.org',
        '@type': 'Event',
        name: item.title,
        description,
        startDate: at(event.starts_on, event.start_time),
        endDate: event.ends_on ? at(event.ends_on, event.end_time) : undefined,
        eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
        location: {
          '@type': 'Place',
          name: event.place || `Kecamatan ${district.name}`,
          address: { '@type': 'PostalAddress', addressLocality: district.name, addressRegion: district.province_name, addressCountry: 'ID' },
        },
        image: shareImage ? [shareImage] : undefined,
        organizer: publisher,
        url,
      };
    }
    res.render('site/articles/show', {
      title: item.title,
      item,
      type,
      event: event ?? null,
      image,
      url,
      section: { href: typePath(type), label: t(sectionOf(type).public.title) },
      share: shareLinks(item.title, url),
      meta: { description, url, image: shareImage, type: 'article', jsonLd },
    });
  };
  for (const type of ['news', 'announcement', 'event', 'page'] as const) router.get(`${typePath(type)}/:slug`, show(type));

  return router;
}
