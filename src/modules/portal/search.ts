import { type Kysely, MysqlAdapter, sql } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import { publishedItems } from './published';

// The one search function of the portal: FTS5 (bm25) on SQLite, FULLTEXT (BOOLEAN MODE) on MySQL,
// both over content_items(title, summary, body_source) (migration 0003), always through
// publishedItems so nothing unpublished, trashed or of another kecamatan can be found.

export const MAX_QUERY = 100;
const MAX_TOKENS = 8;
/** MariaDB's innodb_ft_min_token_size (default 3) and max (84): shorter or longer words go to LIKE. */
const FT_MIN = 3;
const FT_MAX = 84;
/** InnoDB's default stopwords: a FULLTEXT `+word*` on one of them finds nothing, so they go to LIKE. */
const STOPWORDS = new Set('a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(' '));

export type Dialect = 'sqlite' | 'mysql';
export interface ParsedQuery {
  /** The text searched for (trimmed, at most MAX_QUERY characters), shown back in the form. */
  text: string;
  /** Words only (letters and digits), lower-case: no operator, quote or wildcard survives. */
  tokens: string[];
}

/** Turns whatever arrived as ?q= into plain words; never throws. */
export function parseQuery(raw: unknown): ParsedQuery {
  const first = Array.isArray(raw) ? raw[0] : raw;
  const text = typeof first === 'string' ? first.normalize('NFKC').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY).trim() : '';
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return { text, tokens: [...new Set(words)].slice(0, MAX_TOKENS) };
}

export interface SearchHit {
  id: number;
  type: ContentType;
  slug: string;
  title: string;
  summary: string;
  body_source: string;
  village_id: number | null;
  village_name: string | null;
  village_slug: string | null;
  village_kind: 'desa' | 'kelurahan' | null;
  published_at: string | null;
  updated_at: string;
}

export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}

/** `%word%` for LIKE with `!` as the escape character (the same on both dialects). */
const likePattern = (s: string) => `%${s.replace(/[!%_]/g, (c) => `!${c}`)}%`;
const likeAny = (s: string) => {
  const p = likePattern(s);
  return sql<boolean>`(ci.title like ${p} escape '!' or ci.summary like ${p} escape '!' or ci.body_source like ${p} escape '!')`;
};

/** At most this many matches are ranked: the newest ones, taken along the full-text index. */
export const CANDIDATES = 1000;
/** A search without full-text words (LIKE only) looks at the newest this many published items. */
const LIKE_WINDOW = 5000;

export interface SearchResult {
  /** The best `limit` of the ranked matches, best first. */
  hits: SearchHit[];
  /** The number of matches, counted up to CANDIDATES. */
  total: number;
  /** True when there are more than CANDIDATES matches (only the newest CANDIDATES were ranked). */
  more: boolean;
}

interface Candidate {
  id: number;
  score: number;
  published_at: string | null;
}

/**
 * Published items of the kecamatan matching every word of q (as a prefix), best first.
 * An empty query finds nothing; a query without words falls back to a LIKE on its text.
 * Only the newest CANDIDATES matches are ranked and counted, so the cost does not grow with history.
 */
export async function searchPage(db: Kysely<Database>, districtId: number, q: string | ParsedQuery, limit = 50, dialect: Dialect = dialectOf(db)): Promise<SearchResult> {
  const parsed = typeof q === 'string' ? parseQuery(q) : q;
  if (!parsed.text) return { hits: [], total: 0, more: false };
  const found = await candidates(db, districtId, parsed, dialect);
  const more = found.length > CANDIDATES;
  const pool = found.slice(0, CANDIDATES);
  // Many matches: the engines' relevance (bm25, MATCH) would read every match, so a bounded score instead.
  if (more) await titleScores(db, pool, parsed.tokens);
  pool.sort((a, b) => b.score - a.score || String(b.published_at ?? '').localeCompare(String(a.published_at ?? '')) || b.id - a.id);
  const top = pool.slice(0, Math.max(1, Math.min(200, Math.floor(limit)))).map((c) => c.id);
  if (top.length === 0) return { hits: [], total: 0, more: false };
  const rows = (await publishedItems(db, districtId)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select(['ci.id', 'ci.type', 'ci.slug', 'ci.title', 'ci.summary', 'ci.body_source', 'ci.village_id', 'ci.published_at', 'ci.updated_at'])
    .select(['v.name as village_name', 'v.slug as village_slug', 'v.kind as village_kind'])
    .where('ci.id', 'in', top)
    .execute()) as SearchHit[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hits = top.map((id) => byId.get(id)).filter((h): h is SearchHit => h !== undefined);
  return { hits, total: pool.length, more };
}

/** The hits only (see searchPage). */
export async function searchPublished(db: Kysely<Database>, districtId: number, q: string | ParsedQuery, limit = 50, dialect: Dialect = dialectOf(db)): Promise<SearchHit[]> {
  return (await searchPage(db, districtId, q, limit, dialect)).hits;
}

/** The newest CANDIDATES + 1 matches, newest first, with the engine's relevance when there are not more. */
async function candidates(db: Kysely<Database>, districtId: number, parsed: ParsedQuery, dialect: Dialect): Promise<Candidate[]> {
  const base = publishedItems(db, districtId).select(['ci.id', 'ci.published_at']).orderBy('ci.id', 'desc').limit(CANDIDATES + 1);
  const { tokens } = parsed;
  if (tokens.length === 0) return likeWindow(db, districtId, [parsed.text]);
  if (dialect === 'sqlite') {
    // FTS5 hands out matches in rowid order, so ORDER BY rowid DESC LIMIT stops after the newest ones
    // (EXPLAIN QUERY PLAN: the FTS table is the outer loop, no temp b-tree for the order). A prefix
    // query ("word"*) merges the whole doclist of every word with that prefix first, so whole words
    // are tried first: when they alone give more than CANDIDATES, the prefixes cannot give fewer.
    const fts = (match: string, ranked: boolean) =>
      base
        .innerJoin(sql<{ rowid: number }>`content_search`.as('content_search'), 'content_search.rowid', 'ci.id')
        .where(sql<boolean>`content_search match ${match}`)
        .clearOrderBy()
        .orderBy(sql`content_search.rowid`, 'desc')
        // bm25 (lower is better, hence negated): a hit in the title weighs more than one in the summary, which beats the body.
        .select(ranked ? sql<number>`-bm25(content_search, 10.0, 4.0, 1.0)`.as('score') : sql<number>`0`.as('score'))
        .execute();
    // Each word quoted, so FTS5 sees no operator; separate words are ANDed.
    const whole = await fts(tokens.map((t) => `"${t}"`).join(' '), false);
    if (whole.length > CANDIDATES) return whole;
    return fts(tokens.map((t) => `"${t}"*`).join(' '), true);
  }
  const full = tokens.filter((t) => t.length >= FT_MIN && t.length <= FT_MAX && !STOPWORDS.has(t));
  const short = tokens.filter((t) => !full.includes(t));
  if (full.length === 0) return likeWindow(db, districtId, short);
  // InnoDB reads every match of each word whatever the LIMIT: this stays O(matches) on MySQL/MariaDB.
  const against = full.map((t) => `+${t}*`).join(' ');
  const score = sql<number>`match(ci.title, ci.summary, ci.body_source) against (${against} in boolean mode)`;
  let query = base.where(sql<boolean>`${score} > 0`).select(score.as('score'));
  for (const t of short) query = query.where(likeAny(t));
  return (await query.execute()).map((r) => ({ ...r, score: Number(r.score) }));
}

/** Scores candidates by the words found in their title (10) and summary (4): bounded by CANDIDATES rows. */
async function titleScores(db: Kysely<Database>, pool: Candidate[], tokens: string[]) {
  if (pool.length === 0 || tokens.length === 0) return;
  const parts = tokens.flatMap((t) => {
    const p = likePattern(t);
    return [sql`(case when ci.title like ${p} escape '!' then 10 else 0 end)`, sql`(case when ci.summary like ${p} escape '!' then 4 else 0 end)`];
  });
  const rows = await db
    .selectFrom('content_items as ci')
    .select(['ci.id', sql<number>`${sql.join(parts, sql` + `)}`.as('score')])
    .where('ci.id', 'in', pool.map((c) => c.id))
    .execute();
  const score = new Map(rows.map((r) => [r.id, Number(r.score)]));
  for (const c of pool) c.score = score.get(c.id) ?? 0;
}

/** Items among the newest LIKE_WINDOW published ones containing every string, newest first, relevance 0. */
async function likeWindow(db: Kysely<Database>, districtId: number, strings: string[]): Promise<Candidate[]> {
  const newest = publishedItems(db, districtId).select('ci.id').orderBy('ci.id', 'desc').limit(LIKE_WINDOW);
  const floor = await db.selectFrom(newest.as('w')).select((eb) => eb.fn.min('w.id').as('id')).executeTakeFirst();
  let query = publishedItems(db, districtId)
    .select(['ci.id', 'ci.published_at', sql<number>`0`.as('score')])
    .where('ci.id', '>=', Number(floor?.id ?? 0))
    .orderBy('ci.id', 'desc')
    .limit(CANDIDATES + 1);
  for (const s of strings) query = query.where(likeAny(s));
  return query.execute();
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** Plain text of an item (Markdown marks dropped), cut around the first word found; hits marked for <mark>. */
export function snippet(hit: Pick<SearchHit, 'summary' | 'body_source'>, tokens: string[], size = 180): SnippetPart[] {
  const plain = `${hit.summary} ${hit.body_source}`.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_#>`~|]+/g, '').replace(/\s+/g, ' ').trim();
  const lower = plain.toLowerCase();
  const at = tokens.map((t) => lower.indexOf(t)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, at - Math.floor(size / 3));
  let cut = plain.slice(start, start + size);
  if (start > 0) cut = `…${cut}`;
  if (start + size < plain.length) cut = `${cut}…`;
  return markParts(cut, tokens);
}

/** Text split into parts, the searched words (as prefixes, any case) marked as hits. */
export function markParts(text: string, tokens: string[]): SnippetPart[] {
  if (tokens.length === 0) return [{ text, hit: false }];
  const escaped = tokens.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = text.split(new RegExp(`(${escaped.join('|')})`, 'iu'));
  return parts.map((part, i) => ({ text: part, hit: i % 2 === 1 })).filter((p) => p.text !== '');
}
