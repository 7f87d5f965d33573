import type { Kysely } from 'kysely';
import { type IndexList, createIndexes, createTable } from './_table';

const INDEXES: IndexList = [['village_reminders_village_idx', 'village_reminders', ['district_id', 'village_id', 'id']]];

export async function up(db: Kysely<any>): Promise<void> {
  // A user's WhatsApp number in the 62… form (src/modules/content/fields.ts normaliseWhatsapp).
  await db.schema.alterTable('users').addColumn('whatsapp', 'varchar(20)').execute();

  // Each "Ingatkan lewat WhatsApp" the camat office sent from the dashboard: to whom, by whom, when.
  await createTable(db, 'village_reminders')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id').onDelete('cascade'))
    .addColumn('operator_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('sent_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('sent_at', 'datetime', (c) => c.notNull())
    .execute();
  await createIndexes(db, INDEXES);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Dropping the table drops its index (on MySQL the index also serves the district's foreign key).
  await db.schema.dropTable('village_reminders').execute();
  await db.schema.alterTable('users').dropColumn('whatsapp').execute();
}
