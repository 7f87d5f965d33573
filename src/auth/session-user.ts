import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { SessionUser } from '../domain/context';
import { type TwoFactorRow, twoFactorColumns, twoFactorStateOf } from './two-factor-policy';

export const USER_COLUMNS = ['id', 'district_id', 'village_id', 'username', 'name', 'role', 'must_change_password', 'session_epoch'] as const;

// The operator's village review mode is part of their ability, so it is loaded with them.
const reviewFlag = (eb: ExpressionBuilder<Database, 'users'>) =>
  eb.selectFrom('villages').select('villages.review_required').whereRef('villages.id', '=', 'users.village_id').as('village_review_required');

/** What a request needs of its user, besides the columns: the review mode and the second factor's state. */
export const userExtras = (eb: ExpressionBuilder<Database, 'users'>) => [reviewFlag(eb), ...twoFactorColumns(eb)] as const;

export type UserRow = Omit<SessionUser, 'village_review_required'> & { village_review_required: number | null; disabled_at: string | null } & TwoFactorRow;

/** The user as a request sees them, while the account is enabled and `epoch` is still its epoch. */
export function userIfCurrent(row: UserRow | undefined, epoch: number): Express.User | undefined {
  if (!row || row.disabled_at || row.session_epoch !== epoch) return undefined;
  return userOf(row);
}

export function userOf(row: Omit<UserRow, 'disabled_at'>): Express.User {
  return {
    id: row.id,
    district_id: row.district_id,
    village_id: row.village_id,
    username: row.username,
    name: row.name,
    role: row.role,
    must_change_password: row.must_change_password,
    session_epoch: row.session_epoch,
    village_review_required: Number(row.village_review_required ?? 0),
    two_factor: twoFactorStateOf(row),
  };
}

// The user row read in the same statement as the session (src/http/session-store.ts), for the
// request whose session it is: passport's deserializer then needs no read of its own.
const readWithSession = new WeakMap<object, UserRow | null>();

/** For the session store (src/http/session-store.ts, wired in src/app.ts): the user's columns, read with the session. */
export const userReadWithSession = {
  columns: (eb: ExpressionBuilder<Database, 'sessions' | 'users'>) => [
    ...USER_COLUMNS.map((c) => `users.${c}` as const),
    'users.disabled_at' as const,
    ...userExtras(eb as unknown as ExpressionBuilder<Database, 'users'>),
  ],
  keep: (req: object, row: Record<string, unknown> | null) => readWithSession.set(req, row as UserRow | null),
};

/** What passport keeps of a login in the session (src/auth/passport.ts serializeUser), if it is that. */
export function storedLogin(stored: unknown): { id: number; epoch: number } | null {
  const { id, epoch } = (stored ?? {}) as { id?: unknown; epoch?: unknown };
  return typeof id === 'number' && typeof epoch === 'number' ? { id, epoch } : null;
}

/**
 * The user a session names, from the row read with it (src/http/session-read.ts), while the account
 * is current; undefined also when the session names no login or the row is not its user's.
 */
export function sessionUserOf(read: { data: object; user: Record<string, unknown> | null }): Express.User | undefined {
  const login = storedLogin((read.data as { passport?: { user?: unknown } }).passport?.user);
  const row = read.user as UserRow | null;
  return login && row && row.id === login.id ? userIfCurrent(row, login.epoch) : undefined;
}

/** The user row read with this request's session, if it was (null: the session names no user that exists). */
export function userReadWith(req: object): UserRow | null | undefined {
  return readWithSession.get(req);
}
