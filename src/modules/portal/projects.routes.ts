import { Router, type Request, type Response } from 'express';
import { baseUrl, itemPath, shareLinks } from './paths';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { HttpError } from '../../http/errors';
import { pageOf } from '../../lib/pagination';
import { t } from '../../i18n';
import { attachment } from '../../lib/csv';
import { FUNDING_SOURCES } from '../sections/project';
import { keptRead } from './kept-reads';
import { villagesOf } from './products.routes';
import { projectsCsv } from './projects.csv';
import { PROJECTS_PER_PAGE, PROJECT_STATUSES, projectBySlug, projectFilters, projectQueryString, projectTable, projectTotals, projectYears } from './projects.queries';

// The pembangunan dashboard: /pembangunan (filters, totals, table), its CSV, and /pembangunan/:slug.
export function projectRoutes(db: Kysely<Database>): Router {
  const router = Router();

  async function sendCsv(req: Request, res: Response) {
    const district = req.district!;
    const villages = await villagesOf(db, district);
    const filters = projectFilters(
      req.query as Record<string, unknown>,
      villages.map((v) => v.slug),
    );
    const { rows } = await projectTable(db, district.id, filters);
    const name = [t('projects.csvFile'), filters.tahun, filters.desa, filters.status, filters.sumber].filter((x) => x !== null).join('-');
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', attachment(`${name}.csv`));
    res.send(projectsCsv(rows, baseUrl(req)));
  }

  router.get('/pembangunan.csv', sendCsv);

  router.get('/pembangunan', async (req, res) => {
    if (req.query.format === 'csv') return sendCsv(req, res);
    const district = req.district!;
    const villages = await villagesOf(db, district);
    const filters = projectFilters(
      req.query as Record<string, unknown>,
      villages.map((v) => v.slug),
    );
    const page = pageOf(req.query.page, PROJECTS_PER_PAGE);
    const qs = projectQueryString(filters);
    const [{ rows, hasNext }, totals, years] = await keptRead(db, district, `pembangunan\n${qs}\n${page.page}`, () =>
      Promise.all([projectTable(db, district.id, filters, page), projectTotals(db, district.id, filters), projectYears(db, district.id)]),
    );
    const listUrl = `/pembangunan${qs ? `?${qs}` : ''}`;
    res.render('site/projects/list', {
      title: t('projects.title'),
      filters,
      villages,
      years,
      statuses: PROJECT_STATUSES,
      sources: FUNDING_SOURCES,
      rows,
      page,
      hasNext,
      // The pager appends page=N to this (after a "&" when it already holds a query).
      base: qs ? `${listUrl}&` : listUrl,
      totals,
      csvUrl: `/pembangunan.csv${qs ? `?${qs}` : ''}`,
      meta: { description: t('projects.intro'), url: `${baseUrl(req)}${listUrl}${page.page > 1 ? `${qs ? '&' : '?'}page=${page.page}` : ''}`, image: null, type: 'website', jsonLd: null },
    });
  });

  router.get('/pembangunan/:slug', async (req, res) => {
    const district = req.district!;
    const slug = String(req.params.slug);
    // A slug that names nothing fails the read, so it is not kept.
    const found = await keptRead(db, district, `pembangunan/${slug}`, async () => {
      const project = await projectBySlug(db, district.id, slug);
      if (!project) throw new HttpError(404);
      return project;
    });
    const origin = baseUrl(req);
    const url = `${origin}${itemPath('project', found.item.slug)}`;
    res.render('site/projects/show', {
      title: found.item.title,
      ...found,
      share: shareLinks(found.item.title, url),
      url,
      meta: { description: found.item.summary, url, image: found.cover?.share ? `${origin}${found.cover.share}` : null, type: 'article', jsonLd: null },
    });
  });

  return router;
}
