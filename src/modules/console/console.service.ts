import type { Kysely } from 'kysely';
import { generatePassword } from '../../auth/password';
import type { Database } from '../../db/schema';
import type { MessageKey } from '../../i18n';
import { isUniqueViolation } from '../../lib/write-races';
import { findDistrict } from '../../regions/official';
import { type AuditActor, recordAudit } from '../../audit/record';
import { districtsChanged, normaliseHost } from '../districts/hosts';
import { provisionDistrict } from '../districts/provision';
import { insertAccount, usernameTaken } from '../users/accounts';

/** A refused console form: the field and an Indonesian message key (with its values); nothing changed. */
export class ConsoleInputError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: MessageKey,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(messageKey);
  }
}

interface By {
  actor: AuditActor;
  ip: string;
}

const HOST_KEY = { mysql: 'host', sqlite: 'district_hosts.host' };
const USERNAME_KEY = { mysql: 'users_district_username_uq', sqlite: 'users.username' };
const DISTRICT_KEY = { mysql: 'code', sqlite: 'districts.code' };

/** Adds a kecamatan of the official list with its villages (and a host, if given), audited. */
export async function addDistrict(db: Kysely<Database>, input: { code: string; host: string }, by: By) {
  const official = findDistrict(input.code);
  if (!official) throw new ConsoleInputError('district_code', 'console.add.required');
  const host = input.host ? normaliseHost(input.host) : null;
  if (input.host && !host) throw new ConsoleInputError('host', 'console.host.invalid');
  try {
    return await db.transaction().execute(async (trx) => {
      const present = await trx.selectFrom('districts').select('id').where('code', '=', input.code).executeTakeFirst();
      if (present) throw new ConsoleInputError('district_code', 'console.add.exists', { name: official.name, code: official.code });
      if (host && (await trx.selectFrom('district_hosts').select('id').where('host', '=', host).executeTakeFirst())) {
        throw new ConsoleInputError('host', 'console.host.taken', { host });
      }
      // With two kecamatan or more, a kecamatan is found by its host alone (README, "Hosts and multi-tenancy").
      const hostless = await trx
        .selectFrom('districts')
        .select('name')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('district_hosts').select('district_hosts.id').whereRef('district_hosts.district_id', '=', 'districts.id'))))
        .orderBy('code')
        .executeTakeFirst();
      if (hostless) throw new ConsoleInputError('district_code', 'console.add.hostless', { name: hostless.name });
      const result = await provisionDistrict(trx, input.code, { host: host ?? undefined });
      await recordAudit(trx, {
        action: 'district.provisioned',
        actor: by.actor,
        districtId: result.districtId,
        targetType: 'district',
        targetId: result.code,
        detail: { villages: result.addedVillages, host },
        ip: by.ip,
      });
      return result;
    });
  } catch (err) {
    // Added or registered by someone else meanwhile (MariaDB runs such transactions side by side).
    if (isUniqueViolation(err, DISTRICT_KEY)) throw new ConsoleInputError('district_code', 'console.add.exists', { name: official.name, code: official.code });
    if (isUniqueViolation(err, HOST_KEY)) throw new ConsoleInputError('host', 'console.host.taken', { host: host ?? '' });
    throw err;
  } finally {
    districtsChanged();
  }
}

/**
 * The kecamatan's first camat-office account, with an issued password that must be changed at
 * first login; refused once the kecamatan has one (its camat office then manages its own users).
 */
export async function createFirstAdmin(db: Kysely<Database>, districtId: number, input: { name: string; username: string }, by: By) {
  const admins = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', districtId)
    .where('role', '=', 'district_admin')
    .executeTakeFirstOrThrow();
  if (Number(admins.n) > 0) throw new ConsoleInputError('_form', 'console.account.exists', { count: Number(admins.n) });
  if (await usernameTaken(db, districtId, input.username)) throw new ConsoleInputError('username', 'users.usernameTaken');
  const password = generatePassword();
  const id = await insertAccount(db, { districtId, villageId: null, username: input.username, name: input.name, role: 'district_admin', password, mustChange: true }).catch((err: unknown) => {
    throw isUniqueViolation(err, USERNAME_KEY) ? new ConsoleInputError('username', 'users.usernameTaken') : err;
  });
  await recordAudit(db, {
    action: 'user.created',
    actor: by.actor,
    districtId,
    targetType: 'user',
    targetId: id,
    detail: { username: input.username, role: 'district_admin', village_id: null, first_admin: true },
    ip: by.ip,
  });
  return { id, password };
}
