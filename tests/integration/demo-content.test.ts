import request from 'supertest';
import { loadDemoContent } from '../../src/cli/demo-content';
import type { ContentType } from '../../src/db/schema-content';
import { SECTIONS } from '../../src/modules/sections';
import { type TestEnv, addUser, createTestEnv, provision } from '../support/app';

const HOST = 'klampok.test';
// Photos 160 px wide instead of 800: the same drawing and processing (decoded, re-encoded, stored,
// served) at a 25th of the pixels; tests/unit/media.test.ts checks the processing itself at full
// size, tests/e2e/phone-layout.test.ts lays the demo out with photos wider than the phone.
const PHOTO_WIDTH = 160;
let env: TestEnv;
let districtId: number;

beforeAll(async () => {
  env = await createTestEnv();
  ({ districtId } = await provision(env.db, '33.04.02', HOST));
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
  const villages = await env.db.selectFrom('villages').select(['id', 'slug']).where('district_id', '=', districtId).orderBy('code').execute();
  // Every village but the last has its operator; the camat office fills that one itself.
  for (const v of villages.slice(0, -1)) await addUser(env.db, { districtId, villageId: v.id, username: `operator.${v.slug}`, role: 'village_operator' });
}, 60_000);
afterAll(() => env.close());

const countQuery = () => env.db.selectFrom('content_items').select((eb) => eb.fn.countAll<number>().as('n'));
const count = async (where: (q: ReturnType<typeof countQuery>) => ReturnType<typeof countQuery>) => Number((await where(countQuery()).executeTakeFirstOrThrow()).n);
const totals = async () => ({
  items: Number(
    (
      await env.db
        .selectFrom('content_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  media: Number(
    (
      await env.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  profiles: Number(
    (
      await env.db
        .selectFrom('village_profiles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  revisions: Number(
    (
      await env.db
        .selectFrom('content_revisions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  audit: Number(
    (
      await env.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

describe('the demo content loader', () => {
  test('fills every desa and the kecamatan, with every status, real media, and nothing twice', async () => {
    const first = await loadDemoContent(env.db, { districtId, storage: env.storage, photoWidth: PHOTO_WIDTH });
    expect(first.loaded).toHaveLength(8);
    expect(first.district).toBe(true);

    const villages = await env.db.selectFrom('villages').selectAll().where('district_id', '=', districtId).execute();
    for (const v of villages) {
      const profile = await env.db.selectFrom('village_profiles').selectAll().where('village_id', '=', v.id).executeTakeFirst();
      expect(profile).toBeDefined();
      expect(profile!.head_name).not.toBe('');
      expect(Number(profile!.population)).toBeGreaterThanOrEqual(3000);
      expect(Number(profile!.population)).toBeLessThanOrEqual(8000);
      expect(profile!.population_source).toBe('Data kependudukan desa');
      expect(profile!.population_as_of).toMatch(/^\d{4}-06-30$/);
      expect(profile!.whatsapp).toMatch(/^628\d+$/);
      expect(profile!.cover_media_id).not.toBeNull();
      const live = (type: ContentType) => count((q) => q.where('village_id', '=', v.id).where('type', '=', type).where('deleted_at', 'is', null));
      expect(await live('potential')).toBeGreaterThanOrEqual(2);
      expect(await live('product')).toBeGreaterThanOrEqual(3);
      expect(await live('news')).toBeGreaterThanOrEqual(2);
      if (SECTIONS.some((d) => d.type === 'project')) expect(await live('project')).toBeGreaterThanOrEqual(1);
    }

    for (const status of ['draft', 'submitted', 'returned', 'archived', 'published'] as const) {
      expect(await count((q) => q.where('status', '=', status).where('deleted_at', 'is', null))).toBeGreaterThan(0);
    }
    expect(await count((q) => q.where('deleted_at', 'is not', null))).toBeGreaterThan(0);
    expect(await count((q) => q.where('pending_revision_id', 'is not', null))).toBeGreaterThan(0);
    expect(await count((q) => q.where('status', '=', 'returned').where('review_note', 'is not', null))).toBeGreaterThan(0);
    expect(await count((q) => q.where('spam_matches', 'is not', null))).toBe(0);
    // Every type the camat office writes has published kecamatan-level demo items.
    for (const { type } of SECTIONS.filter((d) => d.levels.includes('district'))) {
      const n = await count((q) => q.where('village_id', 'is', null).where('type', '=', type).where('status', '=', 'published'));
      expect([type, n > 0]).toEqual([type, true]);
    }
    // Layanan of the camat office, published, some with their PDF forms.
    const services = await env.db
      .selectFrom('content_items')
      .innerJoin('service_details as sd', 'sd.item_id', 'content_items.id')
      .select(['content_items.id', 'title', 'status', 'village_id', 'requirements', 'steps'])
      .where('type', '=', 'service')
      .execute();
    expect(services.length).toBeGreaterThanOrEqual(5);
    expect(services.map((s) => s.title)).toEqual(expect.arrayContaining(['Surat Rekomendasi Dispensasi Nikah', 'Legalisasi Dokumen Kependudukan', 'Rekomendasi Izin Keramaian']));
    for (const s of services) {
      expect([s.status, s.village_id]).toEqual(['published', null]);
      expect(s.requirements.split('\n').length).toBeGreaterThanOrEqual(2);
      expect(s.steps.split('\n').length).toBeGreaterThanOrEqual(3);
    }
    const forms = await env.db
      .selectFrom('item_media')
      .innerJoin('media', 'media.id', 'item_media.media_id')
      .select('media.kind')
      .where(
        'item_media.item_id',
        'in',
        services.map((s) => s.id),
      )
      .execute();
    expect(forms.length).toBeGreaterThanOrEqual(2);
    expect(new Set(forms.map((f) => f.kind))).toEqual(new Set(['pdf']));
    const pages = await env.db.selectFrom('content_items').select('title').where('type', '=', 'page').execute();
    expect(pages.map((p) => p.title)).toEqual(expect.arrayContaining(['Profil Kecamatan', 'Visi dan Misi', 'Struktur Organisasi', 'Layanan']));
    expect(villages.filter((v) => v.review_required).map((v) => v.name)).toEqual(['Kalimandi']);

    // Real processed media, stored and scoped to their village.
    const media = await env.db.selectFrom('media').selectAll().execute();
    expect(media.length).toBe(first.photos);
    expect(media.length).toBeGreaterThan(40);
    const keys = media.flatMap((m) => (JSON.parse(m.files) as { key: string }[]).map((f) => f.key));
    for (const key of keys.filter((_k, i) => i % 25 === 0)) expect((await env.storage.get(key)).length).toBeGreaterThan(0);
    const kalilandak = villages.find((v) => v.slug === 'kalilandak')!;
    const page = await request(env.app).get('/desa/kalilandak').set('Host', HOST);
    expect(page.text).toContain('Slamet Riyadi');
    const img = page.text.match(/<img[^>]* src="(\/media\/[^"]+)"/)![1];
    expect((await request(env.app).get(img).set('Host', HOST)).status).toBe(200);
    const kalilandakMedia = await env.db
      .selectFrom('media')
      .select('village_id')
      .where('id', '=', (await env.db.selectFrom('village_profiles').select('cover_media_id').where('village_id', '=', kalilandak.id).executeTakeFirstOrThrow()).cover_media_id!)
      .executeTakeFirstOrThrow();
    expect(kalilandakMedia.village_id).toBe(kalilandak.id);

    // Written as the operators and the camat office, with revisions and audit entries.
    const authors = await env.db
      .selectFrom('content_items')
      .innerJoin('users', 'users.id', 'content_items.author_id')
      .select('users.role')
      .where('content_items.village_id', '=', kalilandak.id)
      .execute();
    expect(new Set(authors.map((a) => a.role))).toEqual(new Set(['village_operator']));
    const before = await totals();
    expect(before.revisions).toBeGreaterThan(before.items);
    expect(before.audit).toBeGreaterThan(before.items);

    const second = await loadDemoContent(env.db, { districtId, storage: env.storage, photoWidth: PHOTO_WIDTH });
    expect(second.loaded).toEqual([]);
    expect(second.district).toBe(false);
    expect(await totals()).toEqual(before);
  }, 240_000);

  test('every public page renders from the demo data: each URL of the sitemap and the other public routes answer 200', async () => {
    // Runs after the loader above has filled the kecamatan.
    const get = (path: string) => request(env.app).get(path).set('Host', HOST);
    const locs = (text: string) => [...text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
    const index = await get('/sitemap.xml');
    expect(index.status).toBe(200);
    const paths: string[] = [];
    for (const child of locs(index.text)) {
      const res = await get(child);
      expect([child, res.status]).toEqual([child, 200]);
      paths.push(...locs(res.text));
    }
    expect(paths.length).toBeGreaterThan(100);
    const extra = [
      '/feed.xml',
      '/desa/kalilandak/feed.xml',
      '/robots.txt',
      '/cari?q=salak',
      '/peta',
      '/peta.geojson',
      '/pembangunan.csv',
      '/api/v1/openapi.json',
      '/api/v1/villages',
      '/api/v1/news',
      '/api/v1/potentials',
      '/api/v1/products',
      '/api/v1/projects',
      '/api/v1/services',
      '/layanan',
    ];
    const failures: string[] = [];
    for (const path of [...new Set([...paths, ...extra])]) {
      const res = await get(path);
      if (res.status !== 200) failures.push(`${path} → ${res.status}`);
    }
    expect(failures).toEqual([]);

    // The kecamatan's identity: the camat's welcome, the office's contacts and the hero photo.
    const home = await get('/');
    expect(home.text).toContain('Drs. Bambang Sutejo, M.Si.');
    expect(home.text).toContain('Jl. Raya Klampok No. 12');
    const identity = await env.db.selectFrom('district_identity').selectAll().where('district_id', '=', districtId).executeTakeFirstOrThrow();
    const hero = await env.db.selectFrom('media').select('district_id').where('id', '=', identity.hero_media_id!).executeTakeFirstOrThrow();
    expect(hero.district_id).toBe(districtId);
  }, 120_000);
});
