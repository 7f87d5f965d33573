import type { Kysely } from 'kysely';
import { type IndexList, createIndexes, dropIndexes } from './_table';

// potential_details category: one potensi category's items, for a category too small for the walk
// along the kecamatan's potensi newest first (potentialCards in src/modules/portal/portal.queries.ts;
// docs/render-path.md). Its entries end with the row's key on both dialects (SQLite's rowid, which
// item_id is; InnoDB's primary key): the category's item ids, each joined to its item by key.
const INDEXES: IndexList = [['potential_details_category_idx', 'potential_details', ['category']]];

export const up = (db: Kysely<any>) => createIndexes(db, INDEXES);
export const down = (db: Kysely<any>) => dropIndexes(db, INDEXES);
