import type { Kysely } from 'kysely';
import { type IndexList, createIndexes, dropIndexes, isMysql } from './_table';

// The audit log (src/modules/audit/audit.queries.ts) walks entries newest id first, narrowed by
// kecamatan, village or user: each narrowing has an index that ends in the id, so a page is one
// bounded range scan whatever the log holds. The action filter reads the monthly report's
// audit_district_action_idx (migrations/2026_12_20_0101_report_indexes.ts).
const INDEXES: IndexList = [['audit_district_id_idx', 'audit_log', ['district_id', 'id']]];
// InnoDB already has these: the index of each foreign key, to which it appends the primary key.
// SQLite indexes no foreign key by itself.
const SQLITE_ONLY: IndexList = [
  ['audit_village_id_idx', 'audit_log', ['village_id', 'id']],
  ['audit_user_id_idx', 'audit_log', ['user_id', 'id']],
];

const indexesOf = (db: Kysely<any>) => (isMysql(db) ? INDEXES : [...INDEXES, ...SQLITE_ONLY]);

export const up = (db: Kysely<any>) => createIndexes(db, indexesOf(db));
export const down = (db: Kysely<any>) => dropIndexes(db, indexesOf(db));
