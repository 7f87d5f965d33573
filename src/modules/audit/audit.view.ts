import type { Kysely } from 'kysely';
import type { Database, Timezone } from '../../db/schema';
import { formatDateTime, type MessageKey, t } from '../../i18n';
import { SECTIONS } from '../sections';
import { actionLabelKey, isAuditAction } from '../../audit/actions';
import type { AuditRow } from './audit.queries';
import { ATTEMPTED_MAX } from '../../audit/record';

/** What an entry's object is, named; `href` only for a live record in this host's workspace. */
export interface TargetView {
  label: string;
  href: string | null;
  deleted: boolean;
}

/** An entry as the page and the CSV show it: plain text throughout (the view escapes it). */
export interface EntryView {
  id: number;
  createdAt: string;
  districtName: string;
  villageName: string;
  who: string;
  role: string;
  action: string;
  code: string;
  target: TargetView | null;
  /** The name a failed login typed, when no account has it. */
  attempted: string;
  note: string;
  ip: string;
}

type Named = Map<number, { label: string; district_id: number | null; deleted: boolean; href: string }>;

const ids = (rows: AuditRow[], type: string) => [...new Set(rows.filter((r) => r.target_type === type && /^\d{1,9}$/.test(r.target_id ?? '')).map((r) => Number(r.target_id)))];

// The objects of a page, each kind in one query by id (a page is at most a few hundred entries).
async function targetsOf(db: Kysely<Database>, rows: AuditRow[]): Promise<Record<string, Named>> {
  const named: Record<string, Named> = { content: new Map(), user: new Map(), media: new Map(), village: new Map(), district: new Map() };
  const content = ids(rows, 'content');
  if (content.length) {
    for (const c of await db.selectFrom('content_items').select(['id', 'title', 'type', 'district_id', 'deleted_at']).where('id', 'in', content).execute()) {
      const def = SECTIONS.find((d) => d.type === c.type);
      const section = def ? `${t(`section.${def.section}` as MessageKey)}: ` : '';
      named.content.set(c.id, { label: `${section}${c.title}`, district_id: c.district_id, deleted: c.deleted_at !== null || !def, href: def ? `/admin/${def.section}/${c.id}/ubah` : '' });
    }
  }
  const users = ids(rows, 'user');
  if (users.length) {
    for (const u of await db.selectFrom('users').select(['id', 'name', 'username', 'district_id']).where('id', 'in', users).execute()) {
      named.user.set(u.id, { label: t('audit.target.user', { name: `${u.name} (${u.username})` }), district_id: u.district_id, deleted: false, href: `/admin/pengguna/${u.id}/ubah` });
    }
  }
  const media = ids(rows, 'media');
  if (media.length) {
    for (const m of await db.selectFrom('media').select(['id', 'original_name', 'alt', 'district_id', 'deleted_at']).where('id', 'in', media).execute()) {
      named.media.set(m.id, { label: t('audit.target.media', { name: m.alt || m.original_name }), district_id: m.district_id, deleted: m.deleted_at !== null, href: `/admin/media/${m.id}/ubah` });
    }
  }
  const villages = ids(rows, 'village');
  if (villages.length) {
    for (const v of await db.selectFrom('villages').select(['id', 'name', 'kind', 'district_id']).where('id', 'in', villages).execute()) {
      named.village.set(v.id, {
        label: t('audit.target.village', { name: `${t(`kind.${v.kind}` as MessageKey)} ${v.name}` }),
        district_id: v.district_id,
        deleted: false,
        href: `/admin/profil-desa?desa=${v.id}`,
      });
    }
  }
  const districts = ids(rows, 'district');
  if (districts.length) {
    for (const d of await db.selectFrom('districts').select(['id', 'name']).where('id', 'in', districts).execute()) {
      named.district.set(d.id, { label: t('audit.target.district', { name: d.name }), district_id: d.id, deleted: false, href: '' });
    }
  }
  return named;
}

function detailOf(row: AuditRow): Record<string, unknown> {
  try {
    const parsed: unknown = row.detail ? JSON.parse(row.detail) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function targetOf(row: AuditRow, detail: Record<string, unknown>, named: Record<string, Named>, hostDistrictId: number | null): TargetView | null {
  if (!row.target_type || !row.target_id) return null;
  const found = named[row.target_type]?.get(Number(row.target_id));
  if (!found) {
    // Purged content keeps its title in the entry; anything else gone keeps only its kind.
    const title = str(detail.title);
    return { label: title ? title : t('audit.deleted'), href: null, deleted: Boolean(title) };
  }
  const here = hostDistrictId !== null && found.district_id === hostDistrictId;
  return { label: found.label, href: found.href && here && !found.deleted ? found.href : null, deleted: found.deleted };
}

/** The entries of a page or a CSV, named for a reader. */
export async function presentEntries(db: Kysely<Database>, rows: AuditRow[], opts: { hostDistrictId: number | null; timezone: Timezone }): Promise<EntryView[]> {
  const named = await targetsOf(db, rows);
  return rows.map((r) => {
    const detail = detailOf(r);
    const attempted = r.user_id === null && r.target_id === null ? str(detail.attempted).slice(0, ATTEMPTED_MAX) : '';
    const note = r.action === 'content.return' && str(detail.note) ? t('audit.note', { note: str(detail.note) }) : '';
    return {
      id: r.id,
      // In the entry's own kecamatan's time.
      createdAt: formatDateTime(r.created_at, r.district_timezone ?? opts.timezone),
      districtName: r.district_name ?? '',
      villageName: r.village_name ? `${t(`kind.${r.village_kind}` as MessageKey)} ${r.village_name}` : '',
      who: r.actor_name ? `${r.actor_name} (${r.username ?? ''})` : attempted ? t('audit.unknownUser') : (r.username ?? t('audit.system')),
      role: r.role ? t(`role.${r.role}` as MessageKey) : '',
      action: isAuditAction(r.action) ? t(actionLabelKey(r.action)) : r.action,
      code: r.action,
      target: targetOf(r, detail, named, opts.hostDistrictId),
      attempted,
      note,
      ip: r.ip ?? '',
    };
  });
}
