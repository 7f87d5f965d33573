// Seeds a benchmark kecamatan: the real Purwareja Klampok villages plus synthetic ones, and a large
// number of published content items with their typed details. Only for a throw-away database.
// Items of all types are interleaved and dated oldest first, so ids and published_at grow together
// as on a real site. Multi-row inserts, several batches per transaction; on SQLite the seed runs
// without fsync or WAL (the file is thrown away anyway), which makes 1,000,000 items a matter of minutes.
import { type Kysely, sql } from 'kysely';
import type { ContentType, Database } from '../../src/db/schema';
import { nowUtc, toDbDate } from '../../src/db/time';
import { provisionDistrict } from '../../src/modules/districts/provision';

export interface SeedResult {
  districtId: number;
  villages: number;
  villageIds: number[];
  items: number;
  /** The newest item's slug of each type. */
  slugs: Partial<Record<ContentType, string>>;
  villageSlug: string;
  /** A word in about one title in twenty, for /cari. */
  searchWord: string;
  seconds: number;
}

// 100 slots: 40 news, 25 products, 12 potentials, 15 projects, 5 announcements, 3 events.
const SHARES: [ContentType, number][] = [
  ['news', 40],
  ['product', 25],
  ['potential', 12],
  ['project', 15],
  ['announcement', 5],
  ['event', 3],
];
const CYCLE: ContentType[] = (() => {
  const out: ContentType[] = [];
  const left = new Map(SHARES);
  while (out.length < 100) {
    for (const [t] of SHARES) {
      if (left.get(t)! > 0) {
        out.push(t);
        left.set(t, left.get(t)! - 1);
      }
    }
  }
  return out;
})();
/** The topic words of the seeded titles, one per title in turn (first searches: first-search.ts). */
export const TOPICS = [
  'panen',
  'irigasi',
  'jalan',
  'posyandu',
  'pasar',
  'sekolah',
  'jembatan',
  'wisata',
  'batik',
  'kopi',
  'sungai',
  'masjid',
  'lapangan',
  'ternak',
  'nelayan',
  'karang',
  'taruna',
  'gotong',
  'bazar',
  'kesehatan',
];
const BATCH = 500;
const BATCHES_PER_TX = 40;
const SPAN_MS = 5 * 365 * 86_400_000;
const FILLER = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8);

export async function seedBench(db: Kysely<Database>, opts: { items: number; extraVillages: number; dialect: 'sqlite' | 'mysql'; log: (s: string) => void }): Promise<SeedResult> {
  const t0 = Date.now();
  const { districtId } = await provisionDistrict(db, '33.04.02', { host: 'localhost' });
  const now = nowUtc();
  const extra = Array.from({ length: opts.extraVillages }, (_, i) => ({
    district_id: districtId,
    code: `33.04.02.2${String(101 + i).padStart(3, '0')}`,
    name: `Desa Uji ${i + 1}`,
    slug: `desa-uji-${i + 1}`,
    kind: 'desa' as const,
    created_at: now,
    updated_at: now,
  }));
  if (extra.length) await db.insertInto('villages').values(extra).execute();
  const villages = await db.selectFrom('villages').select(['id', 'slug']).where('district_id', '=', districtId).orderBy('id').execute();
  await db
    .insertInto('village_profiles')
    .values(
      villages.map((v, i) => ({
        village_id: v.id,
        head_name: `Kepala ${i}`,
        address: 'Jl. Raya',
        phone: '0286',
        population_source: 'bench',
        vision: '',
        mission: '',
        history: '',
        lat: -7.45 + (i % 10) * 0.005,
        lng: 109.5 + Math.floor(i / 10) * 0.005,
        population: 4000 + i,
        updated_at: now,
      })),
    )
    .execute();

  if (opts.dialect === 'sqlite') {
    // No fsync, no WAL copy of every page, and a cache that holds the indexes' hot pages.
    await sql`PRAGMA journal_mode = MEMORY`.execute(db);
    await sql`PRAGMA synchronous = OFF`.execute(db);
    await sql`PRAGMA cache_size = -262144`.execute(db);
  }
  const perType = new Map<ContentType, number>();
  const step = SPAN_MS / Math.max(1, opts.items);
  const end = Date.now() - 3_600_000;
  let lastId = Number(
    (
      await db
        .selectFrom('content_items')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirst()
    )?.m ?? 0,
  );
  let written = 0;
  let nextLog = 100_000;
  while (written < opts.items) {
    await db.transaction().execute(async (trx) => {
      // This connection only, and only in a throw-away database: skip the per-row key checks.
      if (opts.dialect === 'mysql') await sql`SET SESSION foreign_key_checks = 0, unique_checks = 0`.execute(trx);
      for (let b = 0; b < BATCHES_PER_TX && written < opts.items; b++) {
        const n = Math.min(BATCH, opts.items - written);
        const types: ContentType[] = [];
        const rows = Array.from({ length: n }, (_, k) => {
          const i = written + k;
          const type = CYCLE[i % CYCLE.length];
          const seq = perType.get(type) ?? 0;
          perType.set(type, seq + 1);
          types.push(type);
          const at = toDbDate(new Date(end - (opts.items - i) * step));
          const village = type === 'announcement' || type === 'event' ? null : villages[i % villages.length].id;
          return {
            district_id: districtId,
            village_id: village,
            type,
            title: `${type} ${seq} tentang ${TOPICS[i % TOPICS.length]} di desa kami`,
            slug: `${type}-${seq}`,
            summary: `Ringkasan ${type} nomor ${seq} untuk pengujian beban portal kecamatan.`,
            body_source: `Isi ${type} ${seq}.`,
            body: `<p>Isi ${type} ${seq}. ${FILLER}</p>`,
            cover_alt: '',
            status: 'published' as const,
            published_at: at,
            created_at: at,
            updated_at: at,
          };
        });
        await trx.insertInto('content_items').values(rows).execute();
        // Read the new ids back by key range: safe on both dialects, whatever insertId means there.
        const ids = (await trx.selectFrom('content_items').select('id').where('id', '>', lastId).orderBy('id').execute()).map((r) => r.id);
        if (ids.length !== n) throw new Error(`expected ${n} new ids, got ${ids.length}`);
        lastId = ids[ids.length - 1];
        await details(trx, districtId, ids, types);
        written += n;
      }
    });
    if (written >= nextLog) {
      opts.log(`  ${written} items, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      nextLog += 100_000;
    }
  }
  if (opts.dialect === 'sqlite') {
    await sql`PRAGMA journal_mode = WAL`.execute(db);
    await sql`PRAGMA synchronous = NORMAL`.execute(db);
    await sql`PRAGMA cache_size = -2000`.execute(db);
  }
  const slugs: SeedResult['slugs'] = {};
  for (const [type, count] of perType) slugs[type] = `${type}-${count - 1}`;
  const seconds = (Date.now() - t0) / 1000;
  return { districtId, villages: villages.length, villageIds: villages.map((v) => v.id), items: written, slugs, villageSlug: villages[0].slug, searchWord: 'irigasi', seconds };
}

async function details(trx: Kysely<Database>, districtId: number, ids: number[], types: ContentType[]) {
  const of = (t: ContentType) => ids.filter((_, k) => types[k] === t);
  const products = of('product');
  const potentials = of('potential');
  const projects = of('project');
  const events = of('event');
  if (products.length) {
    await trx
      .insertInto('product_details')
      .values(
        products.map((id) => ({ item_id: id, price: 10_000 + (id % 50) * 1000, unit: 'bungkus', seller_name: 'Bu Sri', whatsapp: '6281234567890', category: 'makanan', availability: 'tersedia' })),
      )
      .execute();
  }
  if (potentials.length) {
    await trx
      .insertInto('potential_details')
      .values(
        potentials.map((id) => ({
          item_id: id,
          district_id: districtId,
          category: 'wisata',
          location_text: 'Dusun',
          lat: -7.4 - (id % 100) / 1000,
          lng: 109.5 + (id % 97) / 1000,
          contact: '',
          opening_hours: '',
        })),
      )
      .execute();
  }
  if (projects.length) {
    await trx
      .insertInto('project_details')
      .values(
        projects.map((id) => ({
          item_id: id,
          fiscal_year: 2020 + (id % 7),
          location_text: 'RT 01',
          lat: -7.42,
          lng: 109.45,
          executor: 'TPK',
          output_volume: '100 m',
          start_date: '2026-01-01',
          target_date: '2026-06-30',
          project_status: 'berjalan' as const,
          progress: id % 101,
        })),
      )
      .execute();
    await trx
      .insertInto('project_budgets')
      .values(
        projects.flatMap((id) => [
          { item_id: id, source: 'dana_desa', amount: 100_000_000 },
          { item_id: id, source: 'swadaya', amount: 5_000_000 },
        ]),
      )
      .execute();
  }
  if (events.length)
    await trx
      .insertInto('event_details')
      .values(events.map((id) => ({ item_id: id, starts_on: '2026-12-01', place: 'Pendopo' })))
      .execute();
}
