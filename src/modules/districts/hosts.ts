import type { Kysely } from 'kysely';
import type { Database, District } from '../../db/schema';

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Lowercased host name without port, or null when it is not a valid host name. */
export function normaliseHost(raw: string | undefined): string | null {
  if (!raw) return null;
  const host = raw.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  return HOST_NAME.test(host) ? host : null;
}

/**
 * The kecamatan a request belongs to: the one owning its host name, or, when the install has
 * exactly one kecamatan, that one whatever the host.
 */
export async function districtForHost(db: Kysely<Database>, rawHost: string | undefined): Promise<District | null> {
  const host = normaliseHost(rawHost);
  if (host) {
    const owned = await db
      .selectFrom('district_hosts')
      .innerJoin('districts', 'districts.id', 'district_hosts.district_id')
      .selectAll('districts')
      .where('district_hosts.host', '=', host)
      .executeTakeFirst();
    if (owned) return owned;
  }
  const firstTwo = await db.selectFrom('districts').selectAll().orderBy('id').limit(2).execute();
  return firstTwo.length === 1 ? firstTwo[0] : null;
}

export async function countDistricts(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('districts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
