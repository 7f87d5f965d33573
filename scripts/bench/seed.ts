// Seeds a benchmark kecamatan: the real Purwareja Klampok villages plus synthetic ones, and a large
// number of published content items with their typed details, in batched multi-row inserts inside
// transactions (fast on both dialects). Only for a throw-away database.
import type { Kysely } from 'kysely';
import type { ContentType, Database } from '../../src/db/schema';
import { nowUtc, toDbDate } from '../../src/db/time';
import { provisionDistrict } from '../../src/modules/districts/provision';

export interface SeedResult {
  districtId: number;
  villages: number;
  items: number;
  slugs: Partial<Record<ContentType, string>>;
  villageSlug: string;
}

const MIX: [ContentType, number][] = [
  ['news', 0.4],
  ['product', 0.25],
  ['potential', 0.12],
  ['project', 0.15],
  ['announcement', 0.05],
  ['event', 0.03],
];
const BATCH = 500;

export async function seedBench(db: Kysely<Database>, opts: { items: number; extraVillages: number; log: (s: string) => void }): Promise<SeedResult> {
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
    .values(villages.map((v, i) => ({ village_id: v.id, head_name: `Kepala ${i}`, address: 'Jl. Raya', phone: '0286', population_source: 'bench', vision: '', mission: '', history: '', lat: -7.45 + (i % 10) * 0.005, lng: 109.5 + Math.floor(i / 10) * 0.005, population: 4000 + i, updated_at: now })))
    .execute();

  const t0 = Date.now();
  let written = 0;
  const slugs: SeedResult['slugs'] = {};
  for (const [type, share] of MIX) {
    const count = Math.round(opts.items * share);
    for (let start = 0; start < count; start += BATCH * 10) {
      // Ten batches per transaction keeps each commit short and the total fast.
      await db.transaction().execute(async (trx) => {
        for (let b = start; b < Math.min(count, start + BATCH * 10); b += BATCH) {
          const n = Math.min(BATCH, count - b);
          const rows = Array.from({ length: n }, (_, k) => {
            const i = b + k;
            const at = toDbDate(new Date(Date.UTC(2020, 0, 1) + i * 600_000));
            const village = type === 'announcement' || type === 'event' ? null : villages[i % villages.length].id;
            return {
              district_id: districtId,
              village_id: village,
              type,
              title: `${type} ${i} tentang kegiatan desa yang cukup panjang`,
              slug: `${type}-${i}`,
              summary: `Ringkasan ${type} nomor ${i} untuk pengujian beban portal kecamatan.`,
              body_source: `Isi ${type} ${i}.`,
              body: `<p>Isi ${type} ${i}. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8)}</p>`,
              cover_alt: '',
              status: 'published' as const,
              published_at: at,
              created_at: at,
              updated_at: at,
            };
          });
          await trx.insertInto('content_items').values(rows).execute();
          const ids = await trx.selectFrom('content_items').select('id').where('type', '=', type).where('district_id', '=', districtId).orderBy('id', 'desc').limit(n).execute();
          await details(trx, type, ids.map((r) => r.id));
          written += n;
        }
      });
    }
    slugs[type] = `${type}-${count - 1}`;
    opts.log(`  ${type}: ${count}`);
  }
  opts.log(`seeded ${written} items in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { districtId, villages: villages.length, items: written, slugs, villageSlug: villages[0].slug };
}

async function details(trx: Kysely<Database>, type: ContentType, ids: number[]) {
  if (type === 'product') {
    await trx.insertInto('product_details').values(ids.map((id) => ({ item_id: id, price: 10_000 + (id % 50) * 1000, unit: 'bungkus', seller_name: 'Bu Sri', whatsapp: '6281234567890', category: 'makanan', availability: 'tersedia' }))).execute();
  } else if (type === 'potential') {
    await trx.insertInto('potential_details').values(ids.map((id) => ({ item_id: id, category: 'wisata', location_text: 'Dusun', lat: -7.4 - (id % 100) / 1000, lng: 109.5 + (id % 97) / 1000, contact: '', opening_hours: '' }))).execute();
  } else if (type === 'project') {
    await trx
      .insertInto('project_details')
      .values(ids.map((id) => ({ item_id: id, fiscal_year: 2020 + (id % 7), location_text: 'RT 01', lat: -7.42, lng: 109.45, executor: 'TPK', output_volume: '100 m', start_date: '2026-01-01', target_date: '2026-06-30', project_status: 'berjalan' as const, progress: id % 101 })))
      .execute();
    await trx.insertInto('project_budgets').values(ids.flatMap((id) => [{ item_id: id, source: 'dana_desa', amount: 100_000_000 }, { item_id: id, source: 'swadaya', amount: 5_000_000 }])).execute();
  } else if (type === 'event') {
    await trx.insertInto('event_details').values(ids.map((id) => ({ item_id: id, starts_on: '2026-12-01', place: 'Pendopo' }))).execute();
  }
}
