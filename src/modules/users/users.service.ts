import { generatePassword, hashPassword } from '../../auth/password';
import { accessibleBy } from '../../authz/accessible-by';
import { authorize } from '../../authz/authorize';
import type { Role } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { NotFoundError } from '../../domain/errors';
import type { Page } from '../../lib/pagination';
import { endSessionsOfUser } from '../../auth/sessions';
import type { Ctx } from '../../domain/context';
import { isUniqueViolation } from '../../lib/write-races';
import type { AuditAction } from '../../audit/actions';
import { recordAudit } from '../../audit/record';
import { insertAccount, usernameTaken } from './accounts';

export class UserInputError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: 'users.usernameTaken' | 'users.villageRequired' | 'users.villageUnknown' | 'users.cannotSelf',
  ) {
    super(messageKey);
  }
}

const USERNAME_KEY = { mysql: 'users_district_username_uq', sqlite: 'users.username' };

const LIST_COLUMNS = [
  'users.id',
  'users.username',
  'users.name',
  'users.role',
  'users.district_id',
  'users.village_id',
  'users.email',
  'users.disabled_at',
  'users.last_login_at',
  'users.whatsapp',
  'villages.name as village_name',
] as const;

/**
 * Users of the caller's kecamatan that the caller may read, newest last, each with their last
 * login and the newest publication date of a live item they wrote (one query for the page).
 */
export async function listUsers(ctx: Ctx, page: Page) {
  const base = ctx.db
    .selectFrom('users')
    .leftJoin('villages', 'villages.id', 'users.village_id')
    .where('users.district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'read', 'User', 'users'));
  const lastPublished = ctx.db
    .selectFrom('content_items')
    .select((eb) => ['content_items.author_id', eb.fn.max('content_items.published_at').as('at')])
    .where('content_items.district_id', '=', ctx.district.id)
    .where('content_items.status', '=', 'published')
    .where('content_items.deleted_at', 'is', null)
    .where('content_items.author_id', 'is not', null)
    .groupBy('content_items.author_id')
    .as('last_pub');
  const [rows, total] = await Promise.all([
    base
      .leftJoin(lastPublished, 'last_pub.author_id', 'users.id')
      .select([...LIST_COLUMNS, 'last_pub.at as last_published_at'])
      .orderBy('users.role')
      .orderBy('users.username')
      .limit(page.perPage)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** One user the caller may read (404 otherwise); `action` then must be allowed too (403). */
export async function getUser(ctx: Ctx, id: number, action: 'read' | 'update' = 'read') {
  const user = await ctx.db
    .selectFrom('users')
    .leftJoin('villages', 'villages.id', 'users.village_id')
    .select(LIST_COLUMNS)
    .where('users.id', '=', id)
    .where('users.district_id', '=', ctx.district.id)
    .where(accessibleBy(ctx.ability, 'read', 'User', 'users'))
    .executeTakeFirst();
  if (!user) throw new NotFoundError();
  authorize(ctx.ability, action, 'User', user);
  return user;
}

async function checkVillage(ctx: Ctx, role: Role, villageId: number | null): Promise<number | null> {
  if (role !== 'village_operator') return null;
  if (villageId === null) throw new UserInputError('village_id', 'users.villageRequired');
  const village = await ctx.db.selectFrom('villages').select('id').where('id', '=', villageId).where('district_id', '=', ctx.district.id).executeTakeFirst();
  if (!village) throw new UserInputError('village_id', 'users.villageUnknown');
  return village.id;
}

export interface UserInput {
  name: string;
  role: Role;
  village_id: number | null;
  /** Where notifications are mailed; null: none. */
  email: null | string;
  whatsapp: string | null;
}

/** Creates an account with an issued password, returned once to show the camat office. */
export async function createUser(ctx: Ctx, input: UserInput & { username: string }) {
  authorize(ctx.ability, 'create', 'User', { district_id: ctx.district.id, role: input.role });
  const villageId = await checkVillage(ctx, input.role, input.village_id);
  if (await usernameTaken(ctx.db, ctx.district.id, input.username)) throw new UserInputError('username', 'users.usernameTaken');
  const password = generatePassword();
  const id = await insertAccount(ctx.db, {
    districtId: ctx.district.id,
    villageId,
    username: input.username,
    name: input.name,
    role: input.role,
    password,
    mustChange: true,
    whatsapp: input.whatsapp,
    email: input.email,
  }).catch((err: unknown) => {
    // Created by someone else since the check above (src/lib/write-races.ts).
    throw isUniqueViolation(err, USERNAME_KEY) ? new UserInputError('username', 'users.usernameTaken') : err;
  });
  await audit(ctx, 'user.created', id, { username: input.username, role: input.role, village_id: villageId });
  return { id, password };
}

export async function updateUser(ctx: Ctx, id: number, input: UserInput) {
  const before = await getUser(ctx, id, 'update');
  authorize(ctx.ability, 'update', 'User', { district_id: ctx.district.id, role: input.role });
  const villageId = await checkVillage(ctx, input.role, input.village_id);
  await ctx.db
    .updateTable('users')
    .set({ name: input.name, role: input.role, village_id: villageId, email: input.email, whatsapp: input.whatsapp, updated_at: nowUtc() })
    .where('id', '=', id)
    .where(accessibleBy(ctx.ability, 'update', 'User', 'users'))
    .execute();
  const changes: Record<string, unknown> = {};
  if (before.name !== input.name) changes.name = [before.name, input.name];
  if (before.role !== input.role) changes.role = [before.role, input.role];
  if (before.village_id !== villageId) changes.village_id = [before.village_id, villageId];
  if (before.email !== input.email) changes.email = [before.email, input.email];
  if (before.whatsapp !== input.whatsapp) changes.whatsapp = [before.whatsapp, input.whatsapp];
  // Moving an operator to another village or changing their role ends their current sessions.
  if (changes.role || changes.village_id) await endSessionsOfUser(ctx.db, id);
  const moved = Boolean(changes.village_id) && !changes.role;
  await audit(ctx, moved ? 'user.moved' : 'user.updated', id, changes);
  return before;
}

export async function setDisabled(ctx: Ctx, id: number, disabled: boolean) {
  const user = await getUser(ctx, id, 'update');
  if (user.id === ctx.user.id) throw new UserInputError('_form', 'users.cannotSelf');
  await ctx.db
    .updateTable('users')
    .set({ disabled_at: disabled ? nowUtc() : null, updated_at: nowUtc() })
    .where('id', '=', id)
    .where(accessibleBy(ctx.ability, 'update', 'User', 'users'))
    .execute();
  if (disabled) await endSessionsOfUser(ctx.db, id);
  await audit(ctx, disabled ? 'user.disabled' : 'user.enabled', id, { username: user.username });
  return user;
}

export async function resetPassword(ctx: Ctx, id: number) {
  const user = await getUser(ctx, id, 'update');
  const password = generatePassword();
  await ctx.db
    .updateTable('users')
    .set({ password_hash: await hashPassword(password), must_change_password: 1, updated_at: nowUtc() })
    .where('id', '=', id)
    .where(accessibleBy(ctx.ability, 'update', 'User', 'users'))
    .execute();
  await endSessionsOfUser(ctx.db, id);
  await audit(ctx, 'user.password_reset', id, { username: user.username });
  return { user, password };
}

function audit(ctx: Ctx, action: AuditAction, userId: number, detail: Record<string, unknown>) {
  return recordAudit(ctx.db, {
    action,
    actor: { ...ctx.user, district_id: ctx.district.id },
    districtId: ctx.district.id,
    targetType: 'user',
    targetId: userId,
    detail,
    ip: ctx.ip,
  });
}
