import type { Kysely } from 'kysely';
import { createTable } from './_table';

// Layanan (type 'service'): the kecamatan's public services. content_items.type is a varchar(16),
// so the new type needs no change there. Requirements and steps are one entry per line; cost is
// whole rupiah, 0 meaning free (never NULL).
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'service_details')
    .addColumn('item_id', 'integer', (c) => c.primaryKey().references('content_items.id').onDelete('cascade'))
    .addColumn('audience', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('requirements', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('duration', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('cost', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_note', 'varchar(150)', (c) => c.notNull().defaultTo(''))
    .addColumn('place', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('contact', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_details').execute();
}
