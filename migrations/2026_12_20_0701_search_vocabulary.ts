import type { Kysely } from 'kysely';
import { createTable, isMysql } from './_table';

// The words of published titles per kecamatan, each under its trigrams ("$pe", "pem", …, "an$"), for
// the search's "did you mean" (src/modules/portal/search/suggest.ts): a misspelt word shares most of
// its trigrams with the right one, and the primary key reads only the rows of the query's trigrams.
// Added to on every publish (src/modules/content/vocabulary.ts); words are never taken out, a
// suggestion is shown only when searching it finds published items.
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'search_vocabulary')
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('trigram', 'varchar(3)', (c) => c.notNull())
    .addColumn('word', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_vocabulary_pk', ['district_id', 'trigram', 'word'])
    .execute();
  // The titles published before this migration, a thousand items at a time.
  for (let after = 0; ;) {
    const rows = await db
      .selectFrom('content_items')
      .select(['id', 'district_id', 'title'])
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const values = rows.flatMap((r: { district_id: number; title: string }) => entriesOf(r.district_id, r.title));
    for (let i = 0; i < values.length; i += 500) {
      const insert = db.insertInto('search_vocabulary').values(values.slice(i, i + 500));
      await (isMysql(db) ? insert.ignore() : insert.orIgnore()).execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_vocabulary').execute();
}

// The same rules as src/modules/content/vocabulary.ts (migrations never import app code).
function entriesOf(districtId: number, title: string) {
  const words = new Set(
    title
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter((w) => w.length >= 4 && w.length <= 30),
  );
  return [...words].flatMap((word) => {
    const padded = `$${word}$`;
    const grams = new Set<string>();
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
    return [...grams].map((trigram) => ({ district_id: districtId, trigram, word }));
  });
}
