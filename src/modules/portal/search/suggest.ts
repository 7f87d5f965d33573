import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema';
import { trigramsOf, wordsOf } from '../../content/vocabulary';

// "Did you mean": each word of a query that found nothing, replaced by the closest word of the
// kecamatan's published titles (table search_vocabulary). Reads only the vocabulary rows of the
// word's trigrams along the primary key (district_id, trigram, word): bounded by the vocabulary of one
// kecamatan, not by its number of items.

/** Words sharing the most trigrams with the typed one, looked at more closely. */
const NEAREST = 40;

/** Edits (a letter added, dropped, changed, or two swapped) allowed for a word of this length. */
const allowed = (length: number) => (length <= 4 ? 1 : length <= 8 ? 2 : 3);

/** Optimal string alignment distance: Levenshtein plus the swap of two neighbouring letters. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The vocabulary query of one word (exported for the query-plan test). */
export function nearestWordsQuery(db: Kysely<Database>, districtId: number, word: string) {
  return db
    .selectFrom('search_vocabulary')
    .select(['word', (eb) => eb.fn.countAll<number>().as('shared')])
    .where('district_id', '=', districtId)
    .where('trigram', 'in', trigramsOf(word))
    .groupBy('word')
    .orderBy('shared', 'desc')
    .orderBy('word')
    .limit(NEAREST);
}

/** The closest known word, or the word itself when it is known or nothing is close enough. */
async function closest(db: Kysely<Database>, districtId: number, word: string): Promise<string> {
  if (wordsOf(word)[0] !== word) return word;
  const rows = await nearestWordsQuery(db, districtId, word).execute();
  let best = { word, distance: allowed(word.length) + 1, shared: 0 };
  for (const r of rows) {
    if (r.word === word) return word;
    const distance = editDistance(word, r.word);
    const shared = Number(r.shared);
    if (distance < best.distance || (distance === best.distance && shared > best.shared)) best = { word: r.word, distance, shared };
  }
  return best.distance <= allowed(word.length) ? best.word : word;
}

/** The query with each word replaced by its closest known word, or null when nothing changes. */
export async function suggestion(db: Kysely<Database>, districtId: number, tokens: string[]): Promise<string | null> {
  const words = await Promise.all(tokens.map((t) => closest(db, districtId, t)));
  return words.some((w, i) => w !== tokens[i]) ? words.join(' ') : null;
}
