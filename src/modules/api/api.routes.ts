import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import { keptRead } from '../portal/kept-reads';
import { baseUrl } from '../portal/paths';
import { API_SECTIONS, type Paging, listItems, listVillages } from './api.queries';
import { openApiDocument } from './openapi';

// /api/v1: read-only JSON over published content (URL map: ../portal/paths.ts). Bad parameters answer 400
// with a JSON error, unknown paths 404 JSON; nothing here writes.

const LISTS: Record<string, ContentType | 'village'> = { villages: 'village', ...Object.fromEntries(API_SECTIONS.map((d) => [d.public.api!.list, d.type])) };
const ALLOWED = new Set(['page', 'per_page']);
const DEFAULT_PER_PAGE = 20;

class BadParam extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

function intParam(req: Request, name: string, def: number, max: number): number {
  const raw = req.query[name];
  if (raw === undefined) return def;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw)) throw new BadParam(name, `${name} must be a whole number`);
  const n = Number(raw);
  if (n < 1 || n > max) throw new BadParam(name, `${name} must be between 1 and ${max}`);
  return n;
}

export function pagingOf(req: Request): Paging {
  for (const k of Object.keys(req.query)) if (!ALLOWED.has(k)) throw new BadParam(k, `unknown parameter ${k}`);
  return { page: intParam(req, 'page', 1, 10_000), perPage: intParam(req, 'per_page', DEFAULT_PER_PAGE, 100) };
}

function sendError(res: Response, status: number, code: string, message: string, param?: string) {
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .json({ error: { code, message, ...(param ? { param } : {}) } });
}

function linkOf(req: Request, base: string, name: string, p: Paging, page: number) {
  const q = new URLSearchParams({ page: String(page) });
  if (p.perPage !== DEFAULT_PER_PAGE) q.set('per_page', String(p.perPage));
  return `${base}/api/v1/${name}?${q}`;
}

export function apiRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    next();
  });

  router.get('/openapi.json', (req, res) => {
    res.json(openApiDocument(baseUrl(req), req.district!.name));
  });

  router.get('/:list', async (req, res) => {
    const name = String(req.params.list);
    const kind = Object.hasOwn(LISTS, name) ? LISTS[name] : undefined;
    if (!kind) return sendError(res, 404, 'not_found', 'no such list');
    let p: Paging;
    try {
      p = pagingOf(req);
    } catch (err) {
      if (err instanceof BadParam) return sendError(res, 400, 'bad_request', err.message, err.param);
      throw err;
    }
    const base = baseUrl(req);
    const district = req.district!;
    // Kept per content_version (../portal/kept-reads.ts); the items' URLs start at `base`.
    const { total, items } = await keptRead<{ total: number; items: unknown[] }>(db, district, `api\n${name}\n${p.page}\n${p.perPage}\n${base}`, () =>
      kind === 'village' ? listVillages(db, district.id, p, base) : listItems(db, district.id, kind, p, base),
    );
    const totalPages = Math.max(1, Math.ceil(total / p.perPage));
    res.json({
      data: items,
      meta: { page: p.page, per_page: p.perPage, total, total_pages: totalPages },
      links: {
        self: linkOf(req, base, name, p, p.page),
        next: p.page < totalPages ? linkOf(req, base, name, p, p.page + 1) : null,
        prev: p.page > 1 ? linkOf(req, base, name, p, Math.min(p.page - 1, totalPages)) : null,
      },
    });
  });

  router.use((_req, res) => sendError(res, 404, 'not_found', 'no such endpoint'));
  return router;
}
