import { type Kysely, sql } from 'kysely';
import { createTable } from './_table';

// Aggregates of the public content, kept exact by src/modules/content/aggregates.ts in the same
// transaction as every change, so the portal's counts and totals read a few rows per village
// instead of every item. village_key is the village id, 0 for the kecamatan itself (a NULL in a
// primary key would not dedupe).
//
// published_counts: published items per (village, type, potensi category or ''). The row of type
// '' counts every type of the village and holds its latest published_at.
// project_totals: the pembangunan dashboard's budget totals per (village, fiscal year, status).
// Each project has "lines": one per funding source with an amount, plus a '' line with its total.
// For every pair of its lines (f, b) the project adds 1 to `projects` and b's amount to `amount` of
// the row (filter_source = f, source = b). So filter_source '' holds the unfiltered totals, and
// filter_source S the totals of the projects funded by S (the ?sumber=S filter); source '' rows
// count the projects and hold their whole budget (the totals by village).
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'published_counts')
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('village_key', 'integer', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('category', 'varchar(30)', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull())
    .addColumn('last_published_at', 'datetime')
    .addPrimaryKeyConstraint('published_counts_pk', ['district_id', 'village_key', 'type', 'category'])
    .execute();
  await createTable(db, 'project_totals')
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('filter_source', 'varchar(24)', (c) => c.notNull())
    .addColumn('village_key', 'integer', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('project_status', 'varchar(10)', (c) => c.notNull())
    .addColumn('source', 'varchar(24)', (c) => c.notNull())
    .addColumn('projects', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_totals_pk', ['district_id', 'filter_source', 'village_key', 'fiscal_year', 'project_status', 'source'])
    .execute();
  await backfill(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('project_totals').execute();
  await db.schema.dropTable('published_counts').execute();
}

const PUBLIC = `ci.status = 'published' AND ci.deleted_at IS NULL`;
// A project's lines: its budgets with an amount, and a '' line holding its total.
const LINES = `(SELECT item_id, source, amount FROM project_budgets WHERE amount > 0
  UNION ALL SELECT pd.item_id, '', COALESCE((SELECT SUM(pb.amount) FROM project_budgets pb WHERE pb.item_id = pd.item_id AND pb.amount > 0), 0) FROM project_details pd)`;

/** Recounts both aggregates from the content (empties them first). Plain SQL that both dialects run. */
export async function backfill(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('published_counts').execute();
  await db.deleteFrom('project_totals').execute();
  await sql
    .raw(
      `INSERT INTO published_counts (district_id, village_key, type, category, items, last_published_at)
      SELECT ci.district_id, COALESCE(ci.village_id, 0), ci.type, COALESCE(pt.category, ''), COUNT(*), NULL
      FROM content_items ci LEFT JOIN potential_details pt ON pt.item_id = ci.id AND ci.type = 'potential'
      WHERE ${PUBLIC} GROUP BY ci.district_id, COALESCE(ci.village_id, 0), ci.type, COALESCE(pt.category, '')`,
    )
    .execute(db);
  await sql
    .raw(
      `INSERT INTO published_counts (district_id, village_key, type, category, items, last_published_at)
      SELECT ci.district_id, COALESCE(ci.village_id, 0), '', '', COUNT(*), MAX(ci.published_at)
      FROM content_items ci WHERE ${PUBLIC} GROUP BY ci.district_id, COALESCE(ci.village_id, 0)`,
    )
    .execute(db);
  await sql
    .raw(
      `INSERT INTO project_totals (district_id, filter_source, village_key, fiscal_year, project_status, source, projects, amount)
      SELECT ci.district_id, f.source, COALESCE(ci.village_id, 0), pd.fiscal_year, pd.project_status, b.source, COUNT(*), SUM(b.amount)
      FROM content_items ci
      JOIN project_details pd ON pd.item_id = ci.id
      JOIN ${LINES} f ON f.item_id = ci.id
      JOIN ${LINES} b ON b.item_id = ci.id
      WHERE ci.type = 'project' AND ${PUBLIC}
      GROUP BY ci.district_id, f.source, COALESCE(ci.village_id, 0), pd.fiscal_year, pd.project_status, b.source`,
    )
    .execute(db);
}
