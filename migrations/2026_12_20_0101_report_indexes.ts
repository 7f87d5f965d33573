import type { Kysely } from 'kysely';
import { type IndexList, createIndexes, dropIndexes } from './_table';

// Indexes of the monthly report (src/modules/report/report.queries.ts), each a range over one month:
// - audit_log district_action: a kecamatan's operator logins and review decisions of a month
//   (audit_district_created_idx would read every entry of the month, page views of the audit log,
//   uploads and edits included).
// - audit_log action: the same for the whole install.
// - content_items published_month: the install's items first published in a month, by kecamatan and
//   type without reading the rows (a kecamatan's own use content_items_public_newest_idx).
const INDEXES: IndexList = [
  ['audit_district_action_idx', 'audit_log', ['district_id', 'action', 'created_at']],
  ['audit_action_created_idx', 'audit_log', ['action', 'created_at']],
  ['content_items_published_month_idx', 'content_items', ['status', 'deleted_at', 'published_at', 'district_id', 'type']],
];

export const up = (db: Kysely<any>) => createIndexes(db, INDEXES);
export const down = (db: Kysely<any>) => dropIndexes(db, INDEXES);
