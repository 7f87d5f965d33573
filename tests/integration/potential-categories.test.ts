// /potensi?kategori=…: a small category of old potensi behind many newer ones of another category
// lists exactly its items, newest first, across a page boundary; and the read of a small category
// starts from the category's index while a large one walks the newest items (potentialReads in
// src/modules/portal/portal.queries.ts, docs/render-path.md), on both dialects.
import request from 'supertest';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia, rowOrThrow, updateVia, validFields } from '../support/content';
import { potentialCounts, potentialRead, potentialReads } from '../../src/modules/portal/potentials.queries';

let env: TestEnv;
let w: World;
let op: Agent;
// Ids in the order they were published (oldest first): the 14 budaya potensi before the 30 wisata.
const budaya: number[] = [];
const wisata: number[] = [];
const slugOf = new Map<number, string>();

const get = (path: string) => request(env.app).get(path).set('Host', HOST);
/** The potensi a list page shows, in its order. */
const listed = (html: string) => [...html.matchAll(/<h3><a href="\/potensi\/([a-z0-9-]+)">/g)].map((m) => m[1]);
const slugs = (ids: number[]) => ids.map((id) => slugOf.get(id));
/** The newest first of ids published oldest first. */
const newestFirst = (ids: number[]) => [...ids].reverse();

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  for (const [list, category, n] of [
    [budaya, 'budaya', 14],
    [wisata, 'wisata', 30],
  ] as const) {
    for (let i = 0; i < n; i++) list.push(await createItemVia(op, 'potensi', { ...validFields('potensi', `Potensi ${category} ${i}`), category, intent: 'publish' }));
  }
  for (const r of await env.db.selectFrom('content_items').select(['id', 'slug']).where('type', '=', 'potential').execute()) slugOf.set(r.id, r.slug);
}, 120_000);
afterAll(() => env.close());

describe('a category of a few old potensi behind many newer ones', () => {
  test('lists exactly its items newest first, twelve a page, and the next link leads to the rest', async () => {
    const first = await get('/potensi?kategori=budaya');
    expect(first.status).toBe(200);
    expect(listed(first.text)).toEqual(slugs(newestFirst(budaya).slice(0, 12)));
    const next = /<a rel="next" href="([^"]+)"/.exec(first.text)?.[1];
    expect(next).toBe('/potensi?kategori=budaya&amp;page=2');
    const second = await get(next!.replace('&amp;', '&'));
    expect(listed(second.text)).toEqual(slugs(newestFirst(budaya).slice(12)));
    expect(second.text).not.toContain('rel="next"');
  });

  test('the large category and the list of all keep their items and order across pages', async () => {
    expect(listed((await get('/potensi?kategori=wisata')).text)).toEqual(slugs(newestFirst(wisata).slice(0, 12)));
    expect(listed((await get('/potensi?kategori=wisata&page=3')).text)).toEqual(slugs(newestFirst(wisata).slice(24)));
    // All categories: by category (budaya before wisata), newest first within each.
    const all = [...newestFirst(budaya), ...newestFirst(wisata)];
    for (const page of [1, 2, 3, 4]) expect(listed((await get(`/potensi?page=${page}`)).text)).toEqual(slugs(all.slice((page - 1) * 12, page * 12)));
  });
});

describe('which index a category is read along', () => {
  /** The plan of one read of potentialReads: the indexes it uses, and whether it sorts. */
  async function planOf(read: ReturnType<typeof potentialReads>[number]) {
    const query = potentialRead(env.db, { district: w.dA, category: read.category, limit: read.limit, offset: read.offset }, read.shape).compile();
    if (env.dialect === 'sqlite') {
      const rows = (await env.db.executeQuery<{ detail: string }>({ ...query, sql: `EXPLAIN QUERY PLAN ${query.sql}` })).rows;
      const plan = rows.map((r) => r.detail).join('\n');
      return { plan, usesCategoryIndex: /potential_details_district_category_idx/.test(plan), sorts: /USE TEMP B-TREE FOR ORDER BY/.test(plan), first: rows[0].detail };
    }
    const rows = (await env.db.executeQuery<{ table: string; key: string | null; ref: string | null; Extra: string | null }>({ ...query, sql: `EXPLAIN ${query.sql}` })).rows;
    const plan = rows.map((r) => `${r.table} ${r.key} ${r.ref} ${r.Extra ?? ''}`).join('\n');
    return {
      plan,
      usesCategoryIndex: rows.some((r) => r.table === 'pd' && r.key === 'potential_details_district_category_idx'),
      sorts: /filesort/.test(plan),
      first: `${rows[0].table} ${rows[0].key} ${rows[0].ref}`,
    };
  }

  test("a small category starts from its kecamatan's entries in potential_details_district_category_idx", async () => {
    const counts = await potentialCounts(env.db, w.dA);
    expect(counts).toEqual(
      new Map([
        ['budaya', 14],
        ['wisata', 30],
      ]),
    );
    const reads = potentialReads(counts, 'budaya', 13, 0);
    expect(reads).toEqual([{ category: 'budaya', limit: 13, offset: 0, shape: 'category' }]);
    const p = await planOf(reads[0]);
    expect(p.usesCategoryIndex).toBe(true);
    // Both columns of the index bound by the query's values: no other kecamatan's entry is read.
    expect(p.first).toMatch(/^(SEARCH pd USING (COVERING )?INDEX potential_details_district_category_idx \(district_id=\? AND category=\?\)|pd potential_details_district_category_idx const,const)/);
  });

  test('a large category walks the newest potensi and stops after the page: no category index, no sort', async () => {
    const reads = potentialReads(await potentialCounts(env.db, w.dA), 'wisata', 13, 0);
    expect(reads).toEqual([{ category: 'wisata', limit: 13, offset: 0, shape: 'walk' }]);
    const p = await planOf(reads[0]);
    expect(p.usesCategoryIndex).toBe(false);
    expect(p.sorts).toBe(false);
    expect(p.first).toMatch(/^(SEARCH ci USING INDEX content_items_\w+|ci content_items_\w+)/);
  });
});

describe("a category's entries carry their kecamatan", () => {
  test("another kecamatan's potensi of the same category is stored under its own kecamatan, on create and on edit, and never listed here", async () => {
    const opB = await login(env.app, HOST_B, 'op.susukan');
    const theirs = await createItemVia(opB, 'potensi', { ...validFields('potensi', 'Potensi budaya Susukan'), category: 'budaya', intent: 'publish' }, HOST_B);
    const mine = budaya[0];
    const { version } = await rowOrThrow(env.db, mine);
    const edited = await updateVia(op, 'potensi', mine, { ...validFields('potensi', 'Potensi budaya 0 diubah'), category: 'budaya', version: String(version), intent: 'publish' });
    expect(edited.status).toBe(303);
    const districtOf = async (id: number) => (await env.db.selectFrom('potential_details').select('district_id').where('item_id', '=', id).executeTakeFirstOrThrow()).district_id;
    expect([await districtOf(theirs), await districtOf(mine)]).toEqual([w.dB, w.dA]);
    const mismatched = await env.db
      .selectFrom('potential_details as pd')
      .innerJoin('content_items as ci', 'ci.id', 'pd.item_id')
      .select('pd.item_id')
      .where((eb) => eb.or([eb('pd.district_id', 'is', null), eb('pd.district_id', '<>', eb.ref('ci.district_id'))]))
      .execute();
    expect(mismatched).toEqual([]);
    const rows = await potentialRead(env.db, { district: w.dA, category: 'budaya', limit: 50, offset: 0 }, 'category').execute();
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...budaya].sort((a, b) => a - b));
    expect((await get('/potensi?kategori=budaya')).text).not.toContain('Susukan');
  });
});
