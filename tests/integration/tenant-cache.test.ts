// The tenant cache: a host's kecamatan is reused for a short time, this process's own writes are
// seen at once, another instance's writes once the entry expires, and during an outage the last
// answer is kept (marked stale).
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../src/db/schema';
import { districtsChanged, tenantCache } from '../../src/modules/districts/hosts';
import { createTestDb } from '../support/db';
import { provision } from '../support/app';

const HOST = 'klampok.example.id';
let db: Kysely<Database>;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await createTestDb());
  await provision(db, '33.04.02', HOST);
});
afterAll(() => drop());

const bumpBehindTheAppsBack = () =>
  db
    .updateTable('districts')
    .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
    .execute();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("another instance's publish is seen once the entry expires, not before", async () => {
  const lookup = tenantCache(db, 200);
  const first = (await lookup(HOST)).district!;
  await bumpBehindTheAppsBack();
  expect((await lookup(HOST)).district!.content_version).toBe(first.content_version);
  await sleep(250);
  expect((await lookup(HOST)).district!.content_version).toBe(first.content_version + 1);
});

test("this process's own write is seen at once", async () => {
  const lookup = tenantCache(db, 60_000);
  const first = (await lookup(HOST)).district!;
  await bumpBehindTheAppsBack();
  districtsChanged();
  expect((await lookup(HOST)).district!.content_version).toBe(first.content_version + 1);
});

test('when the database fails, the last answer is kept and marked stale; an unseen host fails', async () => {
  const lookup = tenantCache(db, 0);
  const known = (await lookup(HOST)).district!;
  await sql`ALTER TABLE district_hosts RENAME TO district_hosts_hilang`.execute(db);
  try {
    expect(await lookup(HOST)).toEqual({ district: known, stale: true });
    // Compared by message: the driver's error class may come from another test file's realm.
    const unseen = await lookup('lain.example.id').then(
      () => 'answered',
      (e: Error) => e.message,
    );
    expect(unseen).toMatch(/district_hosts/);
  } finally {
    await sql`ALTER TABLE district_hosts_hilang RENAME TO district_hosts`.execute(db);
  }
  expect((await lookup(HOST)).stale).toBe(false);
});
