import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Ends every session of a user; the caller's own may then be renewed with the new epoch. */
export async function endSessionsOfUser(db: Kysely<Database>, userId: number): Promise<number> {
  await db
    .updateTable('users')
    .set((eb) => ({ session_epoch: eb('session_epoch', '+', 1) }))
    .where('id', '=', userId)
    .execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  const row = await db.selectFrom('users').select('session_epoch').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.session_epoch;
}
