import type { Kysely } from 'kysely';
import { loadConfig } from '../config';
import type { Database } from '../db/schema';
import { type MediaStorage, storageFromConfig } from '../files';
import { saveSettings, storedTerms } from '../modules/settings/settings.service';
import { ctxForUser, dayFromToday } from './demo/ctx';
import { loadDistrict } from './demo/district';
import { loadDemoIdentity } from './demo/identity';
import type { DemoPhotos } from './demo/photos';
import { type VillageJob, loadVillage } from './demo/village';
import { VILLAGE_SEEDS } from './demo/villages-data';

// Where each village's items end up (letters in demo/place.ts; missing letters: published), so the
// workspace shows drafts, the review queue, returned items, archives, the trash and revisions.
const FATES: Record<string, VillageJob['fates']> = {
  '2001': { product: 'PEPS', news: 'PD', project: 'PP' },
  '2002': { product: 'PRP', news: 'PPA', project: 'PD' },
  '2003': { potential: 'PPD', product: 'PPD', news: 'PS', project: 'P' },
  '2004': { product: 'PEPT', news: 'PTP', project: 'PPS' },
  '2005': { product: 'PPRP', news: 'PD', project: 'PP' },
  '2006': { product: 'PEPAD', news: 'PPT', project: 'PEP' },
  // Kalimandi publishes through the camat office's review.
  '2007': { product: 'PESP', news: 'PR', project: 'PP' },
  '2008': { product: 'PPTP', news: 'PTA', project: 'PP' },
};
const REVIEW_VILLAGE = '2007';

export interface DemoContentOptions {
  districtCode?: string;
  districtId?: number;
  /** The media store; by default the configured UPLOAD_DIR. */
  storage?: MediaStorage;
  /**
   * Width of the drawn photos (800 px, 4:3). The tests draw them narrower: the same pictures through
   * the same processing, at a fraction of its cost.
   */
  photoWidth?: number;
  log?: (line: string) => void;
}

export interface DemoContentResult {
  loaded: string[];
  skipped: string[];
  district: boolean;
  photos: number;
  ms: number;
}

const countMedia = async (db: Kysely<Database>, districtId: number) =>
  Number(
    (
      await db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('district_id', '=', districtId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Fills every desa of the demo kecamatan with sample content of every type, through the real
 * services (rules, revisions, audit, slugs) as each village's operator and the camat office.
 * A village (or the kecamatan level) that already has content is skipped, so a second run adds
 * nothing. Needs the camat office's account; a village without an operator is filled by it.
 */
export async function loadDemoContent(db: Kysely<Database>, opts: DemoContentOptions): Promise<DemoContentResult> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const photos: DemoPhotos = { storage: opts.storage ?? storageFromConfig(loadConfig()), width: opts.photoWidth ?? 800 };
  const district = await db
    .selectFrom('districts')
    .selectAll()
    .$if(opts.districtId !== undefined, (q) => q.where('id', '=', opts.districtId!))
    .$if(opts.districtCode !== undefined, (q) => q.where('code', '=', opts.districtCode!))
    .executeTakeFirstOrThrow();
  const firstUser = (role: 'district_admin' | 'village_operator', villageId: number | null) =>
    db
      .selectFrom('users')
      .select('id')
      .where('district_id', '=', district.id)
      .where('role', '=', role)
      .where('disabled_at', 'is', null)
      .$if(villageId !== null, (q) => q.where('village_id', '=', villageId!))
      .orderBy('id')
      .executeTakeFirst();
  const camatRow = await firstUser('district_admin', null);
  if (!camatRow) throw new Error(`Kecamatan ${district.name} has no camat office account to post the demo content`);
  let camat = await ctxForUser(db, camatRow.id, district);
  const photosBefore = await countMedia(db, district.id);

  const villages = await db.selectFrom('villages').selectAll().where('district_id', '=', district.id).orderBy('code').execute();
  const hasContent = async (villageId: number) =>
    Boolean(await db.selectFrom('content_items').select('id').where('village_id', '=', villageId).limit(1).executeTakeFirst()) ||
    Boolean(await db.selectFrom('village_profiles').select('village_id').where('village_id', '=', villageId).executeTakeFirst());

  const result: DemoContentResult = { loaded: [], skipped: [], district: false, photos: 0, ms: 0 };
  const asOf = `${dayFromToday(-150, district.timezone).slice(0, 4)}-06-30`;
  for (const village of villages) {
    const seed = VILLAGE_SEEDS.find((s) => village.code.endsWith(`.${s.code}`));
    if (!seed || (await hasContent(village.id))) {
      result.skipped.push(village.name);
      continue;
    }
    const t0 = Date.now();
    if (seed.code === REVIEW_VILLAGE && !village.review_required) {
      // Through the settings service, keeping the other villages' modes and the blocked terms.
      const current = villages.filter((v) => v.review_required).map((v) => v.id);
      await saveSettings(camat, { reviewVillageIds: [...current, village.id], terms: storedTerms(district.blocked_terms) });
      camat = await ctxForUser(db, camatRow.id, district);
    }
    const op = await firstUser('village_operator', village.id);
    const author = op ? await ctxForUser(db, op.id, district) : camat;
    await loadVillage({ village, seed, index: VILLAGE_SEEDS.indexOf(seed), author, camat, photos, fates: FATES[seed.code] ?? {}, asOf });
    result.loaded.push(village.name);
    log(`  Desa ${village.name}: content loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const districtLevel = await db.selectFrom('content_items').select('id').where('district_id', '=', district.id).where('village_id', 'is', null).limit(1).executeTakeFirst();
  if (!districtLevel) {
    await loadDistrict(camat, photos);
    result.district = true;
    log(`  Kecamatan ${district.name}: berita, pengumuman, agenda and halaman loaded`);
  }
  if (await loadDemoIdentity(camat, photos)) log(`  Kecamatan ${district.name}: identity (hero photo, camat's welcome, office contacts) set`);
  result.photos = (await countMedia(db, district.id)) - photosBefore;
  result.ms = Date.now() - started;
  if (result.skipped.length) log(`  Skipped (already has content): ${result.skipped.join(', ')}`);
  log(`Demo content: ${result.loaded.length} villages, ${result.photos} photos in ${(result.ms / 1000).toFixed(1)} s`);
  return result;
}
