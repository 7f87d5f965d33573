import { type Kysely, sql } from 'kysely';
import { type IndexList, createIndexes, createTable, dropIndexes } from './_table';

const INDEXES: IndexList = [['login_attempts_user_idx', 'login_attempts', ['user_id', 'kind', 'created_at']]];

export async function up(db: Kysely<any>): Promise<void> {
  // One row per user who started enrolment. `secret` is the active one (null: no second factor);
  // `pending_secret` waits for its first code and never logs anyone in. `last_step` is the last
  // accepted time step, so a code is used at most once.
  await createTable(db, 'user_totp')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'varchar(64)')
    .addColumn('pending_secret', 'varchar(64)')
    .addColumn('pending_at', 'datetime')
    .addColumn('last_step', 'integer')
    .addColumn('enabled_at', 'datetime')
    .execute();

  await createTable(db, 'recovery_codes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('used_at', 'datetime')
    .addUniqueConstraint('recovery_codes_user_hash_uq', ['user_id', 'code_hash'])
    .execute();

  // IPs each account has completed a login from: exempt from the account-wide slowdown.
  await createTable(db, 'login_known_ips')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('ip', 'varchar(45)', (c) => c.notNull())
    .addColumn('last_login_at', 'datetime', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_known_ips_pk', ['user_id', 'ip'])
    .execute();

  // Failures now say what was guessed (a password or a code) and, when the account exists, whose.
  await db.schema
    .alterTable('login_attempts')
    .addColumn('kind', 'varchar(8)', (c) => c.notNull().defaultTo('password'))
    .execute();
  await db.schema.alterTable('login_attempts').addColumn('user_id', 'integer').execute();
  await createIndexes(db, INDEXES);

  // A kecamatan created from now on requires the second factor of its camat office; the ones that
  // exist keep logging in as before until their camat office turns it on in the settings.
  await db.schema
    .alterTable('districts')
    .addColumn('two_factor_admins', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('districts')
    .addColumn('two_factor_operators', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update districts set two_factor_admins = 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('districts').dropColumn('two_factor_operators').execute();
  await db.schema.alterTable('districts').dropColumn('two_factor_admins').execute();
  await dropIndexes(db, INDEXES);
  await db.schema.alterTable('login_attempts').dropColumn('user_id').execute();
  await db.schema.alterTable('login_attempts').dropColumn('kind').execute();
  for (const t of ['login_known_ips', 'recovery_codes', 'user_totp']) await db.schema.dropTable(t).execute();
}
