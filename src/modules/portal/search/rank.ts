import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema';
import { sectionOf } from '../../sections';
import { type Candidate, likePattern } from './query';

// The order of the results: what people look for (a product, a potensi, a project) and a word in the
// title come before a passing mention in a news item's body. The engines' relevance (bm25, MATCH)
// only breaks ties, then the newest first.

// Each type adds its definition's public.searchWeight (../../sections/index.ts) to an item's score.
const TITLE = 10;
const SUMMARY = 4;

export interface Ranked extends Candidate {
  rank: number;
}

/**
 * Each candidate's rank: TITLE per searched word in its title, SUMMARY per word in its summary,
 * plus its type's weight. One read by primary key of at most CANDIDATES rows.
 */
export async function ranked(db: Kysely<Database>, pool: Candidate[], tokens: string[]): Promise<Ranked[]> {
  if (pool.length === 0) return [];
  const parts = tokens.flatMap((t) => {
    const p = likePattern(t);
    return [sql`(case when ci.title like ${p} escape '!' then ${TITLE} else 0 end)`, sql`(case when ci.summary like ${p} escape '!' then ${SUMMARY} else 0 end)`];
  });
  const rows = await db
    .selectFrom('content_items as ci')
    .select(['ci.id', 'ci.type', (parts.length ? sql<number>`${sql.join(parts, sql` + `)}` : sql<number>`0`).as('words')])
    .where(
      'ci.id',
      'in',
      pool.map((c) => c.id),
    )
    .execute();
  const rankOf = new Map(rows.map((r) => [r.id, Number(r.words) + sectionOf(r.type).public.searchWeight]));
  return pool
    .map((c) => ({ ...c, score: Number(c.score), rank: rankOf.get(c.id) ?? 0 }))
    .sort((a, b) => b.rank - a.rank || b.score - a.score || String(b.published_at ?? '').localeCompare(String(a.published_at ?? '')) || b.id - a.id);
}
