import session from 'express-session';
import type { ExpressionBuilder, Kysely, SelectExpression } from 'kysely';
import { compiledQuery } from '../db/compiled';
import type { Database } from '../db/schema';
import { fromDbDate, nowUtc, toDbDate } from '../db/time';
import { isDatabaseUnavailable } from '../db/errors';

/**
 * The user a session names, read in the same statement as the session (one query where there were
 * two): the columns to select (of `users`, joined on `sessions.user_id`), and where a request's
 * row goes for the deserializer (src/app.ts passes src/auth/session-user.ts).
 */
export interface UserRead {
  columns: (eb: ExpressionBuilder<Database, 'sessions' | 'users'>) => ReadonlyArray<SelectExpression<Database, 'sessions' | 'users'>>;
  keep: (req: object, row: Record<string, unknown> | null) => void;
}

// Read on every request that carries the session cookie: built and compiled once (src/db/compiled.ts).
const sessionRow = compiledQuery((d, v: { sid: string; now: string }) => d.selectFrom('sessions').select(['data', 'expires_at']).where('sid', '=', v.sid).where('expires_at', '>', v.now));

/** A session's data carries its user's row to createSession under a symbol key, which is never stored. */
const USER_READ = Symbol('user read with the session');
/** And whether its expiry is due to move (see ROLL_STEP_MS), also under a symbol key. */
const ROLL_DUE = Symbol('expiry due to move');
type Loaded = session.SessionData & { [USER_READ]?: Record<string, unknown> | null; [ROLL_DUE]?: boolean };

/** Emitted with the session id as the store starts and ends a write or delete of it (src/http/session-read.ts forgets its read). */
export const SESSION_CHANGED = 'session changed';

/** A stored session as `read` returns it. */
export interface SessionRead {
  data: session.SessionData;
  user: Record<string, unknown> | null;
  rollDue: boolean;
}

type Callback = (err?: unknown, data?: session.SessionData | null) => void;
const DEFAULT_TTL_MS = 12 * 3600_000;
/**
 * A session's expiry (its row's and its cookie's) moves forward only once it would move by more
 * than this, so a logged-in reader's every response is neither a write nor a new signed cookie.
 */
export const ROLL_STEP_MS = 5 * 60_000;

/**
 * Sessions in the database through Kysely, so every instance shares them on both dialects.
 * The user id is its own column: disabling a user deletes their sessions at once.
 */
export class KyselySessionStore extends session.Store {
  /** A session whose expiry is due to move, with its content as read (see set). */
  private readonly rolling = new WeakMap<object, string>();
  private readonly sessionWithUser?: (v: { sid: string; now: string }) => Promise<Array<Record<string, unknown> & { data: string; expires_at: string; user_id_read: number | null }>>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly userRead?: UserRead,
  ) {
    super();
    if (!userRead) return;
    const query = compiledQuery((d, v: { sid: string; now: string }) =>
      d
        .selectFrom('sessions')
        .leftJoin('users', 'users.id', 'sessions.user_id')
        .select((eb) => ['sessions.data', 'sessions.expires_at', 'users.id as user_id_read', ...userRead.columns(eb)])
        .where('sessions.sid', '=', v.sid)
        .where('sessions.expires_at', '>', v.now),
    );
    this.sessionWithUser = (v) => query(db, v) as never;
  }

  /**
   * A session as stored, with its user's row when the store reads users (null: no such user) and
   * whether its expiry is due to move; null when there is no such session or it has expired.
   */
  async read(sid: string): Promise<SessionRead | null> {
    const now = nowUtc();
    const [row] = this.sessionWithUser ? await this.sessionWithUser({ sid, now }) : await sessionRow(this.db, { sid, now });
    if (!row) return null;
    const data = JSON.parse(row.data) as session.SessionData;
    const maxAge = data.cookie?.originalMaxAge;
    const rollDue = typeof maxAge === 'number' && Date.now() + maxAge - fromDbDate(String(row.expires_at)).getTime() > ROLL_STEP_MS;
    const user = this.userRead && 'user_id_read' in row && row.user_id_read !== null ? row : null;
    return { data, user, rollDue };
  }

  override get(sid: string, cb: Callback): void {
    this.read(sid).then((read) => {
      if (!read) return cb(null, null);
      const data = read.data as Loaded;
      data[ROLL_DUE] = read.rollDue;
      if (this.userRead) data[USER_READ] = read.user;
      cb(null, data);
    }, cb);
  }

  /**
   * Hands the user row read with the session to this request's deserializer. A session whose expiry
   * is due to move is changed after express-session took its hash, so that it is saved (its row's
   * new expiry) and its cookie set again (rolling is off: src/app.ts).
   */
  override createSession(req: Parameters<session.Store['createSession']>[0], sess: Loaded): session.Session & session.SessionData {
    if (USER_READ in sess) this.userRead?.keep(req, sess[USER_READ] ?? null);
    const due = sess[ROLL_DUE];
    const created = super.createSession(req, sess);
    if (due) {
      this.rolling.set(created, contentOf(created));
      created.rolledAt = Date.now();
    }
    return created;
  }

  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    const done = this.announced(sid, cb);
    const expires_at = expiry(sess);
    // A roll that changed nothing else moves the row's expiry alone: writing the whole session as
    // this request read it would drop what another request of the session stored meanwhile (a
    // flash message). A row deleted meanwhile (logout) stays deleted.
    const loaded = this.rolling.get(sess);
    if (loaded !== undefined && contentOf(sess) === loaded) {
      this.db
        .updateTable('sessions')
        .set({ expires_at })
        .where('sid', '=', sid)
        .execute()
        .then(
          () => done(),
          (err) => done(unlessUnavailable(err)),
        );
      return;
    }
    const data = JSON.stringify(sess);
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
      () => done(),
      (err) => done(unlessUnavailable(err)),
    );
  }

  /** Announces a write of `sid` as it starts and once it is done: a read of it in between is not kept (src/http/session-read.ts). */
  private announced(sid: string, cb?: Callback): Callback {
    this.emit(SESSION_CHANGED, sid);
    return (err) => {
      this.emit(SESSION_CHANGED, sid);
      cb?.(err);
    };
  }

  override destroy(sid: string, cb?: Callback): void {
    const done = this.announced(sid, cb);
    this.db
      .deleteFrom('sessions')
      .where('sid', '=', sid)
      .execute()
      .then(
        () => done(),
        (err) => done(err),
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

/** What a session holds besides its cookie and the mark of its last roll. */
function contentOf(sess: session.SessionData): string {
  return JSON.stringify(sess, function (this: unknown, key, value: unknown) {
    return this === sess && (key === 'cookie' || key === 'rolledAt') ? undefined : value;
  });
}

function expiry(sess: session.SessionData): string {
  const expires = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + DEFAULT_TTL_MS);
  return toDbDate(expires);
}

function userIdOf(sess: session.SessionData): number | null {
  const user = (sess as { passport?: { user?: { id?: unknown } } }).passport?.user;
  return typeof user?.id === 'number' ? user.id : null;
}
