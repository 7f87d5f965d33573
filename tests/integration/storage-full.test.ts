// The database's storage is full: a save is refused like during an outage (503, Retry-After, an
// Indonesian page saying storage is full) with every typed field shown again, nothing is stored,
// and the kept form goes through once there is room. SQLite really fills up (PRAGMA
// max_page_count); on MariaDB a trigger raises the error InnoDB gives for a full tablespace.
import { sql } from 'kysely';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, contentWorld, countItems, createItemVia, createVia, everything, formOf, multipart, updateVia, validFields } from '../support/content';

const MYSQL = !!process.env.DATABASE_URL;
let env: TestEnv;
let op: Agent;
let itemId: number;

// Big enough that SQLite needs new pages for it.
const TYPED = { title: 'Laporan panen raya saat penyimpanan penuh', body_source: `Hasil panen padi di Kalilandak.${' Gabah kering giling tercatat per dusun.'.repeat(700)}` };

async function fill(): Promise<void> {
  if (MYSQL) {
    const full = `SIGNAL SQLSTATE 'HY000' SET MYSQL_ERRNO = 1114, MESSAGE_TEXT = 'The table ''content_items'' is full'`;
    await sql.raw(`CREATE TRIGGER full_insert BEFORE INSERT ON content_items FOR EACH ROW ${full}`).execute(env.db);
    await sql.raw(`CREATE TRIGGER full_update BEFORE UPDATE ON content_items FOR EACH ROW ${full}`).execute(env.db);
  } else {
    const { page_count } = (await sql<{ page_count: number }>`PRAGMA page_count`.execute(env.db)).rows[0];
    await sql.raw(`PRAGMA max_page_count = ${page_count}`).execute(env.db);
  }
}

async function makeRoom(): Promise<void> {
  if (MYSQL) {
    await sql`DROP TRIGGER full_insert`.execute(env.db);
    await sql`DROP TRIGGER full_update`.execute(env.db);
  } else {
    await sql`PRAGMA max_page_count = 1073741823`.execute(env.db);
  }
}

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  itemId = await createItemVia(op, 'berita', { title: 'Berita yang sudah ada', intent: 'draft' });
  await fill();
});
afterAll(() => env.close());

function expectRefused(res: { status: number; headers: Record<string, string>; text: string }) {
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toBe('30');
  expect(res.text).toContain('penyimpanan basis data situs ini penuh');
  const kept = formOf(res.text);
  expect(kept.fields).toMatchObject(TYPED);
  return kept;
}

test('a new item: 503 saying storage is full, the form kept whole, nothing stored; sent again once there is room', async () => {
  const items = await countItems(env.db);
  const res = await createVia(op, 'berita', { ...validFields('berita'), ...TYPED, intent: 'draft' });
  const kept = expectRefused(res);
  expect(await countItems(env.db)).toBe(items);

  await makeRoom();
  try {
    const sent = await multipart(op, HOST, kept.action.replace(/\?.*$/, ''), kept.fields);
    expect(sent.status).toBe(303);
    const row = await env.db.selectFrom('content_items').select('body_source').where('title', '=', TYPED.title).executeTakeFirstOrThrow();
    expect(row.body_source === TYPED.body_source).toBe(true);
  } finally {
    await fill();
  }
});

test('an edit: 503 saying storage is full, the form kept whole, the item unchanged', async () => {
  const before = await everything(env.db, 'berita', itemId);
  const res = await updateVia(op, 'berita', itemId, { ...validFields('berita'), ...TYPED, version: '1', intent: 'draft' });
  expectRefused(res);
  expect(await everything(env.db, 'berita', itemId)).toEqual(before);
});
