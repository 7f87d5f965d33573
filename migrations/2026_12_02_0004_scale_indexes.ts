import type { Kysely } from 'kysely';
import { type IndexList, createIndexes, dropIndexes } from './_table';

// Indexes that keep public reads bounded whatever the kecamatan's history holds (docs/render-path.md):
// - content_items public_newest: the kecamatan's published items of every type newest first.
//   /feed.xml reads its latest 30 along it and stops; before, both dialects took every published
//   item (content_items_public_last_idx is ordered by village first) and sorted them all.
// - event_details starts / ends: the agenda and the beranda walk events from today's date (upcoming
//   from starts_on, still running from ends_on, past down from starts_on) instead of reading and
//   sorting every event ever held.
// Entries end with the row's key on both dialects (SQLite's rowid, InnoDB's primary key): the item id,
// so "published_at DESC, id DESC" and "starts_on DESC, item_id DESC" need no sort either.
const INDEXES: IndexList = [
  ['content_items_public_newest_idx', 'content_items', ['district_id', 'status', 'deleted_at', 'published_at']],
  ['event_details_starts_idx', 'event_details', ['starts_on']],
  ['event_details_ends_idx', 'event_details', ['ends_on']],
];

export const up = (db: Kysely<any>) => createIndexes(db, INDEXES);
export const down = (db: Kysely<any>) => dropIndexes(db, INDEXES);
