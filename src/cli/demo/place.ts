import { can } from '../../authz/authorize';
import { toDbDate } from '../../db/time';
import type { Ctx } from '../../domain/context';
import { keepingAggregates } from '../../modules/content/aggregates';
import { createItem, updateItem } from '../../modules/content/content.service';
import type { SectionDef } from '../../modules/content/section';
import type { Snapshot } from '../../modules/content/snapshot';
import { changeStatus, trashAction } from '../../modules/content/workflow';

/**
 * Where a demo item ends up, one letter each in the fate strings of demo-content.ts:
 * P published, D draft, S submitted, R returned with a note, A archived, T trashed,
 * E published then edited (a second revision; a pending edit in a village under review).
 */
export type Fate = 'P' | 'D' | 'S' | 'R' | 'A' | 'T' | 'E';

export interface Poster {
  /** Who writes: the village's operator (or the camat office for kecamatan items). */
  author: Ctx;
  /** The camat office: approves in review mode, returns with a note. */
  camat: Ctx;
  villageId: number | null;
}

const RETURN_NOTES = [
  'Mohon lengkapi foto dan pastikan harga sesuai dengan kemasan yang dijual.',
  'Judulnya terlalu umum. Sebutkan tempat, tanggal kegiatan dan jumlah peserta, lalu kirim lagi.',
  'Nomor WhatsApp penjual belum bisa dihubungi. Mohon diperiksa kembali.',
];

/** Someone who may publish this item: the author when allowed, else the camat office. */
function publisher(p: Poster): Ctx {
  const scope = { district_id: p.author.district.id, village_id: p.villageId };
  return can(p.author.ability, 'publish', 'Content', scope) ? p.author : p.camat;
}

/** The snapshot after a plausible edit: a new price, or a short addition to the text. */
function edited(def: SectionDef, snap: Snapshot): Snapshot {
  if (def.type === 'product') {
    const price = Number(snap.details.price);
    return { ...snap, details: { ...snap.details, price: price + 2000 }, summary: `${snap.summary} Harga baru mulai bulan ini.` };
  }
  return { ...snap, body_source: `${snap.body_source}\n\n_Diperbarui: informasi ini dilengkapi oleh operator._` };
}

/**
 * Creates an item through the content services and walks it to its fate, exactly as people in
 * the workspace would: the author creates (then `afterCreate`, e.g. progress updates); in review
 * mode the camat office approves or returns.
 */
export async function place(p: Poster, def: SectionDef, snap: Snapshot, fate: Fate, seq: number, afterCreate?: (id: number) => Promise<void>): Promise<number> {
  const intent = fate === 'D' ? 'draft' : fate === 'S' || fate === 'R' ? 'submit' : 'publish';
  const { id, status } = await createItem(p.author, def, { snapshot: snap, intent, villageId: p.villageId });
  await afterCreate?.(id);
  if (intent === 'publish' && status === 'submitted') await changeStatus(p.camat, def, id, 'publish', '');
  if (fate === 'R') await changeStatus(p.camat, def, id, 'return', RETURN_NOTES[seq % RETURN_NOTES.length]);
  if (fate === 'A') await changeStatus(publisher(p), def, id, 'archive', '');
  if (fate === 'T') await trashAction(publisher(p), def, id, 'delete');
  if (fate === 'E') {
    const row = await p.author.db.selectFrom('content_items').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    await updateItem(p.author, def, id, Number(row.version), { snapshot: edited(def, snap), intent: 'publish', villageId: p.villageId });
  }
  return id;
}

/** Dates a published item back to when it happened, so lists and feeds read like a real site. */
export async function backdate(ctx: Ctx, id: number, daysAgo: number): Promise<void> {
  const when = toDbDate(new Date(Date.now() - daysAgo * 86_400_000 - (id % 7) * 3_600_000));
  // A village's latest publication is counted in the portal's aggregates: it moves with the date.
  await ctx.db.transaction().execute((trx) =>
    keepingAggregates(trx, id, async () => {
      await trx.updateTable('content_items').set({ created_at: when }).where('id', '=', id).execute();
      await trx.updateTable('content_items').set({ published_at: when }).where('id', '=', id).where('published_at', 'is not', null).execute();
    }),
  );
}
