import type { Kysely } from 'kysely';
import { isMysql } from './_table';

// The kecamatan's published items in id order (src/modules/portal/sitemap.routes.ts): the first and
// last published id are one seek each, and a sitemap child (an id range) is one bounded range scan
// that reads only this kecamatan's published rows, whatever the history and other kecamatan hold.
const NAME = 'content_items_public_id_idx';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex(NAME).on('content_items').columns(['district_id', 'status', 'deleted_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const drop = db.schema.dropIndex(NAME);
  await (isMysql(db) ? drop.on('content_items') : drop).execute();
}
