import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { t } from '../../i18n';
import { CANDIDATES, MAX_QUERY, parseQuery } from './search';
import { searchPageKept } from './search/page';

const LIMIT = 100;

/** /cari?q= — full-text search over everything the kecamatan has published. */
export function searchRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.get('/cari', async (req, res) => {
    const district = req.district!;
    const raw = req.query.q;
    const parsed = parseQuery(raw);
    const rawLength = typeof raw === 'string' ? raw.trim().length : 0;
    const blank = { groups: [], villages: [], status: '', partial: '', corrected: '', truncated: false, max: MAX_QUERY };
    if (!parsed.text) {
      res.render('site/search', { ...blank, title: t('search.title'), meta: searchMeta(district.name), q: '', searched: false });
      return;
    }
    const { groups, shown, total, more, partialWindow, corrected, villages } = await searchPageKept(db, district, parsed, LIMIT);
    res.render('site/search', {
      ...blank,
      title: t('search.resultsTitle', { q: parsed.text }),
      meta: searchMeta(district.name),
      q: parsed.text,
      searched: true,
      villages,
      groups,
      corrected: corrected ?? '',
      status: corrected ? t('search.corrected', { q: parsed.text, count: total, corrected }) : countLine(parsed.text, shown + villages.length, total + villages.length, more),
      // The full-text query ran out of time (MySQL/MariaDB): say that only the newest items were searched.
      partial: partialWindow === undefined ? '' : t('search.partial', { count: number.format(partialWindow) }),
      truncated: rawLength > MAX_QUERY,
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
