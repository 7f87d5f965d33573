import { type Kysely, Migrator, sql } from 'kysely';
import type { Database } from '../../src/db/schema';
import { nowUtc } from '../../src/db/time';
import { migrateAllDown, migrateDown, migrateToLatest } from '../../src/db/migrator';
import { migrations } from '../../migrations';
import { createTestDb } from '../support/db';
import type { UntypedDb } from '../../src/db/untyped';

const TABLES = [
  'app_settings',
  'audit_log',
  'content_items',
  'content_revisions',
  'district_hosts',
  'district_identity',
  'districts',
  'event_details',
  'item_media',
  'login_attempts',
  'login_known_ips',
  'media',
  'notification_runs',
  'notifications',
  'potential_details',
  'product_details',
  'project_budgets',
  'project_details',
  'project_totals',
  'project_update_media',
  'project_updates',
  'published_counts',
  'recovery_codes',
  'search_vocabulary',
  'service_details',
  'sessions',
  'setup_tokens',
  'user_totp',
  'users',
  'village_profiles',
  'village_reminders',
  'villages',
];

// Every table dropped and created again: on MariaDB each DDL statement commits, slow on a loaded machine.
const DDL_TIMEOUT_MS = 120_000;

let handle: Awaited<ReturnType<typeof createTestDb>>;
let db: Kysely<Database>;

beforeAll(async () => {
  handle = await createTestDb();
  db = handle.db;
});
afterAll(() => handle.drop());

async function tableNames(): Promise<string[]> {
  const tables = await db.introspection.getTables();
  // SQLite's FTS5 search index (migration 0003) is a virtual table with shadow tables: not app tables.
  return tables
    .map((t) => t.name)
    .filter((n) => !n.startsWith('content_search'))
    .sort();
}

/** The message a query fails with (errors from a native driver may come from another Jest realm, so no toThrow). */
async function failure(query: Promise<unknown>): Promise<string> {
  return query.then(
    () => 'no error',
    (err: unknown) => String((err as { message?: unknown }).message ?? err),
  );
}

async function count(table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const NOW = nowUtc();
const district = (code: string) => ({
  code,
  name: `Kecamatan ${code}`,
  regency_code: code.slice(0, 5),
  regency_name: 'Kabupaten Uji',
  province_name: 'Provinsi Uji',
  timezone: 'WIB' as const,
  created_at: NOW,
  updated_at: NOW,
});

describe('migrations', () => {
  test('a fresh database is at the latest migration with every table', async () => {
    expect(await tableNames()).toEqual(TABLES);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  test('on MySQL every table is InnoDB (foreign keys, transactions) in utf8mb4', async () => {
    if (handle.dialect !== 'mysql') return;
    const { rows } = await sql<{ name: string; engine: string; collation: string }>`
      select table_name as name, engine, table_collation as collation from information_schema.tables
      where table_schema = database() and table_name not like 'kysely_%' order by table_name`.execute(db);
    expect(rows.map((r) => r.name).sort()).toEqual(TABLES);
    for (const r of rows) expect([r.engine, r.collation]).toEqual(['InnoDB', 'utf8mb4_unicode_ci']);
  });

  test(
    'migrateAllDown drops every table, migrateToLatest brings them back',
    async () => {
      const down = await migrateAllDown(db);
      expect(down).toEqual(
        Object.keys(migrations)
          .reverse()
          .map((name) => `Down ${name}`),
      );
      expect(await tableNames()).toEqual([]);
      expect(await db.introspection.getTables()).toEqual([]); // the search index and its shadow tables too
      expect(await migrateDown(db)).toEqual([]);

      const up = await migrateToLatest(db);
      expect(up).toEqual(Object.keys(migrations).map((name) => `Up ${name}`));
      expect(await tableNames()).toEqual(TABLES);
      // The tables are usable, not just present.
      await db.insertInto('districts').values(district('33.04.02')).execute();
      expect(await count('districts')).toBe(1);
    },
    DDL_TIMEOUT_MS,
  );
});

describe('constraints', () => {
  test('a village of a district that does not exist is refused', async () => {
    const before = await count('villages');
    const message = await failure(
      db.insertInto('villages').values({ district_id: 999_999, code: '99.99.99.2001', name: 'Siluman', slug: 'siluman', kind: 'desa', created_at: NOW, updated_at: NOW }).execute(),
    );
    expect(message).toMatch(/foreign key/i);
    expect(await count('villages')).toBe(before);
  });

  test('a user of a village that does not exist is refused', async () => {
    const message = await failure(
      db
        .insertInto('users')
        .values({
          district_id: null,
          village_id: 999_999,
          username: 'siluman',
          name: 'Siluman',
          role: 'village_operator',
          password_hash: 'x',
          must_change_password: 0,
          created_at: NOW,
          updated_at: NOW,
        })
        .execute(),
    );
    expect(message).toMatch(/foreign key/i);
    expect(await count('users')).toBe(0);
  });

  test('deleting a district cascades to its villages and hosts', async () => {
    await db.insertInto('districts').values(district('36.04.01')).execute();
    const { id } = await db.selectFrom('districts').select('id').where('code', '=', '36.04.01').executeTakeFirstOrThrow();
    await db.insertInto('villages').values({ district_id: id, code: '36.04.01.2001', name: 'Uji', slug: 'uji', kind: 'desa', created_at: NOW, updated_at: NOW }).execute();
    await db.insertInto('district_hosts').values({ district_id: id, host: 'uji.example.id', created_at: NOW }).execute();
    expect(await db.selectFrom('villages').select('id').where('district_id', '=', id).execute()).toHaveLength(1);

    await db.deleteFrom('districts').where('id', '=', id).execute();
    expect(await db.selectFrom('villages').select('id').where('district_id', '=', id).execute()).toHaveLength(0);
    expect(await db.selectFrom('district_hosts').select('id').where('district_id', '=', id).execute()).toHaveLength(0);
  });

  test('unique codes: the same village code twice is refused', async () => {
    const { id } = await db.selectFrom('districts').select('id').where('code', '=', '33.04.02').executeTakeFirstOrThrow();
    const village = { district_id: id, code: '33.04.02.2001', name: 'Sirkandi', slug: 'sirkandi', kind: 'desa' as const, created_at: NOW, updated_at: NOW };
    await db.insertInto('villages').values(village).execute();
    expect(
      await failure(
        db
          .insertInto('villages')
          .values({ ...village, slug: 'sirkandi-2' })
          .execute(),
      ),
    ).toMatch(/unique|duplicate/i);
    expect(await db.selectFrom('villages').select('id').where('code', '=', '33.04.02.2001').execute()).toHaveLength(1);
  });
});

describe('migration order', () => {
  test('a migration that landed after a later-named one had run is run next, not refused', async () => {
    const names = Object.keys(migrations);
    const late = names[names.length - 3];
    for (let i = 0; i < 3; i++) await migrateDown(db);
    const without = Object.fromEntries(names.filter((n) => n !== late).map((n) => [n, migrations[n]]));
    const earlier = new Migrator({ db, provider: { getMigrations: async () => without } });
    expect((await earlier.migrateToLatest()).error).toBeUndefined();

    expect(await migrateToLatest(db)).toEqual([`Up ${late}`]);
    expect(await tableNames()).toEqual(TABLES);
  });
});

describe('data carried by a migration', () => {
  test("potential_details.district_id is filled from each item's kecamatan (2026_12_22_0101)", async () => {
    const target = '2026_12_22_0101_potential_district';
    // Down in the order they ran (the test above changed it) until this one is undone.
    for (let i = 0; i < 10 && !(await migrateDown(db)).includes(`Down ${target}`); i++);
    const untyped = db as unknown as UntypedDb;
    await db
      .insertInto('districts')
      .values([district('36.04.11'), district('36.04.12')])
      .execute();
    const ids = (await db.selectFrom('districts').select('id').where('code', 'in', ['36.04.11', '36.04.12']).orderBy('code').execute()).map((d) => d.id);
    const items: number[] = [];
    for (const [k, districtId] of ids.entries()) {
      const item = {
        district_id: districtId,
        village_id: null,
        type: 'potential',
        title: `Curug ${k}`,
        slug: `curug-${k}`,
        summary: '',
        body_source: '',
        body: '',
        cover_alt: '',
        status: 'draft',
        created_at: NOW,
        updated_at: NOW,
      };
      await untyped.insertInto('content_items').values(item).execute();
      const { id } = await untyped.selectFrom('content_items').select('id').where('slug', '=', `curug-${k}`).where('district_id', '=', districtId).executeTakeFirstOrThrow();
      await untyped.insertInto('potential_details').values({ item_id: id, category: 'wisata' }).execute();
      items.push(Number(id));
    }
    expect(await migrateToLatest(db)).toContain(`Up ${target}`);
    const rows = await db.selectFrom('potential_details').select(['item_id', 'district_id']).where('item_id', 'in', items).orderBy('item_id').execute();
    expect(rows.map((r) => [Number(r.item_id), Number(r.district_id)])).toEqual(items.map((id, k) => [id, ids[k]]));
  });
});
