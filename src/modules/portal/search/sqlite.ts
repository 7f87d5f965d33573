import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema';
import { publishedItems } from '../published';
import { CANDIDATES, CANDIDATE_COLUMNS, type Found } from './query';

/**
 * SQLite: FTS5 (migration 2026_11_23_0003). FTS5 hands out matches in rowid order, so ORDER BY rowid
 * DESC LIMIT stops after the newest ones (EXPLAIN QUERY PLAN: the FTS table is the outer loop, no
 * temp b-tree for the order). A prefix query ("word"*) merges the whole doclist of every word with
 * that prefix first, so whole words are tried first: when they alone give more than CANDIDATES, the
 * prefixes cannot give fewer. Whether they can is asked of the FTS index alone (every kecamatan and
 * state, so never fewer than the published ones): most words cannot, and then no item is read twice.
 */
export async function sqliteSearch(db: Kysely<Database>, districtId: number, tokens: string[]): Promise<Found> {
  const fts = (match: string, ranked: boolean) =>
    publishedItems(db, districtId)
      .select(CANDIDATE_COLUMNS)
      .innerJoin(sql<{ rowid: number }>`content_search`.as('content_search'), 'content_search.rowid', 'ci.id')
      .where(sql<boolean>`content_search match ${match}`)
      .orderBy(sql`content_search.rowid`, 'desc')
      .limit(CANDIDATES + 1)
      // bm25 (lower is better, hence negated): a hit in the title weighs more than one in the summary, which beats the body.
      .select(ranked ? sql<number>`-bm25(content_search, 10.0, 4.0, 1.0)`.as('score') : sql<number>`0`.as('score'))
      .execute();
  // Each word quoted, so FTS5 sees no operator; separate words are ANDed.
  const whole = tokens.map((t) => `"${t}"`).join(' ');
  if (await moreThanCandidates(db, whole)) {
    const list = await fts(whole, false);
    if (list.length > CANDIDATES) return { list, ranked: true };
  }
  return { list: await fts(tokens.map((t) => `"${t}"*`).join(' '), true), ranked: true };
}

/** Whether the FTS index holds more than CANDIDATES matches of `match` (rowids only, no item read). */
async function moreThanCandidates(db: Kysely<Database>, match: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from (select rowid from content_search where content_search match ${match} limit ${CANDIDATES + 1})`.execute(db);
  return Number(rows[0]?.n ?? 0) > CANDIDATES;
}
