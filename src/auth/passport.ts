import type { Request } from 'express';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { Passport } from 'passport';

export type PassportInstance = InstanceType<typeof Passport>;
import { Strategy as LocalStrategy } from 'passport-local';
import type { Database } from '../db/schema';
import { nowUtc } from '../db/time';
import type { SessionUser } from '../http/types';
import { t } from '../i18n';
import { recordAudit } from '../modules/audit/audit.service';
import { burnVerify, verifyPassword } from './password';
import { WINDOW_MINUTES, clearFailures, isThrottled, recordFailure } from './throttle';

const USER_COLUMNS = ['id', 'district_id', 'village_id', 'username', 'name', 'role', 'must_change_password', 'session_epoch'] as const;

// The operator's village review mode is part of their ability, so it is loaded with them.
const reviewFlag = (eb: ExpressionBuilder<Database, 'users'>) =>
  eb.selectFrom('villages').select('villages.review_required').whereRef('villages.id', '=', 'users.village_id').as('village_review_required');

export function normaliseUsername(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 64) : '';
}

/** The account a login on this kecamatan may use: its own users, or a superadmin. */
async function findLoginUser(db: Kysely<Database>, districtId: number | null, username: string) {
  const rows = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash', 'disabled_at', reviewFlag])
    .where('username', '=', username)
    .where((eb) =>
      eb.or([
        eb.and([eb('role', '=', 'superadmin'), eb('district_id', 'is', null)]),
        ...(districtId === null ? [] : [eb('district_id', '=', districtId)]),
      ]),
    )
    .execute();
  return rows.find((r) => r.district_id !== null) ?? rows[0];
}

export function createPassport(db: Kysely<Database>): PassportInstance {
  const passport = new Passport();

  passport.use(
    new LocalStrategy({ passReqToCallback: true }, async (req: Request, rawUsername, password, done) => {
      try {
        const username = normaliseUsername(rawUsername);
        const ip = req.ip ?? '';
        const districtId = req.district?.id ?? null;
        if (await isThrottled(db, ip, username)) {
          await recordAudit(db, { action: 'login.throttled', districtId, username, ip });
          return done(null, false, { message: t('login.throttled', { minutes: WINDOW_MINUTES }), throttled: true } as never);
        }
        const user = await findLoginUser(db, districtId, username);
        const ok = user ? await verifyPassword(user.password_hash, String(password)) : (await burnVerify(String(password)), false);
        if (!user || !ok || user.disabled_at) {
          await recordFailure(db, ip, username);
          await recordAudit(db, { action: 'login.failed', districtId, username, ip, targetType: 'user', targetId: user?.id });
          return done(null, false, { message: t('login.failed') });
        }
        await clearFailures(db, ip, username);
        await db.updateTable('users').set({ last_login_at: nowUtc() }).where('id', '=', user.id).execute();
        const sessionUser: SessionUser = pick(user);
        await recordAudit(db, { action: 'login.succeeded', actor: sessionUser, districtId: districtId ?? user.district_id, ip, targetType: 'user', targetId: user.id });
        return done(null, sessionUser);
      } catch (err) {
        return done(err);
      }
    }),
  );

  // The session keeps the user's epoch too: bumping it ends every session, even one being saved right now.
  passport.serializeUser((user, done) => done(null, { id: (user as SessionUser).id, epoch: (user as SessionUser).session_epoch }));

  // Loaded fresh on every request: a disabled or deleted account is logged out at once.
  passport.deserializeUser(async (stored: unknown, done) => {
    try {
      const { id, epoch } = (stored ?? {}) as { id?: unknown; epoch?: unknown };
      if (typeof id !== 'number' || typeof epoch !== 'number') return done(null, false);
      const row = await db
        .selectFrom('users')
        .select([...USER_COLUMNS, 'disabled_at', reviewFlag])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || row.disabled_at || row.session_epoch !== epoch) return done(null, false);
      done(null, pick(row));
    } catch (err) {
      done(err);
    }
  });

  return passport;
}

function pick(row: Omit<SessionUser, 'village_review_required'> & { village_review_required: number | null }): SessionUser {
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
  };
}
