import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import type { Page } from '../../lib/pagination';

// Every read and write here is the signed-in user's own: the WHERE names user_id, so another
// user's notification is out of reach by id.

/** One page of the user's notifications, newest first (one more row tells whether a next page exists). */
export async function listNotifications(db: Kysely<Database>, userId: number, page: Page) {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'village_name', 'actor_name', 'note', 'path', 'read_at', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(page.perPage + 1)
    .offset(page.offset)
    .execute();
  return { rows: rows.slice(0, page.perPage), hasNext: rows.length > page.perPage };
}

/** The unread count of the navigation: a range of the (user_id, read_at) index. */
export async function unreadCount(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
export async function markRead(db: Kysely<Database>, userId: number, id: number): Promise<boolean> {
  const mine = await db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!mine) return false;
  await db.updateTable('notifications').set({ read_at: nowUtc() }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  return true;
}

export async function markAllRead(db: Kysely<Database>, userId: number): Promise<void> {
  await db.updateTable('notifications').set({ read_at: nowUtc() }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}
