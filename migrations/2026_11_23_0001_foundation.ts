import type { Kysely } from 'kysely';
import { createTable } from './_table';

export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'districts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('code', 'varchar(8)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('regency_code', 'varchar(5)', (c) => c.notNull())
    .addColumn('regency_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('province_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('timezone', 'varchar(4)', (c) => c.notNull())
    .addColumn('content_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addColumn('updated_at', 'datetime', (c) => c.notNull())
    .execute();

  await createTable(db, 'district_hosts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('host', 'varchar(253)', (c) => c.notNull().unique())
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .execute();

  await createTable(db, 'villages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('code', 'varchar(13)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('slug', 'varchar(100)', (c) => c.notNull())
    .addColumn('kind', 'varchar(9)', (c) => c.notNull())
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addColumn('updated_at', 'datetime', (c) => c.notNull())
    .addUniqueConstraint('villages_district_slug_uq', ['district_id', 'slug'])
    .execute();

  await createTable(db, 'users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('district_id', 'integer', (c) => c.references('districts.id').onDelete('cascade'))
    .addColumn('village_id', 'integer', (c) => c.references('villages.id').onDelete('set null'))
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('session_epoch', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', 'datetime')
    .addColumn('last_login_at', 'datetime')
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .addColumn('updated_at', 'datetime', (c) => c.notNull())
    .addUniqueConstraint('users_district_username_uq', ['district_id', 'username'])
    .execute();
  await db.schema.createIndex('users_village_idx').on('users').column('village_id').execute();

  await createTable(db, 'sessions')
    .addColumn('sid', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'datetime', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await createTable(db, 'audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('district_id', 'integer', (c) => c.references('districts.id').onDelete('cascade'))
    .addColumn('village_id', 'integer', (c) => c.references('villages.id').onDelete('set null'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('username', 'varchar(64)')
    .addColumn('role', 'varchar(20)')
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(32)')
    .addColumn('target_id', 'varchar(64)')
    .addColumn('detail', 'text')
    .addColumn('ip', 'varchar(45)')
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_district_created_idx').on('audit_log').columns(['district_id', 'created_at']).execute();

  await createTable(db, 'login_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ip', 'varchar(45)', (c) => c.notNull())
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'created_at']).execute();
  await db.schema.createIndex('login_attempts_user_ip_idx').on('login_attempts').columns(['username', 'ip', 'created_at']).execute();

  await createTable(db, 'setup_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'datetime', (c) => c.notNull())
    .execute();

  await createTable(db, 'app_settings')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['app_settings', 'setup_tokens', 'login_attempts', 'audit_log', 'sessions', 'users', 'villages', 'district_hosts', 'districts']) {
    await db.schema.dropTable(t).execute();
  }
}
