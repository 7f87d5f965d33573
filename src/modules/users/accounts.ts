import type { Kysely } from 'kysely';
import { hashPassword } from '../../auth/password';
import { insertId } from '../../db/insert-id';
import type { Database, Role } from '../../db/schema';
import { nowUtc } from '../../db/time';

export interface NewAccount {
  districtId: number | null;
  villageId: number | null;
  username: string;
  name: string;
  role: Role;
  password: string;
  /** An issued password must be replaced at first login. */
  mustChange: boolean;
  whatsapp?: string | null;
  /** Where notifications are mailed; none when absent. */
  email?: string | null;
}

/** The one place a user row is inserted; callers check rights and uniqueness first. */
export async function insertAccount(db: Kysely<Database>, a: NewAccount): Promise<number> {
  return insertHashedAccount(db, a, await hashPassword(a.password));
}

/** insertAccount with the password already hashed, for a transaction that must not wait on hashing. */
export async function insertHashedAccount(db: Kysely<Database>, a: Omit<NewAccount, 'password'>, passwordHash: string): Promise<number> {
  const now = nowUtc();
  return insertId(
    await db
      .insertInto('users')
      .values({
        district_id: a.districtId,
        village_id: a.villageId,
        username: a.username,
        name: a.name,
        role: a.role,
        password_hash: passwordHash,
        must_change_password: a.mustChange ? 1 : 0,
        whatsapp: a.whatsapp ?? null,
        email: a.email ?? null,
        created_at: now,
        updated_at: now,
      })
      .executeTakeFirstOrThrow(),
  );
}

/**
 * Whether a login name is taken where a login would look: for a kecamatan account, that
 * kecamatan's users and the superadmins; for a superadmin, every account (they log in anywhere).
 */
export async function usernameTaken(db: Kysely<Database>, districtId: number | null, username: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .$if(districtId !== null, (q) => q.where((eb) => eb.or([eb('district_id', 'is', null), eb('district_id', '=', districtId!)])))
    .executeTakeFirst();
  return Boolean(row);
}
