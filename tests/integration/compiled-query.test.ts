// compiledQuery: compiled once per database and shape, run with each call's values, on both dialects.
import type { Kysely } from 'kysely';
import { compiledQuery } from '../../src/db/compiled';
import type { Database } from '../../src/db/schema';
import { provision } from '../support/app';
import { createTestDb } from '../support/db';

let db: Kysely<Database>;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await createTestDb());
  await provision(db, '33.04.02', 'klampok.test');
  await provision(db, '33.04.01', 'susukan.test');
});
afterAll(() => drop());

const villages = compiledQuery((d, v: { district: number; limit: number; from: string }, shape) =>
  d
    .selectFrom('villages')
    .select(['name', 'district_id'])
    .where('district_id', '=', v.district)
    .$if(shape === 'from', (q) => q.where('name', '>=', v.from))
    .orderBy('name')
    .limit(v.limit),
);

const direct = (district: number, limit: number, from?: string) =>
  db
    .selectFrom('villages')
    .select(['name', 'district_id'])
    .where('district_id', '=', district)
    .$if(from !== undefined, (q) => q.where('name', '>=', from!))
    .orderBy('name')
    .limit(limit)
    .execute();

test('each call runs with its own values and answers as the query built directly', async () => {
  const [a, b] = await db.selectFrom('districts').select('id').orderBy('id').execute();
  expect(await villages(db, { district: a.id, limit: 3, from: '' })).toEqual(await direct(a.id, 3));
  expect(await villages(db, { district: b.id, limit: 5, from: '' })).toEqual(await direct(b.id, 5));
  expect(await villages(db, { district: a.id, limit: 100, from: '' })).toEqual(await direct(a.id, 100));
  expect((await villages(db, { district: a.id, limit: 100, from: '' })).every((r) => r.district_id === a.id)).toBe(true);
});

test('each shape is compiled on its own', async () => {
  const [a] = await db.selectFrom('districts').select('id').orderBy('id').execute();
  const from = await villages(db, { district: a.id, limit: 50, from: 'L' }, 'from');
  expect(from).toEqual(await direct(a.id, 50, 'L'));
  expect(from.length).toBeLessThan((await villages(db, { district: a.id, limit: 50, from: 'L' })).length);
});
