import type { Kysely } from 'kysely';
import { type IndexList, createIndexes, dropIndexes } from './_table';

// Indexes for the public portal's reads (src/modules/portal, src/modules/api), which all filter on
// publishedItems(): district_id, status = 'published', deleted_at IS NULL, and often type/village_id.
// Each one lets a read use the index alone instead of visiting every content row:
// - public_type: a kecamatan-wide list of one type newest first, and its COUNT (API totals).
// - public_village: per-village counts by type (GROUP BY village_id, type, covering) and a
//   village's list of one type newest first.
// - public_last: a village's latest publication (MAX(published_at)) as one index seek.
// - public_type_village: items of one type with their village (budget totals by village), covering.
// - project_budgets item_amount: a project's budget rows summed without reading the table.
// - project_details year: the distinct fiscal years of the /pembangunan year filter.
const INDEXES: IndexList = [
  ['content_items_public_type_idx', 'content_items', ['district_id', 'type', 'status', 'deleted_at', 'published_at']],
  ['content_items_public_village_idx', 'content_items', ['district_id', 'status', 'deleted_at', 'village_id', 'type', 'published_at']],
  ['content_items_public_last_idx', 'content_items', ['district_id', 'status', 'deleted_at', 'village_id', 'published_at']],
  ['content_items_public_type_village_idx', 'content_items', ['district_id', 'type', 'status', 'deleted_at', 'village_id']],
  ['project_budgets_item_amount_idx', 'project_budgets', ['item_id', 'source', 'amount']],
  ['project_details_year_idx', 'project_details', ['fiscal_year']],
];

export const up = (db: Kysely<any>) => createIndexes(db, INDEXES);
export const down = (db: Kysely<any>) => dropIndexes(db, INDEXES);
