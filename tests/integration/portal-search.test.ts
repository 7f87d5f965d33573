// /cari: full-text search (FTS5 on SQLite, FULLTEXT on MySQL) over published items of this
// kecamatan only; hostile queries give a normal page or a 400, never a 500.
import { sql } from 'kysely';
import request from 'supertest';
import type { ContentStatus } from '../../src/db/schema';
import { nowUtc } from '../../src/db/time';
import { CANDIDATES, searchPage, searchPublished, parseQuery, snippet } from '../../src/modules/portal/search';
import { newestWindowQuery } from '../../src/modules/portal/search/mysql';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia, formOf, postForm, rowOrThrow, statusVia } from '../support/content';

let env: TestEnv;
let w: World;
let op: Agent;
let camat: Agent;
const ids: Record<string, number> = {};

const body = (text: string) => ({ summary: 'Kabar dari desa', body_source: text });
const search = (q: string) => request(env.app).get('/cari').query({ q }).set('Host', HOST);
const found = async (q: string) => (await searchPublished(env.db, w.dA, q)).map((h) => h.id);

// InnoDB moves new words from its FULLTEXT cache to the index in the background, and a MATCH
// during that move found none of 2,000 fresh rows (CI, MariaDB 10.11, twice; once right after a
// count by MATCH had seen all of them): the cases about what searchPage does with MATCH's answer
// start once the cache has been written to the index (OPTIMIZE TABLE with
// innodb_optimize_fulltext_only does that at once) and MATCH sees every row (at once on SQLite).
const indexed = async (word: string, count: number) => {
  if (!process.env.DATABASE_URL) return;
  await sql`set global innodb_optimize_fulltext_only = 1`.execute(env.db);
  try {
    await sql`optimize table content_items`.execute(env.db);
  } finally {
    await sql`set global innodb_optimize_fulltext_only = 0`.execute(env.db);
  }
  for (let tries = 0; tries < 100; tries++) {
    const row = await sql<{ n: number }>`select count(*) as n from content_items where match(title, summary, body_source) against (${`+${word}*`} in boolean mode)`.execute(env.db);
    if (Number(row.rows[0]?.n) === count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`FULLTEXT never saw the ${count} rows with ${word}`);
};

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  camat = await login(env.app, HOST, 'camat');
  const opB = await login(env.app, HOST_B, 'op.susukan');
  ids.live = await createItemVia(op, 'berita', { title: 'Festival Dawet Ayu', ...body('Warga menyiapkan tempayan gerabah.'), intent: 'publish' });
  ids.potensi = await createItemVia(op, 'potensi', { title: 'Kebun Dawet Kalilandak', ...body('Kebun aren.'), intent: 'publish' });
  ids.announcement = await createItemVia(camat, 'pengumuman', { title: 'Pengumuman lomba dawet', ...body('Lomba antar desa.'), intent: 'publish' });
  ids.short = await createItemVia(op, 'berita', { title: 'Warung es degan', ...body('Segar.'), intent: 'publish' });
  ids.draft = await createItemVia(op, 'berita', { title: 'Dawet Rahasia Draf', ...body('x'), intent: 'draft' });
  ids.submitted = await createItemVia(op, 'berita', { title: 'Dawet Kiriman Menunggu', ...body('x'), intent: 'submit' });
  ids.returned = await createItemVia(op, 'berita', { title: 'Dawet Dikembalikan', ...body('x'), intent: 'submit' });
  expect((await statusVia(camat, 'berita', ids.returned, 'return', 'Perbaiki judul')).status).toBe(303);
  ids.archived = await createItemVia(op, 'berita', { title: 'Dawet Diarsipkan', ...body('x'), intent: 'publish' });
  expect((await statusVia(op, 'berita', ids.archived, 'archive')).status).toBe(303);
  ids.trashed = await createItemVia(op, 'berita', { title: 'Dawet Dibuang', ...body('x'), intent: 'publish' });
  expect((await postForm(op, `/admin/berita/${ids.trashed}/hapus`)).status).toBe(303);
  ids.other = await createItemVia(opB, 'berita', { title: 'Dawet Susukan Lain', ...body('x'), intent: 'publish' }, HOST_B);
});
afterAll(() => env.close());

describe('searchPublished', () => {
  test('the rows are in the states the test expects', async () => {
    const status = async (k: string) => (await rowOrThrow(env.db, ids[k])).status;
    expect([await status('live'), await status('draft'), await status('submitted'), await status('returned'), await status('archived')]).toEqual([
      'published',
      'draft',
      'submitted',
      'returned',
      'archived',
    ]);
    expect((await rowOrThrow(env.db, ids.trashed)).deleted_at).not.toBeNull();
  });

  test('finds published items by words of the title, summary and body, as prefixes, every word required', async () => {
    expect((await found('dawet')).sort()).toEqual([ids.live, ids.potensi, ids.announcement].sort());
    expect(await found('DAWE')).toHaveLength(3);
    expect(await found('tempayan')).toEqual([ids.live]);
    expect(await found('dawet tempayan')).toEqual([ids.live]);
    expect(await found('dawet zzqqxx')).toEqual([]);
    expect(await found('es degan')).toEqual([ids.short]);
    expect(await found('')).toEqual([]);
  });

  test('never finds drafts, submitted, returned, archived, trashed items or another kecamatan', async () => {
    const all = await searchPublished(env.db, w.dA, 'dawet', 200);
    for (const k of ['draft', 'submitted', 'returned', 'archived', 'trashed', 'other']) expect(all.map((h) => h.id)).not.toContain(ids[k]);
    expect((await searchPublished(env.db, w.dB, 'dawet')).map((h) => h.id)).toEqual([ids.other]);
  });

  test('queries are reduced to plain words', () => {
    expect(parseQuery(`"dawet" NEAR(ayu* -foo) ' OR 1=1 --`).tokens).toEqual(['dawet', 'near', 'ayu', 'foo', 'or', '1']);
    expect(parseQuery('x'.repeat(10_000)).text).toHaveLength(100);
    expect(parseQuery(['a', 'b']).text).toBe('a');
    expect(parseQuery({ a: 1 }).text).toBe('');
    expect(
      snippet({ summary: 'Festival Dawet', body_source: '**tebal**' }, ['dawet'])
        .filter((p) => p.hit)
        .map((p) => p.text),
    ).toEqual(['Dawet']);
  });
});

describe('/cari', () => {
  test('without q: the search form only', async () => {
    const res = await search('');
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="q"');
    expect(res.text).not.toContain('role="status"');
  });

  test('results grouped by type and village, with counts and marked words', async () => {
    const res = await search('dawet');
    expect(res.status).toBe(200);
    expect(res.text).toContain('3 hasil');
    for (const type of ['news', 'announcement', 'potential']) expect(res.text).toContain(`id="hasil-${type}"`);
    expect(res.text).toContain('href="/berita/');
    expect(res.text).toContain('Desa Kalilandak');
    expect(res.text).toContain('<mark>Dawet</mark>');
    for (const title of ['Rahasia Draf', 'Kiriman Menunggu', 'Dikembalikan', 'Diarsipkan', 'Dibuang', 'Susukan Lain']) expect(res.text).not.toContain(title);
  });

  test('an edit is found by its new words, not its old; a trashed item is found no more', async () => {
    const edit = formOf((await op.get(`/admin/berita/${ids.live}/ubah`).set('Host', HOST)).text);
    edit.fields.title = 'Festival Cendol Ayu';
    const saved = await op
      .post(edit.action)
      .set('Host', HOST)
      .field(edit.fields as Record<string, string>);
    expect(saved.status).toBe(303);
    expect(await found('cendol')).toEqual([ids.live]);
    expect(await found('dawet')).not.toContain(ids.live);
    expect((await search('cendol')).text).toContain('<mark>Cendol</mark> Ayu');

    expect((await postForm(op, `/admin/berita/${ids.live}/hapus`)).status).toBe(303);
    expect(await found('cendol')).toEqual([]);
    expect((await search('cendol')).text).not.toContain('festival-dawet-ayu');
  });

  test.each([
    ['a quote', '"'],
    ['a star', '*'],
    ['NEAR(', 'NEAR(dawet'],
    ['SQL', "' OR 1=1 --"],
    ['a minus', '-foo'],
    ['operators', '+dawet -"x" ~y <z >w (a) @3'],
    ['percent and underscore', '%_!'],
    ['only punctuation', '!!!???'],
    ['10,000 characters', 'dawet '.repeat(1700)],
  ])('%s in q gives a normal page, never a 500', async (_name, q) => {
    const res = await search(q);
    expect([200, 400]).toContain(res.status);
    if (res.status === 200) expect(res.text).toContain('name="q"');
  });

  test('q is escaped in the page, and a repeated q does not break it', async () => {
    const res = await search('<script>alert(1)</script>');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)');
    const twice = await request(env.app).get('/cari?q=kebun&q=lomba').set('Host', HOST);
    expect(twice.status).toBe(200);
    expect(twice.text).toContain('Dawet Kalilandak');
  });
});

describe('many matches', () => {
  const insertMany = async (word: string, count: number, status: ContentStatus = 'published') => {
    const now = nowUtc();
    const rows = Array.from({ length: count }, (_, i) => ({
      district_id: w.dA,
      village_id: w.v.pagak,
      type: 'news' as const,
      summary: '',
      cover_alt: '',
      title: `Kabar ${word} ${status} ${i}`,
      slug: `${word}-${status}-${i}`,
      body_source: 'x',
      body: '<p>x</p>',
      status,
      published_at: now,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 250)
      await env.db
        .insertInto('content_items')
        .values(rows.slice(i, i + 250))
        .execute();
  };

  test('more than CANDIDATES matches: the newest CANDIDATES are ranked and the count says "lebih dari"', async () => {
    await insertMany('wayang', 5, 'draft');
    await insertMany('wayang', CANDIDATES + 1);
    const page = await searchPage(env.db, w.dA, 'wayang', 20);
    expect(page).toMatchObject({ total: CANDIDATES, more: true });
    expect(page.hits).toHaveLength(20);
    // The oldest match is outside the newest CANDIDATES, so it is neither ranked nor shown.
    expect((await searchPublished(env.db, w.dA, 'wayang', 200)).map((h) => h.slug)).not.toContain('wayang-published-0');
    const res = await search('wayang');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Lebih dari 1.000 hasil untuk');
    expect(res.text.match(/<li>(<img [^>]*>)?<a href="\/berita\/wayang-published-/g)).toHaveLength(100);
    expect(res.text).not.toContain('wayang-draft-');
    // Words are matched from their start on both dialects (MySQL's newest-items scan too), never inside.
    expect(await searchPage(env.db, w.dA, 'ayang')).toMatchObject({ total: 0, more: false });
  });

  test('between the page size and CANDIDATES matches: the exact count, the best 100 shown', async () => {
    await insertMany('lurik', 150);
    await insertMany('lurik', 3, 'draft');
    expect(await searchPage(env.db, w.dA, 'lurik', 100)).toMatchObject({ total: 150, more: false });
    const res = await search('lurik');
    expect(res.text).toContain('150 hasil untuk');
    expect(res.text).toContain('ditampilkan 100 yang paling cocok');
    expect(res.text).not.toContain('Lebih dari');
  });
});

describe('relevance', () => {
  test("among hits of the same rank, the engine's relevance comes before the newest", async () => {
    // Both news of the same village with the word in the title: one rank. The older says it more
    // often, in a body as long (SQLite's bm25 weighs the whole row's length).
    const often = await createItemVia(op, 'berita', { title: 'Panen sorgum', ...body('Sorgum sorgum sorgum sorgum.'), intent: 'publish' });
    const once = await createItemVia(op, 'berita', { title: 'Kabar sorgum', ...body('Lain kali ada juga.'), intent: 'publish' });
    await indexed('sorgum', 2);
    expect(await found('sorgum')).toEqual([often, once]);
    const res = await search('sorgum');
    expect(res.status).toBe(200);
    expect(res.text.indexOf('/berita/panen-sorgum')).toBeGreaterThan(0);
    expect(res.text.indexOf('/berita/panen-sorgum')).toBeLessThan(res.text.indexOf('/berita/kabar-sorgum'));
  });
});

describe('MySQL/MariaDB: the newest-items scan, MATCH and its time cap', () => {
  // InnoDB FULLTEXT reads every match of a word whatever the LIMIT (40 s for a word in 1,000,000
  // items): the newest items are scanned first, and MATCH runs under a statement time cap.
  const mysqlOnly = () => (process.env.DATABASE_URL ? test : test.skip);
  const insert = async (title: (i: number) => string, count: number, bodySource = 'x') => {
    const now = nowUtc();
    const rows = Array.from({ length: count }, (_, i) => ({
      district_id: w.dA,
      village_id: w.v.pagak,
      type: 'news' as const,
      summary: '',
      cover_alt: '',
      title: title(i),
      slug: `${title(i).toLowerCase().replace(/ /g, '-')}`,
      body_source: bodySource,
      body: '<p>x</p>',
      status: 'published' as const,
      published_at: now,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 250)
      await env.db
        .insertInto('content_items')
        .values(rows.slice(i, i + 250))
        .execute();
  };

  mysqlOnly()('when the scan read every published item, a MATCH past its cap loses no hit', async () => {
    const normal = await searchPage(env.db, w.dA, 'kebun', 200);
    const capped = await searchPage(env.db, w.dA, 'kebun', 200, 'mysql', { fulltextSeconds: 0.000001 });
    expect(capped.hits.map((h) => h.id)).toEqual(normal.hits.map((h) => h.id));
    expect(capped.partialWindow).toBeUndefined();
  });

  mysqlOnly()('past the cap, the matches among the newest items are shown and the result says how many were searched', async () => {
    // A word in 2,000 older items and not in the 3 newest; a scan of the 3 newest: MATCH must answer.
    await insert((i) => `Gamelan lama ${i}`, 2000);
    await insert((i) => `Kabar baru ${i}`, 3);
    await indexed('gamelan', 2000);
    const opts = { windowFirst: 3, windowMax: 3 };
    // A cap no loaded CI machine reaches: here MATCH must answer.
    expect(await searchPage(env.db, w.dA, 'gamelan', 20, 'mysql', { ...opts, fulltextSeconds: 30 })).toMatchObject({ total: CANDIDATES, more: true, partialWindow: undefined });
    // A cap far below what MATCH needs: the query is stopped, the page shows what the scan found.
    const capped = await searchPage(env.db, w.dA, 'gamelan', 20, 'mysql', { ...opts, fulltextSeconds: 0.000001 });
    expect(capped).toMatchObject({ hits: [], total: 0, more: false, partialWindow: 3 });
  });

  const ids = (r: { hits: { id: number }[] }) => r.hits.map((h) => h.id);

  mysqlOnly()('matches all among the newest items (MATCH only scores them) and matches MATCH must find: the same hits in the same order', async () => {
    await insert((i) => `Tembakau lama ${i}`, 2);
    await insert(() => 'Tembakau lama diulang', 1, 'tembakau, tembakau, tembakau');
    await insert(() => 'Tembakau baru', 1);
    await insert(() => 'Kabar lain', 1);
    await indexed('tembakau', 4);
    // Every published item is scanned: all four are in the scan, MATCH gives their relevance.
    const scanned = await searchPage(env.db, w.dA, 'tembakau', 20);
    // The two newest only: one match there, too few to stop at, so MATCH finds the four itself.
    const matched = await searchPage(env.db, w.dA, 'tembakau', 20, 'mysql', { windowFirst: 2, windowMax: 2 });
    expect(scanned).toMatchObject({ total: 4, more: false, partialWindow: undefined });
    expect(matched).toMatchObject({ total: 4, more: false, partialWindow: undefined });
    expect(ids(matched)).toEqual(ids(scanned));
    // The same rank for all four: the one that says the word most often is first, whatever its age.
    expect(scanned.hits[0].title).toBe('Tembakau lama diulang');
    // Two words, the rarer asked first (rarestFirst over the newest two), the same way.
    const two = await searchPage(env.db, w.dA, 'tembakau lama', 20, 'mysql', { windowFirst: 2, windowMax: 2 });
    expect(ids(two)).toEqual(ids(await searchPage(env.db, w.dA, 'tembakau lama', 20)));
    expect(two.hits.map((h) => h.title).sort()).toEqual(['Tembakau lama 0', 'Tembakau lama 1', 'Tembakau lama diulang']);
  });

  mysqlOnly()('when the scan read every item, what MATCH does not find is no hit, as when MATCH found the hits', async () => {
    // "about" is an InnoDB stopword, so the index does not hold it: `+abou*` finds nothing, REGEXP does.
    await insert(() => 'Cerita about ladang', 1);
    await indexed('ladang', 1);
    const [item] = await env.db.selectFrom('content_items').select('id').where('title', '=', 'Cerita about ladang').execute();
    expect(ids(await searchPage(env.db, w.dA, 'abou ladang', 20))).toEqual([]);
    expect(ids(await searchPage(env.db, w.dA, 'ladang', 20))).toEqual([item.id]);
  });

  mysqlOnly()('a window of the newest items below an id is read along content_items_public_id_idx, not all of them sorted', async () => {
    const [{ top }] = await env.db
      .selectFrom('content_items')
      .select((eb) => eb.fn.max('id').as('top'))
      .execute();
    const query = newestWindowQuery(env.db, w.dA, Number(top), 50).compile();
    const plan = (await env.db.executeQuery<{ table: string; key: string | null; Extra: string | null }>({ ...query, sql: `EXPLAIN ${query.sql}` })).rows;
    expect(plan.find((r) => r.table === 'ci')?.key).toBe('content_items_public_id_idx');
    expect(plan.map((r) => r.Extra ?? '').join(' ')).not.toContain('filesort');
  });
});
