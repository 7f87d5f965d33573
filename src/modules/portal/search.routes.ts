import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import { t } from '../../i18n';
import { itemPath } from './paths';
import { MAX_QUERY, markParts, parseQuery, type SearchHit, type SnippetPart, searchPublished, snippet } from './search';

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
      res.render('site/search', { title: t('search.title'), meta: searchMeta(district.name), q: '', searched: false, groups: [], total: 0, capped: false, truncated: false, max: MAX_QUERY });
      return;
    }
    const hits = await searchPublished(db, district.id, parsed, LIMIT + 1);
    const capped = hits.length > LIMIT;
    const shown = hits.slice(0, LIMIT);
    res.render('site/search', {
      title: t('search.resultsTitle', { q: parsed.text }),
      meta: searchMeta(district.name),
      q: parsed.text,
      searched: true,
      groups: groupHits(shown, parsed.tokens),
      total: shown.length,
      capped,
      truncated: rawLength > MAX_QUERY,
      max: MAX_QUERY,
    });
  });
  return router;
}

// Search pages describe themselves for crawlers and link previews; they have no canonical URL.
function searchMeta(districtName: string) {
  return { description: t('search.description', { name: districtName }), url: null, image: null, type: 'website', jsonLd: null };
}
