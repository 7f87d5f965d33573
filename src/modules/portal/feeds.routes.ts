import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database, District } from '../../db/schema';
import { fromDbDate } from '../../db/time';
import { HttpError } from '../../http/errors';
import { t } from '../../i18n';
import { sectionOf } from '../sections';
import { atomXml } from './atom';
import { baseUrl, itemPath, villagePath } from './paths';
import { keptRead } from './kept-reads';
import { villagesOf } from './products.routes';
import { publishedItems } from './published';

const LATEST = 30;
const ATOM = 'application/atom+xml; charset=utf-8';

interface Village {
  id: number;
  name: string;
  slug: string;
  kind: 'desa' | 'kelurahan';
}

/** The latest published items of the kecamatan, or of one of its villages. */
function latest(db: Kysely<Database>, districtId: number, villageId?: number) {
  return publishedItems(db, districtId)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select(['ci.id', 'ci.type', 'ci.slug', 'ci.title', 'ci.summary', 'ci.published_at', 'ci.updated_at', 'v.name as village_name', 'v.kind as village_kind'])
    .$if(villageId !== undefined, (q) => q.where('ci.village_id', '=', villageId!))
    .orderBy('ci.published_at', 'desc')
    .orderBy('ci.id', 'desc')
    .limit(LATEST)
    .execute();
}

async function sendFeed(req: Request, res: Response, db: Kysely<Database>, district: District, village?: Village) {
  const base = baseUrl(req);
  // Atom ids are absolute IRIs: without a known address (../districts/site-origin.ts) there is no feed.
  if (!base) throw new HttpError(404);
  const items = await keptRead(db, district, `feed\n${village?.id ?? ''}`, () => latest(db, district.id, village?.id));
  const self = `${base}${req.path}`;
  const home = village ? `${base}${villagePath(village.slug)}` : `${base}/`;
  const vars = { name: village?.name ?? district.name, kind: village ? t(`kind.${village.kind}`) : '', district: district.name, regency: district.regency_name };
  const newest = items.map((i) => fromDbDate(i.updated_at)).sort((a, b) => b.getTime() - a.getTime())[0];
  const xml = atomXml({
    id: home,
    link: home,
    self,
    title: village ? t('feed.villageTitle', vars) : t('feed.title', vars),
    subtitle: village ? t('feed.villageDescription', vars) : t('feed.description', vars),
    updated: newest ?? fromDbDate(district.updated_at),
    rights: `Kecamatan ${district.name}`,
    entries: items.map((i) => {
      const link = `${base}${itemPath(i.type, i.slug)}`;
      return {
        id: link,
        link,
        title: i.title,
        summary: i.summary || undefined,
        updated: fromDbDate(i.updated_at),
        published: i.published_at ? fromDbDate(i.published_at) : undefined,
        category: { term: i.type, label: t(sectionOf(i.type).label) },
        author: i.village_name ? `${t(`kind.${i.village_kind!}`)} ${i.village_name}` : `Kecamatan ${district.name}`,
      };
    }),
  });
  res.type(ATOM).set('Content-Type', ATOM).send(xml);
}

/** Atom feeds: /feed.xml (the whole kecamatan) and /desa/:slug/feed.xml (one village). */
export function feedRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.get('/feed.xml', async (req, res) => {
    await sendFeed(req, res, db, req.district!);
  });
  router.get('/desa/:slug/feed.xml', async (req, res) => {
    const district = req.district!;
    const slug = String(req.params.slug);
    if (!/^[a-z0-9-]{1,100}$/.test(slug)) throw new HttpError(404);
    const village = (await villagesOf(db, district)).find((v) => v.slug === slug);
    if (!village) throw new HttpError(404);
    await sendFeed(req, res, db, district, village);
  });
  return router;
}
