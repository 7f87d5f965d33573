import type { Kysely } from 'kysely';
import { type IndexList, createIndexes, createTable } from './_table';

const INDEXES: IndexList = [
  // The list, newest first, and the unread count of the navigation: both ranges of one user.
  ['notifications_user_idx', 'notifications', ['user_id', 'id']],
  ['notifications_unread_idx', 'notifications', ['user_id', 'read_at']],
  // The outbox: mails still to send.
  ['notifications_mail_idx', 'notifications', ['mail_state', 'mail_next_at']],
];

export async function up(db: Kysely<any>): Promise<void> {
  // Where mail goes and how often ('each', 'digest' or 'none').
  await db.schema.alterTable('users').addColumn('email', 'varchar(254)').execute();
  await db.schema
    .alterTable('users')
    .addColumn('notify_mode', 'varchar(8)', (c) => c.notNull().defaultTo('each'))
    .execute();

  // One row per recipient. The title and village name are copied at the time, so the sentence still
  // reads after the item is renamed or purged. `dedupe_key` (unique, null for most rows) makes an
  // announcement that two instances may both decide to make land once.
  await createTable(db, 'notifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('item_id', 'integer')
    .addColumn('item_type', 'varchar(16)')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('village_name', 'varchar(100)')
    .addColumn('path', 'varchar(255)', (c) => c.notNull())
    .addColumn('actor_name', 'varchar(100)')
    .addColumn('note', 'text')
    .addColumn('dedupe_key', 'varchar(120)', (c) => c.unique())
    .addColumn('read_at', 'datetime')
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    // 'none' (no mail), 'each' (to send on its own), 'digest' (in the next daily digest), 'sending', 'sent'.
    .addColumn('mail_state', 'varchar(8)', (c) => c.notNull().defaultTo('none'))
    .addColumn('mail_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mail_next_at', 'datetime')
    .execute();
  await createIndexes(db, INDEXES);

  // A job that must run once (a kecamatan's quiet check of the day, a user's digest of the day):
  // whoever inserts the key first does it.
  await createTable(db, 'notification_runs')
    .addColumn('run_key', 'varchar(120)', (c) => c.primaryKey())
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_runs').execute();
  // Its indexes go with the table (MySQL refuses to drop one a foreign key relies on first).
  await db.schema.dropTable('notifications').execute();
  await db.schema.alterTable('users').dropColumn('notify_mode').execute();
  await db.schema.alterTable('users').dropColumn('email').execute();
}
