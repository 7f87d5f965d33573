// Kept searches (src/modules/portal/search/page.ts, kept-reads.ts keptSearch): /cari's result is read
// once per kecamatan, content_version and query, every publish, archiving and trash is seen by the
// next search, a MySQL answer cut short by the time cap is not kept, and many distinct queries fill
// a bound of their own, never the pages' kept reads. The page cache is off: each request renders.
import { sql } from 'kysely';
import request from 'supertest';
import { nowUtc } from '../../src/db/time';
import { KEPT_SEARCHES_MAX, keptReadCount, keptSearch, keptSearchCount } from '../../src/modules/portal/kept-reads';
import { CANDIDATES, parseQuery } from '../../src/modules/portal/search';
import { searchPageKept } from '../../src/modules/portal/search/page';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, type World, contentWorld, createItemVia, postForm, statusVia } from '../support/content';

let env: TestEnv;
let w: World;
let op: Agent;

beforeAll(async () => {
  env = await createTestEnv({ PAGE_CACHE: 'false' });
  w = await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
});
afterAll(() => env.close());

const search = async (q: string) => (await request(env.app).get('/cari').query({ q }).set('Host', HOST)).text;
const district = () => env.db.selectFrom('districts').selectAll().where('id', '=', w.dA).executeTakeFirstOrThrow();
const news = (title: string) => ({ title, summary: 'Kabar dari desa', body_source: 'Warga bekerja bersama.', intent: 'publish' });

describe('a kept search', () => {
  test('is answered without reading until the content version moves; every spelling of its words shares it', async () => {
    const id = await createItemVia(op, 'berita', news('Embung Kalilandak diresmikan'));
    expect(await search('embung')).toContain('<mark>Embung</mark> Kalilandak diresmikan');
    // Written past the services (no new version): the search is not read again.
    await env.db.updateTable('content_items').set({ title: 'Embung diubah langsung' }).where('id', '=', id).execute();
    expect(await search('embung')).toContain('<mark>Embung</mark> Kalilandak diresmikan');
    expect(await search('  EMBUNG!! ')).toContain('<mark>Embung</mark> Kalilandak diresmikan');
    // Any publish bumps the version: the next search reads afresh.
    await createItemVia(op, 'berita', news('Kerja bakti embung'));
    const after = await search('embung');
    expect(after).toContain('<mark>Embung</mark> diubah langsung');
    expect(after).toContain('Kerja bakti <mark>embung</mark>');
    expect(after).not.toContain('Kalilandak diresmikan');
  });

  test('sees a publish, an archiving and a trash at the very next search', async () => {
    expect(await search('talang')).toContain('Tidak ada hasil untuk “talang”');
    const id = await createItemVia(op, 'berita', news('Talang air Kalilandak'));
    expect(await search('talang')).toContain('<mark>Talang</mark> air Kalilandak');
    expect((await statusVia(op, 'berita', id, 'archive')).status).toBe(303);
    expect(await search('talang')).not.toContain('Talang air Kalilandak');
    const again = await createItemVia(op, 'berita', news('Talang bambu Kalilandak'));
    expect(await search('talang')).toContain('<mark>Talang</mark> bambu Kalilandak');
    expect((await postForm(op, `/admin/berita/${again}/hapus`)).status).toBe(303);
    expect(await search('talang')).not.toContain('Talang bambu Kalilandak');
  });

  test('a result its keeper refuses is shared by the requests that read it, then read again', async () => {
    const d = await district();
    let reads = 0;
    const load = async () => ++reads;
    const [a, b] = await Promise.all([keptSearch(env.db, d, 'refused', load, () => false), keptSearch(env.db, d, 'refused', load, () => false)]);
    expect([a, b]).toEqual([1, 1]);
    expect(await keptSearch(env.db, d, 'refused', load, () => false)).toBe(2);
    expect(await keptSearch(env.db, d, 'kept', load, () => true)).toBe(3);
    expect(await keptSearch(env.db, d, 'kept', load, () => true)).toBe(3);
  });

  test('distinct queries past the bound push out older searches only, never the pages’ kept reads', async () => {
    const id = await createItemVia(op, 'berita', news('Sumur bor Kalilandak'));
    expect((await request(env.app).get('/berita').set('Host', HOST)).text).toContain('Sumur bor Kalilandak');
    const pages = keptReadCount(env.db);
    const d = await district();
    for (let i = 0; i < KEPT_SEARCHES_MAX + 20; i++) await searchPageKept(env.db, d, parseQuery(`sumur${i}`), 100);
    expect(keptSearchCount(env.db)).toBe(KEPT_SEARCHES_MAX);
    expect(keptReadCount(env.db)).toBe(pages);
    // /berita is still answered from its kept read: a title written past the services stays unseen.
    await env.db.updateTable('content_items').set({ title: 'Sumur diubah langsung' }).where('id', '=', id).execute();
    expect((await request(env.app).get('/berita').set('Host', HOST)).text).toContain('Sumur bor Kalilandak');
  });
});

describe('MySQL/MariaDB: an answer cut short by the time cap', () => {
  const mysqlOnly = () => (process.env.DATABASE_URL ? test : test.skip);

  mysqlOnly()('is shown but not kept: the next search of the same words reads again', async () => {
    // A new version first: the kecamatan's earlier searches are dropped when a search sees it.
    await createItemVia(op, 'berita', news('Kabar pagi Kalilandak'));
    // As tests/integration/portal-search.test.ts: a word in 2,000 older items and not in the 3 newest.
    const now = nowUtc();
    const rows = (word: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        district_id: w.dA,
        village_id: w.v.pagak,
        type: 'news' as const,
        summary: '',
        cover_alt: '',
        title: `${word} ${i}`,
        slug: `${word.toLowerCase().replace(/ /g, '-')}-${i}`,
        body_source: 'x',
        body: '<p>x</p>',
        status: 'published' as const,
        published_at: now,
        created_at: now,
        updated_at: now,
      }));
    const all = [...rows('Gamelan lama', 2000), ...rows('Kabar baru', 3)];
    for (let i = 0; i < all.length; i += 250)
      await env.db
        .insertInto('content_items')
        .values(all.slice(i, i + 250))
        .execute();
    for (let tries = 0; ; tries++) {
      const row = await sql<{ n: number }>`select count(*) as n from content_items where match(title, summary, body_source) against ('+gamelan*' in boolean mode)`.execute(env.db);
      if (Number(row.rows[0]?.n) === 2000) break;
      if (tries > 100) throw new Error('FULLTEXT never saw the 2,000 rows');
      await new Promise((r) => setTimeout(r, 50));
    }
    const d = await district();
    const parsed = parseQuery('gamelan');
    const window = { windowFirst: 3, windowMax: 3 };
    const capped = await searchPageKept(env.db, d, parsed, 20, { ...window, fulltextSeconds: 0.000001 });
    expect(capped).toMatchObject({ groups: [], total: 0, partialWindow: 3 });
    expect(keptSearchCount(env.db)).toBe(0);
    // The same key again, now without the cap: the whole answer, which is kept.
    const whole = await searchPageKept(env.db, d, parsed, 20, window);
    expect(whole).toMatchObject({ total: CANDIDATES, more: true, partialWindow: undefined, shown: 20 });
    expect(keptSearchCount(env.db)).toBe(1);
    expect(await searchPageKept(env.db, d, parsed, 20, { ...window, fulltextSeconds: 0.000001 })).toBe(whole);
  });
});
