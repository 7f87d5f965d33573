import session from 'express-session';
import type { Kysely } from 'kysely';
import { compiledQuery } from '../db/compiled';
import type { Database } from '../db/schema';
import { fromDbDate, nowUtc, toDbDate } from '../db/time';
import { isDatabaseUnavailable } from '../db/errors';

// Read on every request that carries the session cookie: built and compiled once (src/db/compiled.ts).
const sessionRow = compiledQuery((d, v: { sid: string; now: string }) => d.selectFrom('sessions').select(['data', 'expires_at']).where('sid', '=', v.sid).where('expires_at', '>', v.now));

type Callback = (err?: unknown, data?: session.SessionData | null) => void;
const DEFAULT_TTL_MS = 12 * 3600_000;
/** A rolling session's expiry is written again only once it would move by more than this. */
export const TOUCH_STEP_MS = 5 * 60_000;
const REMEMBERED = 10_000;

/**
 * Sessions in the database through Kysely, so every instance shares them on both dialects.
 * The user id is its own column: disabling a user deletes their sessions at once.
 */
export class KyselySessionStore extends session.Store {
  /**
   * The expiry each recently read session has in the database (ms), so that a logged-in reader's
   * every request is not also a write: express-session touches a rolling session on each response.
   */
  private readonly storedExpiry = new Map<string, number>();

  constructor(private readonly db: Kysely<Database>) {
    super();
  }

  private remember(sid: string, expiresAt: string) {
    this.storedExpiry.delete(sid);
    if (this.storedExpiry.size >= REMEMBERED) this.storedExpiry.delete(this.storedExpiry.keys().next().value as string);
    this.storedExpiry.set(sid, fromDbDate(expiresAt).getTime());
  }

  override get(sid: string, cb: Callback): void {
    sessionRow(this.db, { sid, now: nowUtc() }).then(([row]) => {
      if (row) this.remember(sid, String(row.expires_at));
      cb(null, row ? JSON.parse(row.data) : null);
    }, cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    const data = JSON.stringify(sess);
    const expires_at = expiry(sess);
    const user_id = userIdOf(sess);
    const update = () => this.db.updateTable('sessions').set({ data, expires_at, user_id }).where('sid', '=', sid).executeTakeFirst();
    // Update, else insert; a concurrent insert of the same new sid loses the race and updates.
    const save = async () => {
      if (Number((await update()).numUpdatedRows) > 0) return;
      try {
        await this.db.insertInto('sessions').values({ sid, data, expires_at, user_id }).execute();
      } catch (err) {
        if (Number((await update()).numUpdatedRows) === 0) throw err;
      }
    };
    save().then(
      () => (this.remember(sid, expires_at), cb?.()),
      (err) => cb?.(unlessUnavailable(err)),
    );
  }

  /** Extends the expiry, in steps of TOUCH_STEP_MS: the session may end up to that much before its cookie says. */
  override touch(sid: string, sess: session.SessionData, cb?: Callback): void {
    const expires_at = expiry(sess);
    const stored = this.storedExpiry.get(sid);
    if (stored !== undefined && fromDbDate(expires_at).getTime() - stored < TOUCH_STEP_MS) return void cb?.();
    this.db
      .updateTable('sessions')
      .set({ expires_at })
      .where('sid', '=', sid)
      .execute()
      .then(
        () => (this.remember(sid, expires_at), cb?.()),
        (err) => cb?.(unlessUnavailable(err)),
      );
  }

  override destroy(sid: string, cb?: Callback): void {
    this.storedExpiry.delete(sid);
    this.db
      .deleteFrom('sessions')
      .where('sid', '=', sid)
      .execute()
      .then(
        () => cb?.(),
        (err) => cb?.(err),
      );
  }
}

/**
 * express-session saves a session after the response was written; an error then reaches no error
 * page and only cuts the connection. With the database down, the 503 page must still arrive: the
 * session stays as it was last stored (its expiry not extended, a new flash not kept).
 */
function unlessUnavailable(err: unknown): unknown {
  return isDatabaseUnavailable(err) ? undefined : err;
}

function expiry(sess: session.SessionData): string {
  const expires = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + DEFAULT_TTL_MS);
  return toDbDate(expires);
}

function userIdOf(sess: session.SessionData): number | null {
  const user = (sess as { passport?: { user?: { id?: unknown } } }).passport?.user;
  return typeof user?.id === 'number' ? user.id : null;
}
