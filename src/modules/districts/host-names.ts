import { type Kysely, MysqlAdapter } from 'kysely';
import type { Database } from '../../db/schema';
import type { MessageKey } from '../../i18n';
import { isUniqueViolation } from '../../lib/write-races';
import { type AuditActor, recordAudit } from '../../audit/record';
import { countDistricts, districtsChanged, normaliseHost } from './hosts';
import { addHost } from './provision';

// Host names of a kecamatan as the superadmin console changes them (the CLI adds them through
// provisionDistrict). Refusals carry an Indonesian message key and change nothing.

export class HostInputError extends Error {
  constructor(
    readonly messageKey: MessageKey,
    readonly host: string,
  ) {
    super(messageKey);
  }
}

const HOST_KEY = { mysql: 'host', sqlite: 'district_hosts.host' };

interface By {
  actor: AuditActor;
  ip: string;
}

/** Registers a host for the kecamatan; refuses an invalid one and one this or another kecamatan has. */
export async function addHostName(db: Kysely<Database>, districtId: number, raw: string, by: By): Promise<string> {
  const host = normaliseHost(raw);
  if (!host) throw new HostInputError('console.host.invalid', raw);
  try {
    await db.transaction().execute(async (trx) => {
      const owner = await trx.selectFrom('district_hosts').select('district_id').where('host', '=', host).executeTakeFirst();
      if (owner) throw new HostInputError(owner.district_id === districtId ? 'console.host.exists' : 'console.host.taken', host);
      await addHost(trx, districtId, host);
      await recordAudit(trx, { action: 'district.host_added', actor: by.actor, districtId, targetType: 'district', targetId: districtId, detail: { host }, ip: by.ip });
    });
  } catch (err) {
    // Registered by someone else between the check and the insert (MariaDB).
    throw isUniqueViolation(err, HOST_KEY) ? new HostInputError('console.host.taken', host) : err;
  } finally {
    districtsChanged();
  }
  return host;
}

/**
 * Unregisters a host. On an install with several kecamatan a kecamatan is found by its host alone,
 * so its last one is refused there (README, "Hosts and multi-tenancy").
 */
export async function removeHostName(db: Kysely<Database>, districtId: number, raw: string, by: By): Promise<string> {
  const host = normaliseHost(raw) ?? raw;
  try {
    await db.transaction().execute(async (trx) => {
      // MySQL: a locking read, so two removals at once cannot both find a second host left.
      const hosts = await trx
        .selectFrom('district_hosts')
        .select('host')
        .where('district_id', '=', districtId)
        .$if(trx.getExecutor().adapter instanceof MysqlAdapter, (q) => q.forUpdate())
        .execute();
      if (!hosts.some((h) => h.host === host)) throw new HostInputError('console.host.unknown', host);
      if (hosts.length === 1 && (await countDistricts(trx)) > 1) throw new HostInputError('console.host.lastRefused', host);
      await trx.deleteFrom('district_hosts').where('district_id', '=', districtId).where('host', '=', host).execute();
      // Its absolute links may have named this host (site-origin.ts): the cached pages go.
      await trx
        .updateTable('districts')
        .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
        .where('id', '=', districtId)
        .execute();
      await recordAudit(trx, { action: 'district.host_removed', actor: by.actor, districtId, targetType: 'district', targetId: districtId, detail: { host }, ip: by.ip });
    });
  } finally {
    districtsChanged();
  }
  return host;
}
