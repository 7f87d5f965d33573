import { sectionOf } from '../../sections';
import type { Candidate } from './query';

// The order of the results: what people look for (a product, a potensi, a project) and a word in the
// title come before a passing mention in a news item's body. The engines' relevance (bm25, MATCH)
// only breaks ties, then the newest first.

// Each type adds its definition's public.searchWeight (../../sections/index.ts) to an item's score.
const TITLE = 10;
const SUMMARY = 4;

export interface Ranked {
  id: number;
  rank: number;
  score: number;
  /** published_at as text ('YYYY-MM-DD HH:MM:SS' on both dialects, '' when none). */
  published: string;
}

/**
 * Each candidate's rank: TITLE per searched word in its title, SUMMARY per word in its summary
 * (anywhere in it, in any case: what `LIKE '%word%'` found when this was a second statement), plus
 * its type's weight. From the columns the candidate read already has: no read of its own.
 */
export function ranked(pool: Candidate[], tokens: string[]): Ranked[] {
  const out: Ranked[] = [];
  for (const c of pool) {
    const title = c.title.toLowerCase();
    const summary = c.summary.toLowerCase();
    let rank = sectionOf(c.type).public.searchWeight;
    for (const t of tokens) rank += (title.includes(t) ? TITLE : 0) + (summary.includes(t) ? SUMMARY : 0);
    out.push({ id: c.id, rank, score: Number(c.score), published: c.published_at ?? '' });
  }
  // Newest first among equals: the dates compare as text.
  out.sort((a, b) => b.rank - a.rank || b.score - a.score || (a.published < b.published ? 1 : a.published > b.published ? -1 : 0) || b.id - a.id);
  return out;
}
