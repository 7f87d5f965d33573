import type { Kysely, Transaction } from 'kysely';
import type { ContentItem, Database } from '../../db/schema';
import { nowUtc } from '../../db/time';
import { renderBody } from './body';
import type { SectionDef } from './section';

type Db = Kysely<Database> | Transaction<Database>;

/** Every editable field of an item: what a revision keeps and a restore brings back. */
export interface Snapshot {
  title: string;
  summary: string;
  body_source: string;
  cover_media_id: number | null;
  cover_alt: string;
  media_ids: number[];
  details: Record<string, unknown>;
}

export async function snapshotOf(db: Db, def: SectionDef, item: ContentItem): Promise<Snapshot> {
  const media = await db.selectFrom('item_media').select('media_id').where('item_id', '=', item.id).orderBy('position').execute();
  return {
    title: item.title,
    summary: item.summary,
    body_source: item.body_source,
    cover_media_id: item.cover_media_id,
    cover_alt: item.cover_alt,
    media_ids: media.map((m) => m.media_id),
    details: (await def.loadDetails(db, item.id)) ?? {},
  };
}

export function parseSnapshot(data: string): Snapshot {
  return JSON.parse(data) as Snapshot;
}

/** Writes a snapshot into the live columns, detail table and gallery of an item. */
export async function applySnapshot(trx: Db, def: SectionDef, itemId: number, snap: Snapshot): Promise<void> {
  await trx
    .updateTable('content_items')
    .set({
      title: snap.title,
      summary: snap.summary,
      body_source: snap.body_source,
      body: renderBody(snap.body_source),
      cover_media_id: snap.cover_media_id,
      cover_alt: snap.cover_alt,
    })
    .where('id', '=', itemId)
    .execute();
  await def.saveDetails(trx, itemId, snap.details);
  await trx.deleteFrom('item_media').where('item_id', '=', itemId).execute();
  for (const [position, media_id] of snap.media_ids.entries()) {
    await trx.insertInto('item_media').values({ item_id: itemId, media_id, position }).execute();
  }
}

export async function addRevision(trx: Db, itemId: number, version: number, kind: 'save' | 'pending' | 'restore', snap: Snapshot, authorId: number): Promise<number> {
  const res = await trx
    .insertInto('content_revisions')
    .values({ item_id: itemId, version, kind, data: JSON.stringify(snap), author_id: authorId, created_at: nowUtc() })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}

/** Fields that differ between two snapshots, for the review page and the conflict page. */
export function changedFields(a: Snapshot, b: Snapshot): string[] {
  const keys = ['title', 'summary', 'body_source', 'cover_media_id', 'cover_alt'] as const;
  const out: string[] = keys.filter((k) => a[k] !== b[k]);
  if (JSON.stringify(a.media_ids) !== JSON.stringify(b.media_ids)) out.push('media_ids');
  for (const k of new Set([...Object.keys(a.details), ...Object.keys(b.details)])) {
    if (JSON.stringify(a.details[k]) !== JSON.stringify(b.details[k])) out.push(k);
  }
  return out;
}
