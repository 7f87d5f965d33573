import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { recordAudit } from '../../audit/record';
import { countDistricts } from '../districts/hosts';
import { provisionDistrict } from '../districts/provision';
import { insertAccount } from '../users/accounts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * On a fresh install, a one-time token that must accompany the setup form. It is printed in the
 * server log only, so nobody on the network can claim the install first. Null once set up.
 */
export async function issueSetupToken(db: Kysely<Database>): Promise<string | null> {
  if ((await countDistricts(db)) > 0) return null;
  const token = randomBytes(18).toString('base64url');
  await db
    .insertInto('setup_tokens')
    .values({ token_hash: hash(token), created_at: nowUtc() })
    .execute();
  return token;
}

export async function isValidSetupToken(db: Kysely<Database>, token: unknown): Promise<boolean> {
  if (typeof token !== 'string' || token.length < 10 || token.length > 100) return false;
  const row = await db.selectFrom('setup_tokens').select('id').where('token_hash', '=', hash(token)).executeTakeFirst();
  return Boolean(row);
}

export class SetupRaceError extends Error {}

export interface SetupInput {
  token: string;
  districtCode: string;
  host: string | null;
  name: string;
  username: string;
  password: string;
  ip: string;
}

/** Creates the kecamatan, its villages and the first admin; spends every setup token. */
export async function completeSetup(db: Kysely<Database>, input: SetupInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Deleting our token first makes a concurrent second setup find nothing and stop.
    const spent = await trx.deleteFrom('setup_tokens').where('token_hash', '=', hash(input.token)).executeTakeFirst();
    if (Number(spent.numDeletedRows) === 0 || (await countDistricts(trx)) > 0) throw new SetupRaceError();
    await trx.deleteFrom('setup_tokens').execute();
    const district = await provisionDistrict(trx, input.districtCode, { host: input.host ?? undefined });
    const userId = await insertAccount(trx, {
      districtId: district.districtId,
      villageId: null,
      username: input.username,
      name: input.name,
      role: 'district_admin',
      password: input.password,
      mustChange: false,
    });
    await recordAudit(trx, {
      action: 'setup.completed',
      districtId: district.districtId,
      username: input.username,
      ip: input.ip,
      targetType: 'district',
      targetId: district.code,
      detail: { villages: district.addedVillages, host: input.host, admin_user_id: userId },
    });
    return district.districtId;
  });
}
