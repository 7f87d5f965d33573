import type { Request } from 'express';
import type { Kysely } from 'kysely';
import { Passport } from 'passport';

export type PassportInstance = InstanceType<typeof Passport>;
import { Strategy as LocalStrategy } from 'passport-local';
import { compiledQuery } from '../db/compiled';
import type { Database } from '../db/schema';
import { nowUtc } from '../db/time';
import type { SessionUser } from '../domain/context';
import { t } from '../i18n';
import { ATTEMPTED_MAX, recordAudit } from '../audit/record';
import { USER_COLUMNS, type UserRow, storedLogin, userExtras, userIfCurrent, userOf, userReadWith } from './session-user';
import { burnVerify, verifyPassword } from './password';
import { clearFailures, recordFailure, rememberIp, throttleOf } from './throttle';

export function normaliseUsername(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 64) : '';
}

/** The account a login on this kecamatan may use: its own users, or a superadmin. */
async function findLoginUser(db: Kysely<Database>, districtId: number | null, username: string) {
  const rows = await db
    .selectFrom('users')
    .select((eb) => [...USER_COLUMNS, 'password_hash', 'disabled_at', ...userExtras(eb)])
    .where('username', '=', username)
    .where((eb) => eb.or([eb.and([eb('role', '=', 'superadmin'), eb('district_id', 'is', null)]), ...(districtId === null ? [] : [eb('district_id', '=', districtId)])]))
    .execute();
  return rows.find((r) => r.district_id !== null) ?? rows[0];
}

/** The name a failed login typed, for the audit log to show (escaped there, as any user text). */
const attempted = (username: string) => ({ attempted: username.slice(0, ATTEMPTED_MAX) });

export function createPassport(db: Kysely<Database>): PassportInstance {
  const passport = new Passport();

  passport.use(
    new LocalStrategy({ passReqToCallback: true }, async (req: Request, rawUsername, password, done) => {
      try {
        const username = normaliseUsername(rawUsername);
        const ip = req.ip ?? '';
        const districtId = req.district?.id ?? null;
        const user = await findLoginUser(db, districtId, username);
        const guess = { ip, username, userId: user?.id ?? null, kind: 'password' as const };
        const throttled = await throttleOf(db, guess);
        if (throttled) {
          await recordAudit(db, { action: 'login.throttled', districtId, username, ip, targetType: 'user', targetId: user?.id, detail: { scope: throttled.scope, ...attempted(username) } });
          return done(null, false, { message: t('login.throttled', { minutes: throttled.minutes }), throttled: true } as never);
        }
        const ok = user ? await verifyPassword(user.password_hash, String(password)) : (await burnVerify(String(password)), false);
        if (!user || !ok || user.disabled_at) {
          await recordFailure(db, guess);
          await recordAudit(db, { action: 'login.failed', districtId, username, ip, targetType: 'user', targetId: user?.id, detail: attempted(username) });
          return done(null, false, { message: t('login.failed') });
        }
        await clearFailures(db, guess);
        const sessionUser = userOf(user);
        // With a second factor the password only opens the code step (src/auth/auth.routes.ts).
        if (sessionUser.two_factor?.enabled) {
          await recordAudit(db, { action: 'login.password_ok', actor: sessionUser, districtId: districtId ?? user.district_id, ip, targetType: 'user', targetId: user.id });
        } else {
          await loginCompleted(db, sessionUser, { ip, districtId });
        }
        return done(null, sessionUser);
      } catch (err) {
        return done(err);
      }
    }),
  );

  // The session keeps the user's epoch too: bumping it ends every session, even one being saved right now.
  passport.serializeUser((user, done) => done(null, { id: (user as SessionUser).id, epoch: (user as SessionUser).session_epoch }));

  // Read fresh on every request, in the same statement as the session when it can be
  // (src/http/session-store.ts): a disabled or deleted account is logged out at once.
  passport.deserializeUser(async (req: Request, stored: unknown, done: (err: unknown, user?: Express.User | false) => void) => {
    try {
      const login = storedLogin(stored);
      if (!login) return done(null, false);
      const { id, epoch } = login;
      const read = userReadWith(req);
      const user = read && read.id === id ? userIfCurrent(read, epoch) : await loadUser(db, id, epoch);
      done(null, user ?? false);
    } catch (err) {
      done(err);
    }
  });

  return passport;
}

// Read for a user whose session did not bring them (the code step's pending login): built and compiled once (src/db/compiled.ts).
const userRow = compiledQuery((d, v: { id: number }) =>
  d
    .selectFrom('users')
    .select((eb) => [...USER_COLUMNS, 'disabled_at', ...userExtras(eb)])
    .where('id', '=', v.id),
);

/** The user as a request sees them, while the account is enabled and `epoch` is still its epoch. */
export async function loadUser(db: Kysely<Database>, id: number, epoch: number): Promise<Express.User | undefined> {
  const [row] = await userRow(db, { id });
  return userIfCurrent(row as UserRow | undefined, epoch);
}

/** The bookkeeping of a complete login: last login time, the IP remembered, the audit row. */
export async function loginCompleted(db: Kysely<Database>, user: SessionUser, at: { ip: string; districtId: number | null; secondFactor?: string }): Promise<void> {
  await db.updateTable('users').set({ last_login_at: nowUtc() }).where('id', '=', user.id).execute();
  await rememberIp(db, user.id, at.ip);
  await recordAudit(db, {
    action: 'login.succeeded',
    actor: user,
    districtId: at.districtId ?? user.district_id,
    ip: at.ip,
    targetType: 'user',
    targetId: user.id,
    detail: at.secondFactor ? { second_factor: at.secondFactor } : undefined,
  });
}
