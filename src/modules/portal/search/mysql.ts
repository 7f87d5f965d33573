import { CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
import type { ContentItemTable, Database } from '../../../db/schema';
import type { UntypedDb } from '../../../db/untyped';
import { published, publishedItems } from '../published';
import { CANDIDATES, CANDIDATE_COLUMNS, type Candidate, type Found, likeAny, likeWindow } from './query';

/** MariaDB's innodb_ft_min_token_size (default 3) and max (84): shorter or longer words go to LIKE. */
const FT_MIN = 3;
const FT_MAX = 84;
/** InnoDB's default stopwords: a FULLTEXT `+word*` on one of them finds nothing, so they go to LIKE. */
const STOPWORDS = new Set('a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(' '));
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

/** MySQL/MariaDB: FULLTEXT for the words it indexes, LIKE for the others (see mysqlCandidates). */
export async function mysqlSearch(db: Kysely<Database>, districtId: number, tokens: string[], options: SearchOptions): Promise<Found> {
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
 * and the index is never asked. When they are every published item, they hold every match, and
 * MATCH only gives their relevance (see scored). Only a word rare among the newest WINDOW_MAX items
 * goes to MATCH … AGAINST, under a statement time cap; past the cap, the matches of the scan are shown.
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
  /** Where the newest `first` published items begin (rarestFirst's window). */
  let firstFloor = 0;
  for (;;) {
    const window = await newestWindow(db, districtId, below, size);
    if (window.floor !== null) {
      let query = publishedItems(db, districtId)
        .select([...CANDIDATE_COLUMNS, sql<number>`0`.as('score')])
        .where('ci.id', '>=', window.floor)
        .$if(below !== null, (q) => q.where('ci.id', '<', below!))
        .orderBy('ci.id', 'desc')
        .limit(CANDIDATES + 1 - list.length);
      for (const c of conditions) query = query.where(c);
      list.push(...(await query.execute()));
      if (below === null) firstFloor = window.floor;
      below = window.floor;
    }
    if (list.length > CANDIDATES) return { list, ranked: false };
    scanned += size;
    if (!window.full) {
      exhausted = true;
      break;
    }
    // Nothing yet: a rare word, for the index. Else the window that should hold CANDIDATES + 1 matches.
    if (list.length === 0) break;
    const need = Math.ceil(((CANDIDATES + 1 - list.length) * scanned * 1.2) / list.length);
    if (scanned + need > max) break;
    size = need;
  }
  if (exhausted) return scored(db, list, full, options);
  // The rarest word first: InnoDB stops at once when a required word has no match at all.
  const order = await rarestFirst(db, districtId, full, firstFloor);
  const against = order.map((t) => `+${t}*`).join(' ');
  const score = sql<number>`match(ci.title, ci.summary, ci.body_source) against (${against} in boolean mode)`;
  let query = publishedItems(db, districtId)
    .select(CANDIDATE_COLUMNS)
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
    return { list, ranked: false, partialWindow: scanned };
  }
}

/**
 * The scan read every published item, so `list` holds every match: MATCH is asked only for their
 * relevance, by id, instead of finding them again. Its own matches among every item of every
 * kecamatan, and the rows behind them, are then never read (InnoDB still reads each word's posting
 * list). An item that `+word*` does not find after all (a word of InnoDB's stopword list that starts
 * with it, which the index does not hold) is dropped, as when MATCH found the matches itself; past
 * the time cap, the scan's matches are shown as they are. The order of the words does not change
 * the relevance.
 */
async function scored(db: Kysely<Database>, list: Candidate[], full: string[], options: SearchOptions): Promise<Found> {
  if (list.length === 0) return { list, ranked: false };
  const against = full.map((t) => `+${t}*`).join(' ');
  const score = sql<number>`match(ci.title, ci.summary, ci.body_source) against (${against} in boolean mode)`;
  const ids = list.map((c) => c.id);
  const query = db
    .selectFrom('content_items as ci')
    .select(['ci.id', score.as('score')])
    .where('ci.id', 'in', ids);
  try {
    const scores = new Map((await withTimeCap(db, query, options.fulltextSeconds ?? FULLTEXT_SECONDS)).map((r) => [r.id, Number(r.score)]));
    return { list: list.filter((c) => (scores.get(c.id) ?? 0) > 0).map((c) => ({ ...c, score: scores.get(c.id)! })), ranked: true };
  } catch (err) {
    if (!isTimeout(err)) throw err;
    return { list, ranked: false };
  }
}

/**
 * Where the `size` newest published items below `below` begin: `full` when there are that many,
 * else `floor` is the oldest of them (null when there is none). Index only.
 */
async function newestWindow(db: Kysely<Database>, districtId: number, below: number | null, size: number): Promise<{ floor: number | null; full: boolean }> {
  const edge = await newestWindowQuery(db, districtId, below, size).executeTakeFirst();
  if (edge) return { floor: edge.id, full: true };
  const oldest = await byId(db, districtId, below)
    .select((eb) => eb.fn.min('ci.id').as('id'))
    .executeTakeFirst();
  return { floor: oldest?.id == null ? null : Number(oldest.id), full: false };
}

/**
 * The `size`-th newest published item below `below` (exported for the query-plan test): an OFFSET
 * along the index, not the window's ids gathered into a temporary table for their MIN and COUNT
 * (10,000 items, median of 11: 2.58 → 1.75 ms for the newest 5,000, 2.70 → 1.69 ms for the 5,000
 * below them with the MIN that ends the scan).
 */
export function newestWindowQuery(db: Kysely<Database>, districtId: number, below: number | null, size: number) {
  return byId(db, districtId, below)
    .select('ci.id')
    .orderBy('ci.id', 'desc')
    .limit(1)
    .offset(size - 1);
}

/**
 * The kecamatan's published items below `below`, along content_items_public_id_idx. Left to itself,
 * MariaDB read a window below an id along content_items_public_newest_idx: every published item of
 * the kecamatan, then a filesort (10,000 items: 10,000 entries read and sorted for 5,000, 3.75 →
 * 1.97 ms with the hint, median of 9).
 */
function byId(db: Kysely<Database>, districtId: number, below: number | null) {
  return db
    .selectFrom(sql<Selectable<ContentItemTable>>`content_items`.as<'ci'>(sql.raw('ci force index (content_items_public_id_idx)')))
    .where(published(districtId))
    .$if(below !== null, (q) => q.where('ci.id', '<', below!));
}

/** Words ordered by how often they occur among the published items from id `floor` on, rarest first. */
async function rarestFirst(db: Kysely<Database>, districtId: number, words: string[], floor: number): Promise<string[]> {
  if (words.length < 2) return words;
  const row = (await publishedItems(db, districtId)
    .where('ci.id', '>=', floor)
    // LIKE only (a word's count as a substring): close enough to order the words, and cheap.
    .select(words.map((t, i) => sql<number>`sum(case when ${likeAny(t)} then 1 else 0 end)`.as(`n${i}`)))
    .executeTakeFirst()) as Record<string, unknown> | undefined;
  const count = (i: number) => Number(row?.[`n${i}`] ?? 0);
  return words
    .map((t, i) => ({ t, n: count(i) }))
    .sort((a, b) => a.n - b.n)
    .map((x) => x.t);
}

/**
 * The word at the start of a word of the title, summary or body, in any case (as `+word*` finds it).
 * A lookbehind, not `(^|[^[:alnum:]])word`: a pattern that starts with the word lets PCRE look for
 * the word itself first, so the REGEXP alone costs less than the three LIKEs that turned rows away
 * before it did. Same rows; 10,000 items, the fastest of 9 runs, the LIKEs and the old pattern against
 * this: a word in 5 % of them 16.6 → 12.4 ms, in all of them 24.7 → 10.9 ms, in 3 of them 15.2 →
 * 9.6 ms (reading the rows alone: 8.6 ms).
 */
function wordPrefix(word: string) {
  const pattern = `(?<![[:alnum:]])${word.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')}`;
  return sql<boolean>`concat_ws(' ', ci.title, ci.summary, ci.body_source) regexp ${pattern}`;
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
  if (!mariadb.has(db))
    mariadb.set(
      db,
      sql<{ v: string }>`select version() as v`.execute(db).then((r) => /mariadb/i.test(String(r.rows[0]?.v))),
    );
  const isMaria = await mariadb.get(db)!;
  const compiled = query.compile();
  const cap = Math.max(0.000001, seconds);
  const text = isMaria
    ? `SET STATEMENT max_statement_time=${cap.toFixed(6)} FOR ${compiled.sql}`
    : compiled.sql.replace(/^select /i, `select /*+ MAX_EXECUTION_TIME(${Math.max(1, Math.round(cap * 1000))}) */ `);
  return (await db.executeQuery(CompiledQuery.raw(text, [...compiled.parameters]))).rows as R[];
}
