import type { Kysely, Transaction } from 'kysely';
import { MysqlAdapter } from 'kysely';
import type { Database } from '../../db/schema';

// The search's vocabulary (table search_vocabulary, migration 2026_12_20_0701): the words of
// published titles, each under its trigrams. Added to whenever an item is published or a published
// item is edited; read by src/modules/portal/search/suggest.ts.

type Db = Kysely<Database> | Transaction<Database>;

/** Words worth correcting: letters only, 4 to 30 of them, lower-case, each once. */
export function wordsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .normalize('NFKC')
        .toLowerCase()
        .split(/[^\p{L}]+/u)
        .filter((w) => w.length >= 4 && w.length <= 30),
    ),
  ];
}

/** The trigrams of a word padded with `$` at both ends: "desa" → $de, des, esa, sa$. */
export function trigramsOf(word: string): string[] {
  const padded = `$${word}$`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return [...grams];
}

/** Adds the words of a published item's title to its kecamatan's vocabulary (rows already there are kept). */
export async function noteTitleWords(db: Db, districtId: number, title: string): Promise<void> {
  const values = wordsOf(title).flatMap((word) => trigramsOf(word).map((trigram) => ({ district_id: districtId, trigram, word })));
  if (values.length === 0) return;
  const insert = db.insertInto('search_vocabulary').values(values);
  await (db.getExecutor().adapter instanceof MysqlAdapter ? insert.ignore() : insert.orIgnore()).execute();
}
