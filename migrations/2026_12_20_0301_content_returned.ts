import type { Kysely } from 'kysely';

// When the camat office last returned an item (src/modules/content/workflow.ts). Until a reviewer
// approves it, the item goes live only through review, whatever its village's review mode.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('content_items').addColumn('returned_at', 'datetime').execute();
  // Items waiting in 'returned' before this column existed stay under review too.
  await db
    .updateTable('content_items')
    .set((eb) => ({ returned_at: eb.ref('updated_at') }))
    .where('status', '=', 'returned')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('content_items').dropColumn('returned_at').execute();
}
