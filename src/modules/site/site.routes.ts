import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { t } from '../../i18n';
import { publicProfile } from '../profile/profile.public';

// The public portal's first pages; the full portal (issue: public portal) grows from here.
export function siteRoutes(db: Kysely<Database>): Router {
  const router = Router();

  const villagesOf = (districtId: number) =>
    db.selectFrom('villages').select(['id', 'name', 'slug', 'kind', 'code']).where('district_id', '=', districtId).orderBy('name').execute();

  router.get('/', async (req, res) => {
    const district = req.district!;
    res.render('site/home', { title: `Kecamatan ${district.name}`, villages: await villagesOf(district.id) });
  });

  router.get('/desa', async (req, res) => {
    const district = req.district!;
    res.render('site/villages', { title: t('site.villagesTitle'), villages: await villagesOf(district.id) });
  });

  router.get('/desa/:slug', async (req, res) => {
    const district = req.district!;
    const slug = String(req.params.slug);
    if (!/^[a-z0-9-]{1,100}$/.test(slug)) throw new HttpError(404);
    const village = await db.selectFrom('villages').selectAll().where('district_id', '=', district.id).where('slug', '=', slug).executeTakeFirst();
    if (!village) throw new HttpError(404);
    const profile = await publicProfile(db, village.id, district.timezone);
    res.render('site/village', { title: `${t(`kind.${village.kind}`)} ${village.name}`, village, profile });
  });

  return router;
}
