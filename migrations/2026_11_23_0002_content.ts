import type { Kysely } from 'kysely';
import { createTable } from './_table';

// Village sections: content items with typed detail tables, revisions, media and profiles.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('villages')
    .addColumn('review_required', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // One term per line; null means the built-in default list.
  await db.schema.alterTable('districts').addColumn('blocked_terms', 'text').execute();

  await createTable(db, 'media')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('village_id', 'integer', (c) => c.references('villages.id').onDelete('cascade'))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('original_name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('alt', 'varchar(250)', (c) => c.notNull().defaultTo(''))
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('storage_id', 'varchar(32)', (c) => c.notNull().unique())
    // The stored variants ({key, variant, format, width, height, bytes}[]), written once, never queried.
    .addColumn('files', 'text', (c) => c.notNull())
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addColumn('deleted_at', 'datetime')
    .execute();
  await db.schema.createIndex('media_scope_idx').on('media').columns(['district_id', 'village_id']).execute();

  await createTable(db, 'content_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('village_id', 'integer', (c) => c.references('villages.id').onDelete('cascade'))
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('slug', 'varchar(120)', (c) => c.notNull())
    .addColumn('summary', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    // What the author typed (Markdown) and the sanitized HTML shown to readers.
    .addColumn('body_source', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('cover_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('cover_alt', 'varchar(250)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('review_note', 'text')
    .addColumn('spam_matches', 'varchar(500)')
    // An edit of a published item waiting for review; the live columns stay as they are.
    .addColumn('pending_revision_id', 'integer')
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('published_at', 'datetime')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addColumn('updated_at', 'datetime', (c) => c.notNull())
    .addColumn('deleted_at', 'datetime')
    .addColumn('deleted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('content_items_slug_uq', ['district_id', 'type', 'slug'])
    .execute();
  await db.schema.createIndex('content_items_listing_idx').on('content_items').columns(['district_id', 'type', 'status', 'published_at']).execute();
  await db.schema.createIndex('content_items_village_idx').on('content_items').columns(['village_id', 'type']).execute();

  await createTable(db, 'content_revisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    // A snapshot of every editable field (common and type-specific), for history and restore.
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('content_revisions_item_idx').on('content_revisions').columns(['item_id', 'id']).execute();

  await createTable(db, 'item_media')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('item_media_pk', ['item_id', 'media_id'])
    .execute();

  await createTable(db, 'product_details')
    .addColumn('item_id', 'integer', (c) => c.primaryKey().references('content_items.id').onDelete('cascade'))
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('unit', 'varchar(30)', (c) => c.notNull())
    .addColumn('seller_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('whatsapp', 'varchar(16)')
    .addColumn('category', 'varchar(40)', (c) => c.notNull())
    .addColumn('availability', 'varchar(16)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('product_details_price_idx').on('product_details').column('price').execute();

  await createTable(db, 'potential_details')
    .addColumn('item_id', 'integer', (c) => c.primaryKey().references('content_items.id').onDelete('cascade'))
    .addColumn('category', 'varchar(30)', (c) => c.notNull())
    .addColumn('location_text', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('contact', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('opening_hours', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .execute();

  await createTable(db, 'project_details')
    .addColumn('item_id', 'integer', (c) => c.primaryKey().references('content_items.id').onDelete('cascade'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('location_text', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('executor', 'varchar(150)', (c) => c.notNull().defaultTo(''))
    .addColumn('output_volume', 'varchar(150)', (c) => c.notNull().defaultTo(''))
    .addColumn('start_date', 'varchar(10)')
    .addColumn('target_date', 'varchar(10)')
    .addColumn('project_status', 'varchar(10)', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await createTable(db, 'project_budgets')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('source', 'varchar(24)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('project_budgets_item_source_uq', ['item_id', 'source'])
    .execute();

  await createTable(db, 'project_updates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('content_items.id').onDelete('cascade'))
    .addColumn('update_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addColumn('deleted_at', 'datetime')
    .execute();
  await db.schema.createIndex('project_updates_item_idx').on('project_updates').columns(['item_id', 'update_date']).execute();

  await createTable(db, 'project_update_media')
    .addColumn('update_id', 'integer', (c) => c.notNull().references('project_updates.id').onDelete('cascade'))
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('project_update_media_pk', ['update_id', 'media_id'])
    .execute();

  await createTable(db, 'event_details')
    .addColumn('item_id', 'integer', (c) => c.primaryKey().references('content_items.id').onDelete('cascade'))
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)')
    .addColumn('start_time', 'varchar(5)')
    .addColumn('end_time', 'varchar(5)')
    .addColumn('place', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .execute();

  await createTable(db, 'village_profiles')
    .addColumn('village_id', 'integer', (c) => c.primaryKey().references('villages.id').onDelete('cascade'))
    .addColumn('head_name', 'varchar(120)', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'varchar(250)', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'varchar(20)', (c) => c.notNull().defaultTo(''))
    .addColumn('whatsapp', 'varchar(16)')
    .addColumn('area_ha', 'double precision')
    .addColumn('population', 'integer')
    .addColumn('households', 'integer')
    .addColumn('population_as_of', 'varchar(10)')
    .addColumn('population_source', 'varchar(150)', (c) => c.notNull().defaultTo(''))
    .addColumn('population_entered_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('vision', 'text', (c) => c.notNull())
    .addColumn('mission', 'text', (c) => c.notNull())
    .addColumn('history', 'text', (c) => c.notNull())
    .addColumn('cover_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'datetime', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'village_profiles',
    'event_details',
    'project_update_media',
    'project_updates',
    'project_budgets',
    'project_details',
    'potential_details',
    'product_details',
    'item_media',
    'content_revisions',
    'content_items',
    'media',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable('districts').dropColumn('blocked_terms').execute();
  await db.schema.alterTable('villages').dropColumn('review_required').execute();
}
