import type { Kysely } from 'kysely';
import { createTable } from './_table';

// The kecamatan's face on its public site, edited by the camat office under /admin/pengaturan/identitas
// (src/modules/settings/identity.service.ts): one row per kecamatan, absent until first saved. The
// images are media rows of the kecamatan (village_id null); empty text means "not set".
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'district_identity')
    .addColumn('district_id', 'integer', (c) => c.primaryKey().references('districts.id').onDelete('cascade'))
    .addColumn('logo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('hero_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('camat_photo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('camat_name', 'varchar(120)', (c) => c.notNull().defaultTo(''))
    .addColumn('welcome_source', 'text', (c) => c.notNull())
    .addColumn('address', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('hours', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'varchar(20)', (c) => c.notNull().defaultTo(''))
    .addColumn('whatsapp', 'varchar(20)', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'varchar(120)', (c) => c.notNull().defaultTo(''))
    // One https:// address per line.
    .addColumn('social_links', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'datetime', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('district_identity').execute();
}
