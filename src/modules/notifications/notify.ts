import type { Kysely, Transaction } from 'kysely';
import type { ContentItem, Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { sectionOf } from '../sections';
import type { MailState, NotificationKind } from './notifications.table';
import { kickMailer } from './mailer-registry';

type Db = Kysely<Database> | Transaction<Database>;

interface Recipient {
  id: number;
  email: string | null;
  notify_mode: string;
}

/** Who hears of an item of a village: its active operators (the ones who share its piles), not the actor. */
function operatorsOf(db: Db, districtId: number, villageId: number, actorId: number | null) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'notify_mode'])
    .where('district_id', '=', districtId)
    .where('village_id', '=', villageId)
    .where('role', '=', 'village_operator')
    .where('disabled_at', 'is', null)
    .$if(actorId !== null, (q) => q.where('id', '<>', actorId!))
    .execute();
}

/** The camat office of a kecamatan: its active district admins, not the actor. */
export function officeOf(db: Db, districtId: number, actorId: number | null) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'notify_mode'])
    .where('district_id', '=', districtId)
    .where('role', '=', 'district_admin')
    .where('disabled_at', 'is', null)
    .$if(actorId !== null, (q) => q.where('id', '<>', actorId!))
    .execute();
}

function mailStateOf(r: Recipient): MailState {
  return r.email && (r.notify_mode === 'each' || r.notify_mode === 'digest') ? r.notify_mode : 'none';
}

export interface Announcement {
  districtId: number;
  kind: NotificationKind;
  title: string;
  path: string;
  villageName: string | null;
  itemId?: number | null;
  itemType?: string | null;
  actorName?: string | null;
  note?: string | null;
  /** Unique per recipient: announcing it again (another instance, another day) adds nothing. */
  dedupeKey?: (userId: number) => string;
}

/** One row per recipient, in the caller's transaction: a rolled-back change announces nothing. */
export async function announce(db: Db, to: Recipient[], a: Announcement): Promise<number> {
  const now = nowUtc();
  let added = 0;
  for (const r of to) {
    const row = {
      district_id: a.districtId,
      user_id: r.id,
      kind: a.kind,
      item_id: a.itemId ?? null,
      item_type: a.itemType ?? null,
      title: a.title.slice(0, 200),
      village_name: a.villageName?.slice(0, 100) ?? null,
      path: a.path.slice(0, 255),
      actor_name: a.actorName?.slice(0, 100) ?? null,
      note: a.note || null,
      dedupe_key: a.dedupeKey?.(r.id) ?? null,
      created_at: now,
      mail_state: mailStateOf(r),
    };
    const q = db.insertInto('notifications').values(row);
    const res = await (a.dedupeKey ? q.orIgnore() : q).executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export type ItemEvent = 'returned' | 'published' | 'waiting';

type ItemHead = Pick<ContentItem, 'id' | 'district_id' | 'village_id' | 'type' | 'title'>;

/**
 * Announces what happened to an item: returned or published to its village's operators (the camat
 * office acted), waiting to the camat office. Call inside the transaction of the change.
 */
export async function announceItem(db: Db, event: ItemEvent, item: ItemHead, actor: { id: number; name: string }, note: string | null = null): Promise<void> {
  const village = item.village_id === null ? null : await db.selectFrom('villages').select('name').where('id', '=', item.village_id).executeTakeFirst();
  const section = sectionOf(item.type).section;
  let to: Recipient[];
  if (event === 'waiting') to = await officeOf(db, item.district_id, actor.id);
  else to = item.village_id === null ? [] : await operatorsOf(db, item.district_id, item.village_id, actor.id);
  if (to.length === 0) return;
  await announce(db, to, {
    districtId: item.district_id,
    kind: event,
    title: item.title,
    villageName: village?.name ?? null,
    path: event === 'waiting' ? `/admin/tinjauan/${item.id}` : `/admin/${section}/${item.id}/ubah`,
    itemId: item.id,
    itemType: item.type,
    actorName: actor.name,
    note: event === 'returned' ? note : null,
  });
}

/** After the commit: lets this process's mailer send what was just announced (src/modules/notifications/mailer.ts). */
export function announced(db: Kysely<Database>): void {
  kickMailer(db);
}
