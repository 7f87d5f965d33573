import { type Kysely, sql } from 'kysely';
import { type IndexList, createIndexes, dropIndexes } from './_table';

// potential_details.district_id: the kecamatan of the item, copied from content_items (an item never
// moves), so a category's entries are read for one kecamatan only. The category index it replaces
// held every kecamatan's entries of a category: on an install hosting a kabupaten, a small category
// of one kecamatan read the whole install's (potentialRead in src/modules/portal/potentials.queries.ts).
// Nullable on both dialects (SQLite adds a NOT NULL column only with a default); every write sets it
// (src/modules/sections/potential.ts).
const OLD: IndexList = [['potential_details_category_idx', 'potential_details', ['category']]];
const NEW: IndexList = [['potential_details_district_category_idx', 'potential_details', ['district_id', 'category']]];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('potential_details').addColumn('district_id', 'integer').execute();
  await sql`UPDATE potential_details SET district_id = (SELECT ci.district_id FROM content_items ci WHERE ci.id = potential_details.item_id)`.execute(db);
  await dropIndexes(db, OLD);
  await createIndexes(db, NEW);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropIndexes(db, NEW);
  await createIndexes(db, OLD);
  await db.schema.alterTable('potential_details').dropColumn('district_id').execute();
}
