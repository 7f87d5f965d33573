import type { Kysely } from 'kysely';
import { type IndexList, createIndexes, dropIndexes } from './_table';

// The kecamatan's published items in id order (src/modules/portal/sitemap.routes.ts): the first and
// last published id are one seek each, and a sitemap child (an id range) is one bounded range scan
// that reads only this kecamatan's published rows, whatever the history and other kecamatan hold.
const INDEXES: IndexList = [['content_items_public_id_idx', 'content_items', ['district_id', 'status', 'deleted_at', 'id']]];

export const up = (db: Kysely<any>) => createIndexes(db, INDEXES);
export const down = (db: Kysely<any>) => dropIndexes(db, INDEXES);
