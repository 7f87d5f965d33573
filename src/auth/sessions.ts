import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

const endedListeners = new Set<(userId: number) => void>();

/** Tells `listener`, in this process, of each user whose sessions were just ended (src/http/session-read.ts forgets their kept reads). */
export function onSessionsEnded(listener: (userId: number) => void): void {
  endedListeners.add(listener);
}

/** Ends every session of a user; the caller's own may then be renewed with the new epoch. */
export async function endSessionsOfUser(db: Kysely<Database>, userId: number): Promise<number> {
  await db
    .updateTable('users')
    .set((eb) => ({ session_epoch: eb('session_epoch', '+', 1) }))
    .where('id', '=', userId)
    .execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  for (const listener of endedListeners) listener(userId);
  const row = await db.selectFrom('users').select('session_epoch').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.session_epoch;
}
