import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import { t } from '../../i18n';
import { itemPath } from './paths';
import { CANDIDATES, MAX_QUERY, markParts, parseQuery, type SearchHit, type SnippetPart, searchPage, snippet } from './search';

const LIMIT = 100;
/** The order of the groups on the page. */
const TYPE_ORDER: ContentType[] = ['news', 'announcement', 'event', 'potential', 'product', 'project', 'page'];

interface VillageGroup {
  key: string;
  name: string | null;
  kind: string | null;
  slug: string | null;
  items: (SearchHit & { href: string; parts: SnippetPart[]; titleParts: SnippetPart[] })[];
}

/** Hits grouped by type (fixed order), then by village (the kecamatan itself first). */
function groupHits(hits: SearchHit[], tokens: string[]) {
  return TYPE_ORDER.map((type) => {
    const ofType = hits.filter((h) => h.type === type);
    const villages = new Map<string, VillageGroup>();
    for (const h of ofType) {
      const key = h.village_id === null ? '' : String(h.village_id);
      if (!villages.has(key)) villages.set(key, { key, name: h.village_name, kind: h.village_kind, slug: h.village_slug, items: [] });
      villages.get(key)!.items.push({ ...h, href: itemPath(h.type, h.slug), parts: snippet(h, tokens), titleParts: markParts(h.title, tokens) });
    }
    const groups = [...villages.values()].sort((a, b) => (a.name === null ? -1 : b.name === null ? 1 : a.name.localeCompare(b.name, 'id')));
    return { type, count: ofType.length, villages: groups };
  }).filter((g) => g.count > 0);
}

/** /cari?q= — full-text search over everything the kecamatan has published. */
export function searchRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.get('/cari', async (req, res) => {
    const district = req.district!;
    const raw = req.query.q;
    const parsed = parseQuery(raw);
    const rawLength = typeof raw === 'string' ? raw.trim().length : 0;
    if (!parsed.text) {
      res.render('site/search', { title: t('search.title'), meta: searchMeta(district.name), q: '', searched: false, groups: [], status: '', partial: '', truncated: false, max: MAX_QUERY });
      return;
    }
    const { hits, total, more, partialWindow } = await searchPage(db, district.id, parsed, LIMIT);
    res.render('site/search', {
      title: t('search.resultsTitle', { q: parsed.text }),
      meta: searchMeta(district.name),
      q: parsed.text,
      searched: true,
      groups: groupHits(hits, parsed.tokens),
      status: countLine(parsed.text, hits.length, total, more),
      // The full-text query ran out of time (MySQL/MariaDB): say that only the newest items were searched.
      partial: partialWindow === undefined ? '' : t('search.partial', { count: number.format(partialWindow) }),
      truncated: rawLength > MAX_QUERY,
      max: MAX_QUERY,
    });
  });
  return router;
}

const number = new Intl.NumberFormat('id-ID');

/** "3 hasil", "250 hasil; ditampilkan 100" or "lebih dari 1.000 hasil" (matches are counted up to CANDIDATES). */
function countLine(q: string, shown: number, total: number, more: boolean): string {
  if (total === 0) return t('search.none', { q });
  if (more) return t('search.countMore', { count: number.format(CANDIDATES), shown, q });
  if (total > shown) return t('search.countShown', { count: number.format(total), shown, q });
  return t('search.count', { count: total, q });
}

// Search pages describe themselves for crawlers and link previews; they have no canonical URL.
function searchMeta(districtName: string) {
  return { description: t('search.description', { name: districtName }), url: null, image: null, type: 'website', jsonLd: null };
}
