import type { Kysely } from 'kysely';

// A kecamatan the install's host suspended (src/modules/districts/suspension.ts): while set, its
// public site answers 503 with a maintenance page; its staff still log in and work.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('districts').addColumn('suspended_at', 'datetime').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('districts').dropColumn('suspended_at').execute();
}
