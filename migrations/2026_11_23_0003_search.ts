import { type Kysely, sql } from 'kysely';
import { isMysql } from './_table';

// Full-text search over content_items(title, summary, body_source), one branch per dialect:
// MySQL/MariaDB a FULLTEXT index (InnoDB); SQLite an FTS5 external-content table kept in sync by
// triggers (it stores only the index, the text stays in content_items). Read by src/modules/portal/search.ts.
const COLS = 'title, summary, body_source';

export async function up(db: Kysely<any>): Promise<void> {
  if (isMysql(db)) {
    await sql.raw(`ALTER TABLE content_items ADD FULLTEXT INDEX content_items_fulltext (${COLS})`).execute(db);
    return;
  }
  await sql.raw(`CREATE VIRTUAL TABLE content_search USING fts5(${COLS}, content='content_items', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`).execute(db);
  const insertNew = `INSERT INTO content_search(rowid, ${COLS}) VALUES (new.id, new.title, new.summary, new.body_source);`;
  const deleteOld = `INSERT INTO content_search(content_search, rowid, ${COLS}) VALUES ('delete', old.id, old.title, old.summary, old.body_source);`;
  await sql.raw(`CREATE TRIGGER content_search_ai AFTER INSERT ON content_items BEGIN ${insertNew} END`).execute(db);
  await sql.raw(`CREATE TRIGGER content_search_ad AFTER DELETE ON content_items BEGIN ${deleteOld} END`).execute(db);
  // Only text changes touch the index; status changes (publish, trash) are filtered at query time.
  await sql.raw(`CREATE TRIGGER content_search_au AFTER UPDATE OF ${COLS} ON content_items BEGIN ${deleteOld} ${insertNew} END`).execute(db);
  // Index the rows that existed before this migration.
  await sql.raw(`INSERT INTO content_search(content_search) VALUES ('rebuild')`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isMysql(db)) {
    await sql.raw('ALTER TABLE content_items DROP INDEX content_items_fulltext').execute(db);
    return;
  }
  for (const t of ['content_search_ai', 'content_search_ad', 'content_search_au']) await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db);
  await sql.raw('DROP TABLE IF EXISTS content_search').execute(db);
}
