import type { Transaction } from 'kysely';
import { generatePassword, hashPassword } from '../../auth/password';
import { accessibleBy } from '../../authz/accessible-by';
import { authorize } from '../../authz/authorize';
import type { Database, VillageKind } from '../../db/schema';
import type { Ctx } from '../../domain/context';
import { uniqueSlug } from '../../lib/slug';
import { transaction } from '../../lib/transaction';
import { isDeadlock, isUniqueViolation, retrying } from '../../lib/write-races';
import { t } from '../../i18n';
import { recordAudit } from '../../audit/record';
import { insertHashedAccount } from './accounts';

export interface PlannedOperator {
  villageId: number;
  villageName: string;
  kind: VillageKind;
  username: string;
}

export interface IssuedOperator extends PlannedOperator {
  /** Shown once on the credential sheet; only its hash is stored. */
  password: string;
}

const USERNAME_KEY = { mysql: 'users_district_username_uq', sqlite: 'users.username' };
// 'op.' + slug + '-NN' stays within the 64 characters of a username (users.schema.ts USERNAME).
const SLUG_ROOM = 55;

/**
 * The villages of the caller's kecamatan without an active operator, each with the username its
 * new operator would get: op.<village slug>, or op.<slug>-2, -3, … when that name is taken in the
 * kecamatan or by a superadmin (usernameTaken's rule in accounts.ts).
 */
export async function missingOperators(ctx: Ctx): Promise<PlannedOperator[]> {
  const [villages, staffed, names] = await Promise.all([
    ctx.db
      .selectFrom('villages')
      .select(['id', 'name', 'slug', 'kind'])
      .where('district_id', '=', ctx.district.id)
      .where(accessibleBy(ctx.ability, 'update', 'Village', 'villages'))
      .orderBy('name')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('users')
      .select('village_id')
      .distinct()
      .where('district_id', '=', ctx.district.id)
      .where('role', '=', 'village_operator')
      .where('disabled_at', 'is', null)
      .where('village_id', 'is not', null)
      .execute(),
    ctx.db
      .selectFrom('users')
      .select('username')
      .where((eb) => eb.or([eb('district_id', 'is', null), eb('district_id', '=', ctx.district.id)]))
      .execute(),
  ]);
  const hasOperator = new Set(staffed.map((s) => s.village_id));
  // Usernames compare case-insensitively on MySQL; stored ones are lowercase anyway.
  const taken = new Set(names.map((n) => n.username.toLowerCase()));
  return villages
    .filter((v) => !hasOperator.has(v.id))
    .map((v) => {
      const username = uniqueSlug(`op.${v.slug.slice(0, SLUG_ROOM).replace(/-+$/, '')}`, taken);
      taken.add(username);
      return { villageId: v.id, villageName: v.name, kind: v.kind, username };
    });
}

/**
 * Creates one operator for every village that has no active one, each with an issued password
 * that must be changed at first login, and an audit entry each. Running it again creates nothing.
 * The passwords are hashed before the transaction, so it holds the write lock only for the rows.
 */
export async function createMissingOperators(ctx: Ctx): Promise<IssuedOperator[]> {
  authorize(ctx.ability, 'create', 'User', { district_id: ctx.district.id, role: 'village_operator' });
  const planned = await missingOperators(ctx);
  const issued = await Promise.all(
    planned.map(async (p) => {
      const password = generatePassword();
      return { ...p, password, hash: await hashPassword(password) };
    }),
  );
  const insertAll = async (trx: Transaction<Database>) => {
    const created: IssuedOperator[] = [];
    for (const { hash, ...op } of issued) {
      const account = {
        districtId: ctx.district.id,
        villageId: op.villageId,
        username: op.username,
        name: t('bulk.accountName', { kind: t(`kind.${op.kind}`), village: op.villageName }).slice(0, 100),
        role: 'village_operator' as const,
        mustChange: true,
      };
      let id: number;
      try {
        id = await insertHashedAccount(trx, account, hash);
      } catch (err) {
        // A run at the same moment created this name (for this village): its sheet has the password.
        if (isUniqueViolation(err, USERNAME_KEY)) continue;
        throw err;
      }
      await recordAudit(trx, {
        action: 'user.created',
        actor: { ...ctx.user, district_id: ctx.district.id },
        districtId: ctx.district.id,
        targetType: 'user',
        targetId: id,
        detail: { username: op.username, role: 'village_operator', village_id: op.villageId, bulk: true },
        ip: ctx.ip,
      });
      created.push(op);
    }
    return created;
  };
  // InnoDB may pick this run as a deadlock victim against a concurrent one: the whole transaction
  // is then run again, and what the other run created by now is skipped.
  return retrying(3, isDeadlock, () => transaction(ctx.db, insertAll));
}
