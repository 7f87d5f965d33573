import { CompiledQuery, type Kysely, MysqlAdapter, sql } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import type { UntypedDb } from '../../db/untyped';
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

export function dialectOf(db: UntypedDb): Dialect {
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
/** MySQL/MariaDB: the newest published items read first, and at most, before the FULLTEXT index is asked. */
const WINDOW_FIRST = 5000;
const WINDOW_MAX = 40_000;
/** MySQL/MariaDB: the longest a FULLTEXT query may run before the newest-items scan is shown instead. */
const FULLTEXT_SECONDS = 2;

export interface SearchOptions {
  /** MySQL/MariaDB: statement time cap of the FULLTEXT query, in seconds (tests force a tiny one). */
  fulltextSeconds?: number;
  /** MySQL/MariaDB: the first and the largest newest-items window (tests shrink them). */
  windowFirst?: number;
  windowMax?: number;
}

export interface SearchResult {
  /** The best `limit` of the ranked matches, best first. */
  hits: SearchHit[];
  /** The number of matches, counted up to CANDIDATES. */
  total: number;
  /** True when there are more than CANDIDATES matches (only the newest CANDIDATES were ranked). */
  more: boolean;
  /**
   * When set, the FULLTEXT query ran out of time and only this many of the newest published items
   * were searched (MySQL/MariaDB only; undefined when the scan covered every published item).
   */
  partialWindow?: number;
}

interface Candidate {
  id: number;
  score: number;
  published_at: string | null;
}

interface Found {
  list: Candidate[];
  /** The engine ranked them (MATCH, bm25): no title score needed. */
  ranked: boolean;
  partialWindow?: number;
}

/**
 * Published items of the kecamatan matching every word of q (as a prefix), best first.
 * An empty query finds nothing; a query without words falls back to a LIKE on its text.
 * Only the newest CANDIDATES matches are ranked and counted, so the cost does not grow with history.
 */
export async function searchPage(
  db: Kysely<Database>,
  districtId: number,
  q: string | ParsedQuery,
  limit = 50,
  dialect: Dialect = dialectOf(db),
  options: SearchOptions = {},
): Promise<SearchResult> {
  const parsed = typeof q === 'string' ? parseQuery(q) : q;
  if (!parsed.text) return { hits: [], total: 0, more: false };
  const found = await candidates(db, districtId, parsed, dialect, options);
  const more = found.list.length > CANDIDATES;
  const pool = found.list.slice(0, CANDIDATES);
  // Many matches: the engines' relevance (bm25, MATCH) would read every match, so a bounded score instead.
  if (more || !found.ranked) await titleScores(db, pool, parsed.tokens);
  pool.sort((a, b) => b.score - a.score || String(b.published_at ?? '').localeCompare(String(a.published_at ?? '')) || b.id - a.id);
  const top = pool.slice(0, Math.max(1, Math.min(200, Math.floor(limit)))).map((c) => c.id);
  if (top.length === 0) return { hits: [], total: 0, more: false, partialWindow: found.partialWindow };
  const rows = (await publishedItems(db, districtId)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select(['ci.id', 'ci.type', 'ci.slug', 'ci.title', 'ci.summary', 'ci.body_source', 'ci.village_id', 'ci.published_at', 'ci.updated_at'])
    .select(['v.name as village_name', 'v.slug as village_slug', 'v.kind as village_kind'])
    .where('ci.id', 'in', top)
    .execute()) as SearchHit[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hits = top.map((id) => byId.get(id)).filter((h): h is SearchHit => h !== undefined);
  return { hits, total: pool.length, more, partialWindow: found.partialWindow };
}

/** The hits only (see searchPage). */
export async function searchPublished(db: Kysely<Database>, districtId: number, q: string | ParsedQuery, limit = 50, dialect: Dialect = dialectOf(db)): Promise<SearchHit[]> {
  return (await searchPage(db, districtId, q, limit, dialect)).hits;
}

/** The newest CANDIDATES + 1 matches, newest first, with the engine's relevance when there are not more. */
async function candidates(db: Kysely<Database>, districtId: number, parsed: ParsedQuery, dialect: Dialect, options: SearchOptions): Promise<Found> {
  const base = publishedItems(db, districtId).select(['ci.id', 'ci.published_at']).orderBy('ci.id', 'desc').limit(CANDIDATES + 1);
  const { tokens } = parsed;
  if (tokens.length === 0) return { list: await likeWindow(db, districtId, [parsed.text]), ranked: false };
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
    if (whole.length > CANDIDATES) return { list: whole, ranked: true };
    return { list: await fts(tokens.map((t) => `"${t}"*`).join(' '), true), ranked: true };
  }
  const full = tokens.filter((t) => t.length >= FT_MIN && t.length <= FT_MAX && !STOPWORDS.has(t));
  const short = tokens.filter((t) => !full.includes(t));
  if (full.length === 0) return { list: await likeWindow(db, districtId, short), ranked: false };
  return mysqlCandidates(db, districtId, full, short, options);
}

/**
 * MySQL/MariaDB. InnoDB FULLTEXT is not bounded: it reads the whole posting list of every word
 * (6–8 s for a word in all of 1,000,000 items) and then looks up every matching row by FTS_DOC_ID
 * (random reads: 15 s for 50,000 matches with the default 128 MB buffer pool), whatever the LIMIT,
 * the district or the status. So the newest published items are read first, along the
 * (district_id, status, deleted_at, id) index, each word as a word prefix (REGEXP, as `+word*`
 * finds it): when they hold more than CANDIDATES matches, those are the newest CANDIDATES + 1
 * and the index is never asked. Only a word rare among the newest WINDOW_MAX items goes to
 * MATCH … AGAINST, under a statement time cap; past the cap, the matches of the scan are shown.
 */
async function mysqlCandidates(db: Kysely<Database>, districtId: number, full: string[], short: string[], options: SearchOptions): Promise<Found> {
  const first = options.windowFirst ?? WINDOW_FIRST;
  const max = Math.max(first, options.windowMax ?? WINDOW_MAX);
  const conditions = [...full.map(wordPrefix), ...short.map(likeAny)];
  const list: Candidate[] = [];
  let below: number | null = null;
  let scanned = 0;
  let size = first;
  let exhausted = false;
  for (;;) {
    const window = await newestWindow(db, districtId, below, size);
    if (window.count > 0) {
      let query = publishedItems(db, districtId)
        .select(['ci.id', 'ci.published_at', sql<number>`0`.as('score')])
        .where('ci.id', '>=', window.floor)
        .$if(below !== null, (q) => q.where('ci.id', '<', below!))
        .orderBy('ci.id', 'desc')
        .limit(CANDIDATES + 1 - list.length);
      for (const c of conditions) query = query.where(c);
      list.push(...(await query.execute()));
      scanned += window.count;
      below = window.floor;
    }
    if (list.length > CANDIDATES) return { list, ranked: false };
    if (window.count < size) {
      exhausted = true;
      break;
    }
    // Nothing yet: a rare word, for the index. Else the window that should hold CANDIDATES + 1 matches.
    if (list.length === 0) break;
    const need = Math.ceil(((CANDIDATES + 1 - list.length) * scanned * 1.2) / list.length);
    if (scanned + need > max) break;
    size = need;
  }
  // The rarest word first: InnoDB stops at once when a required word has no match at all.
  const order = await rarestFirst(db, districtId, full, first);
  const against = order.map((t) => `+${t}*`).join(' ');
  const score = sql<number>`match(ci.title, ci.summary, ci.body_source) against (${against} in boolean mode)`;
  let query = publishedItems(db, districtId)
    .select(['ci.id', 'ci.published_at'])
    .where(sql<boolean>`${score} > 0`)
    .select(score.as('score'))
    .orderBy('ci.id', 'desc')
    .limit(CANDIDATES + 1);
  for (const t of short) query = query.where(likeAny(t));
  try {
    const rows = await withTimeCap(db, query, options.fulltextSeconds ?? FULLTEXT_SECONDS);
    return { list: rows.map((r) => ({ ...r, score: Number(r.score) })), ranked: true };
  } catch (err) {
    if (!isTimeout(err)) throw err;
    // The scan's matches, newest first: complete when the scan read every published item.
    return { list, ranked: false, partialWindow: exhausted ? undefined : scanned };
  }
}

/** How many and from which id the `size` newest published items below `below` are (index only). */
async function newestWindow(db: Kysely<Database>, districtId: number, below: number | null, size: number) {
  const ids = publishedItems(db, districtId)
    .select('ci.id')
    .$if(below !== null, (q) => q.where('ci.id', '<', below!))
    .orderBy('ci.id', 'desc')
    .limit(size);
  const row = await db
    .selectFrom(ids.as('w'))
    .select((eb) => [eb.fn.min('w.id').as('floor'), eb.fn.countAll().as('count')])
    .executeTakeFirst();
  return { floor: Number(row?.floor ?? 0), count: Number(row?.count ?? 0) };
}

/** Words ordered by how often they occur among the newest `size` published items, rarest first. */
async function rarestFirst(db: Kysely<Database>, districtId: number, words: string[], size: number): Promise<string[]> {
  if (words.length < 2) return words;
  const newest = publishedItems(db, districtId).select('ci.id').orderBy('ci.id', 'desc').limit(size);
  const floor = Number((await db.selectFrom(newest.as('w')).select((eb) => eb.fn.min('w.id').as('id')).executeTakeFirst())?.id ?? 0);
  const row = (await publishedItems(db, districtId)
    .where('ci.id', '>=', floor)
    // LIKE only (a word's count as a substring): close enough to order the words, and cheap.
    .select(words.map((t, i) => sql<number>`sum(case when ${likeAny(t)} then 1 else 0 end)`.as(`n${i}`)))
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  const count = (i: number) => Number(row?.[`n${i}`] ?? 0);
  return words.map((t, i) => ({ t, n: count(i) })).sort((a, b) => a.n - b.n).map((x) => x.t);
}

/**
 * The word at the start of a word of the title, summary or body, in any case (as `+word*` finds it).
 * The LIKE first: it costs a third of the REGEXP and turns most rows away when the word is rare.
 */
function wordPrefix(word: string) {
  const pattern = `(^|[^[:alnum:]])${word.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')}`;
  return sql<boolean>`(${likeAny(word)} and concat_ws(' ', ci.title, ci.summary, ci.body_source) regexp ${pattern})`;
}

/** MariaDB: Query execution was interrupted (max_statement_time), or InnoDB FTS interrupted (188); MySQL: 3024. */
const TIMEOUT_ERRNOS = new Set([1969, 188, 3024, 1317]);
function isTimeout(err: unknown): boolean {
  const errno = (err as { errno?: unknown } | null)?.errno;
  return typeof errno === 'number' && TIMEOUT_ERRNOS.has(errno);
}

const mariadb = new WeakMap<UntypedDb, Promise<boolean>>();
/** Runs a SELECT that may take at most `seconds`: MariaDB's SET STATEMENT, MySQL's MAX_EXECUTION_TIME hint. */
async function withTimeCap<R>(db: Kysely<Database>, query: { compile(): CompiledQuery<R> }, seconds: number): Promise<R[]> {
  if (!mariadb.has(db)) mariadb.set(db, sql<{ v: string }>`select version() as v`.execute(db).then((r) => /mariadb/i.test(String(r.rows[0]?.v))));
  const isMaria = await mariadb.get(db)!;
  const compiled = query.compile();
  const cap = Math.max(0.000001, seconds);
  const text = isMaria ? `SET STATEMENT max_statement_time=${cap.toFixed(6)} FOR ${compiled.sql}` : compiled.sql.replace(/^select /i, `select /*+ MAX_EXECUTION_TIME(${Math.max(1, Math.round(cap * 1000))}) */ `);
  return (await db.executeQuery(CompiledQuery.raw(text, [...compiled.parameters]))).rows as R[];
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
