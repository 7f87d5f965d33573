import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { COVER_COLUMNS, dress } from '../portal.queries';
import { publishedItems } from '../published';
import { mysqlSearch, type SearchOptions } from './mysql';
import { CANDIDATES, type Dialect, type Found, type ParsedQuery, type SearchHit, dialectOf, likePattern, likeWindow, parseQuery } from './query';
import { ranked } from './rank';
import { sqliteSearch } from './sqlite';
import { suggestion } from './suggest';

// The one search of the portal: FTS5 (bm25) on SQLite, FULLTEXT (BOOLEAN MODE) on MySQL, both over
// content_items(title, summary, body_source) (migration 2026_11_23_0003), always through
// publishedItems so nothing unpublished, trashed or of another kecamatan can be found. A query that
// finds nothing is tried once more with its words corrected from the vocabulary of published titles.

export { CANDIDATES, MAX_QUERY, dialectOf, parseQuery, type Dialect, type ParsedQuery, type SearchHit } from './query';
export type { SearchOptions } from './mysql';
export { snippet, type SnippetPart } from './snippet';

/** A hit as the results page shows it: its link, cover thumbnail and, for a product, its price. */
export interface HitRow extends SearchHit {
  cover_alt: string;
  cover_files: string | null;
  cover_media_alt: string | null;
  price: number | null;
  unit: string | null;
}
export type ShownHit = ReturnType<typeof dress<HitRow>>[number];

export interface VillageHit {
  id: number;
  name: string;
  slug: string;
  kind: 'desa' | 'kelurahan';
}

export interface SearchResult {
  /** The best `limit` of the ranked matches, best first. */
  hits: ShownHit[];
  /** The number of matches, counted up to CANDIDATES. */
  total: number;
  /** True when there are more than CANDIDATES matches (only the newest CANDIDATES were ranked). */
  more: boolean;
  /**
   * When set, the FULLTEXT query ran out of time and only this many of the newest published items
   * were searched (MySQL/MariaDB only; undefined when the scan covered every published item).
   */
  partialWindow?: number;
  /** Nothing matched the query as typed: these are the matches of this corrected query ("did you mean"). */
  corrected?: string;
  /** Villages of the kecamatan whose name holds a word of the query (shown before the items). */
  villages: VillageHit[];
}

/**
 * Published items of the kecamatan matching every word of q (as a prefix), best first.
 * An empty query finds nothing; a query without words falls back to a LIKE on its text.
 * Only the newest CANDIDATES matches are ranked and counted, so the cost does not grow with history.
 */
export async function searchPage(db: Kysely<Database>, districtId: number, q: string | ParsedQuery, limit = 50, dialect: Dialect = dialectOf(db), options: SearchOptions = {}): Promise<SearchResult> {
  let parsed = typeof q === 'string' ? parseQuery(q) : q;
  if (!parsed.text) return { hits: [], total: 0, more: false, villages: [] };
  const villages = await villagesNamed(db, districtId, parsed.tokens);
  let found = await candidates(db, districtId, parsed, dialect, options);
  let corrected: string | undefined;
  if (found.list.length === 0 && found.partialWindow === undefined && villages.length === 0 && parsed.tokens.length > 0) {
    const better = await suggestion(db, districtId, parsed.tokens);
    if (better) {
      const retry = parseQuery(better);
      const again = await candidates(db, districtId, retry, dialect, options);
      if (again.list.length > 0) [found, parsed, corrected] = [again, retry, better];
    }
  }
  const more = found.list.length > CANDIDATES;
  const pool = ranked(found.list.slice(0, CANDIDATES), parsed.tokens);
  const top = pool.slice(0, Math.max(1, Math.min(200, Math.floor(limit)))).map((c) => c.id);
  if (top.length === 0) return { hits: [], total: 0, more: false, partialWindow: found.partialWindow, villages };
  const rows = (await publishedItems(db, districtId)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .leftJoin('media as cm', (j) => j.onRef('cm.id', '=', 'ci.cover_media_id').on('cm.deleted_at', 'is', null))
    .leftJoin('product_details as pd', 'pd.item_id', 'ci.id')
    .select(['ci.id', 'ci.type', 'ci.slug', 'ci.title', 'ci.summary', 'ci.body_source', 'ci.village_id', 'ci.published_at', 'ci.updated_at', 'ci.cover_alt'])
    .select(['v.name as village_name', 'v.slug as village_slug', 'v.kind as village_kind', 'pd.price', 'pd.unit'])
    .select(COVER_COLUMNS)
    .where('ci.id', 'in', top)
    .execute()) as HitRow[];
  const byId = new Map(dress(rows).map((r) => [r.id, r]));
  const hits = top.map((id) => byId.get(id)).filter((h): h is ShownHit => h !== undefined);
  return { hits, total: pool.length, more, partialWindow: found.partialWindow, corrected, villages };
}

/** The hits only (see searchPage). */
export async function searchPublished(db: Kysely<Database>, districtId: number, q: string | ParsedQuery, limit = 50, dialect: Dialect = dialectOf(db)): Promise<ShownHit[]> {
  return (await searchPage(db, districtId, q, limit, dialect)).hits;
}

/** The newest CANDIDATES + 1 matches, newest first, with the engine's relevance. */
function candidates(db: Kysely<Database>, districtId: number, parsed: ParsedQuery, dialect: Dialect, options: SearchOptions): Promise<Found> {
  if (parsed.tokens.length === 0) return likeWindow(db, districtId, [parsed.text]).then((list) => ({ list, ranked: false }));
  return dialect === 'sqlite' ? sqliteSearch(db, districtId, parsed.tokens) : mysqlSearch(db, districtId, parsed.tokens, options);
}

/** Villages (a few dozen per kecamatan, read along their district index) named with a word of three letters or more of the query. */
function villagesNamed(db: Kysely<Database>, districtId: number, tokens: string[]): Promise<VillageHit[]> {
  const words = tokens.filter((t) => t.length >= 3);
  if (words.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('villages')
    .select(['id', 'name', 'slug', 'kind'])
    .where('district_id', '=', districtId)
    .where((eb) => eb.or(words.map((w) => eb('name', 'like', likePattern(w)))))
    .orderBy('name')
    .limit(10)
    .execute();
}
