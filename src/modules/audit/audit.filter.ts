import type { Kysely } from 'kysely';
import type { Database, Timezone } from '../../db/schema';
import { toDbDate } from '../../db/time';
import { dayStartUtc, isCalendarDate, type MessageKey, t } from '../../i18n';
import { DISTRICT_CODE } from '../../regions/official';
import { type AuditAction, isAuditAction } from '../../audit/actions';

/** The filter form's fields as typed, kept in the form and in the pager's and CSV links. */
export interface FilterValues {
  kecamatan: string;
  desa: string;
  pengguna: string;
  tindakan: string;
  dari: string;
  sampai: string;
}

export interface AuditFilter {
  /** The one kecamatan shown: the camat office's own, or the superadmin's choice (null: all). */
  districtId: number | null;
  villageId: number | null;
  userId: number | null;
  action: AuditAction | null;
  /** UTC bounds of the chosen days in the kecamatan's timezone, `to` exclusive. */
  from: string | null;
  to: string | null;
}

export interface Viewer {
  superadmin: boolean;
  /** The kecamatan of the host the log is read on (a superadmin may read it on the install's own host). */
  hostDistrictId: number | null;
  hostTimezone: Timezone;
}

export type FilterResult = { ok: true; filter: AuditFilter; values: FilterValues } | { ok: false; errors: string[]; values: FilterValues };

const FIELDS = ['kecamatan', 'desa', 'pengguna', 'tindakan', 'dari', 'sampai'] as const;
const ID = /^[1-9]\d{0,8}$/;

export function filterValuesOf(query: Record<string, unknown>): FilterValues {
  const values = {} as FilterValues;
  for (const f of FIELDS) {
    const raw = query[f];
    values[f] = typeof raw === 'string' ? raw.trim().slice(0, 64) : '';
  }
  return values;
}

/**
 * Reads the filter and checks every value against what the viewer may see: a village or user of
 * another kecamatan is as unknown as one that does not exist. Scoping itself is the query's
 * (audit.queries.ts); this only turns bad values into a message instead of an empty page.
 */
export async function parseFilter(db: Kysely<Database>, viewer: Viewer, query: Record<string, unknown>): Promise<FilterResult> {
  const values = filterValuesOf(query);
  const errors: MessageKey[] = [];
  let districtId = viewer.superadmin ? null : viewer.hostDistrictId;
  let timezone = viewer.hostTimezone;
  if (viewer.superadmin && values.kecamatan) {
    const d = DISTRICT_CODE.test(values.kecamatan) ? await db.selectFrom('districts').select(['id', 'timezone']).where('code', '=', values.kecamatan).executeTakeFirst() : undefined;
    if (d) [districtId, timezone] = [d.id, d.timezone];
    else errors.push('audit.invalid.district');
  }
  const villageId = values.desa ? await knownVillage(db, values.desa, districtId) : null;
  if (villageId === undefined) errors.push('audit.invalid.village');
  const userId = values.pengguna ? await knownUser(db, values.pengguna, districtId, viewer.superadmin) : null;
  if (userId === undefined) errors.push('audit.invalid.user');
  const action = values.tindakan ? (isAuditAction(values.tindakan) ? values.tindakan : undefined) : null;
  if (action === undefined) errors.push('audit.invalid.action');
  const badDate = [values.dari, values.sampai].some((d) => d !== '' && !isCalendarDate(d));
  if (badDate) errors.push('audit.invalid.date');
  else if (values.dari && values.sampai && values.dari > values.sampai) errors.push('audit.invalid.range');
  if (errors.length) return { ok: false, errors: errors.map((k) => t(k)), values };
  return {
    ok: true,
    values,
    filter: {
      districtId,
      villageId: villageId ?? null,
      userId: userId ?? null,
      action: action ?? null,
      from: values.dari ? dayStartUtc(values.dari, timezone) : null,
      to: values.sampai ? nextDay(dayStartUtc(values.sampai, timezone)) : null,
    },
  };
}

const nextDay = (dbDate: string) => toDbDate(new Date(new Date(`${dbDate.replace(' ', 'T')}Z`).getTime() + 86_400_000));

async function knownVillage(db: Kysely<Database>, raw: string, districtId: number | null): Promise<number | undefined> {
  if (!ID.test(raw)) return undefined;
  const q = db.selectFrom('villages').select('id').where('id', '=', Number(raw));
  const row = await (districtId === null ? q : q.where('district_id', '=', districtId)).executeTakeFirst();
  return row?.id;
}

// A camat office's filter knows its own people; a superadmin's, anyone (the superadmins too).
async function knownUser(db: Kysely<Database>, raw: string, districtId: number | null, superadmin: boolean): Promise<number | undefined> {
  if (!ID.test(raw)) return undefined;
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', Number(raw))
    .$if(districtId !== null, (q) => q.where((eb) => (superadmin ? eb.or([eb('district_id', '=', districtId), eb('district_id', 'is', null)]) : eb('district_id', '=', districtId))))
    .executeTakeFirst();
  return row?.id;
}

/** The query string of a filter, for the pager and the CSV link ('' when nothing is chosen). */
export function queryOf(values: FilterValues): string {
  const params = new URLSearchParams();
  for (const f of FIELDS) if (values[f]) params.set(f, values[f]);
  return params.toString();
}
