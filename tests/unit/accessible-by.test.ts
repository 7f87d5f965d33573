import { createMongoAbility, subject } from '@casl/ability';
import SQLite from 'better-sqlite3';
import { DummyDriver, Kysely, MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler, SqliteAdapter, SqliteDialect, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import { type Actor, type AppAbility, type SubjectName, defineAbilityFor } from '../../src/authz/ability';
import { accessibleBy } from '../../src/authz/accessible-by';
import { can } from '../../src/authz/authorize';
import type { UntypedDb, UntypedTables } from '../../src/db/untyped';

// Both dialects' compilers, with no connection: the SQL text itself is under test.
const compilers = {
  sqlite: new Kysely<UntypedTables>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  mysql: new Kysely<UntypedTables>({
    dialect: {
      createAdapter: () => new MysqlAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new MysqlIntrospector(db),
      createQueryCompiler: () => new MysqlQueryCompiler(),
    },
  }),
};
const quote = { sqlite: (s: string) => `"${s}"`, mysql: (s: string) => `\`${s}\`` };
type DialectName = keyof typeof compilers;
const dialects = Object.keys(compilers) as DialectName[];

function where(dialect: DialectName, ability: AppAbility, subjectName: SubjectName, table: string, action: 'read' | 'update' = 'read') {
  const compiled = compilers[dialect]
    .selectFrom(table)
    .select('id')
    .where(accessibleBy(ability, action, subjectName, table))
    .compile();
  const prefix = `select ${quote[dialect]('id')} from ${quote[dialect](table)} where `;
  expect(compiled.sql.startsWith(prefix)).toBe(true);
  return { sql: compiled.sql.slice(prefix.length), parameters: [...compiled.parameters] };
}

/** Writes `"a"."b"` or `` `a`.`b` `` for the dialect. */
const col = (dialect: DialectName, table: string, column: string) => `${quote[dialect](table)}.${quote[dialect](column)}`;

const superadmin: Actor = { id: 1, role: 'superadmin', district_id: null, village_id: null };
const districtAdmin: Actor = { id: 2, role: 'district_admin', district_id: 7, village_id: null };
const operator: Actor = { id: 3, role: 'village_operator', district_id: 7, village_id: 11 };

describe.each(dialects)('accessibleBy on %s', (dialect) => {
  const c = (table: string, column: string) => col(dialect, table, column);

  test('anonymous: nothing, for every subject', () => {
    const ability = defineAbilityFor(null);
    for (const [s, table] of [
      ['User', 'users'],
      ['Village', 'villages'],
      ['District', 'districts'],
      ['AuditEntry', 'audit_log'],
    ] as const) {
      expect(where(dialect, ability, s, table)).toEqual({ sql: '1 = 0', parameters: [] });
    }
  });

  test('superadmin: everything, with no condition', () => {
    const ability = defineAbilityFor(superadmin);
    for (const [s, table] of [
      ['User', 'users'],
      ['Village', 'villages'],
      ['District', 'districts'],
      ['AuditEntry', 'audit_log'],
    ] as const) {
      expect(where(dialect, ability, s, table)).toEqual({ sql: '1 = 1', parameters: [] });
    }
  });

  test('district_admin: users of its own kecamatan, never a superadmin', () => {
    const ability = defineAbilityFor(districtAdmin);
    const expected = { sql: `(${c('users', 'district_id')} = ? and not ${c('users', 'role')} = ?)`, parameters: [7, 'superadmin'] };
    expect(where(dialect, ability, 'User', 'users')).toEqual(expected);
    expect(where(dialect, ability, 'User', 'users', 'update')).toEqual(expected);
  });

  test('district_admin: its own kecamatan, villages and audit log', () => {
    const ability = defineAbilityFor(districtAdmin);
    expect(where(dialect, ability, 'Village', 'villages')).toEqual({ sql: `${c('villages', 'district_id')} = ?`, parameters: [7] });
    expect(where(dialect, ability, 'District', 'districts')).toEqual({ sql: `${c('districts', 'id')} = ?`, parameters: [7] });
    expect(where(dialect, ability, 'AuditEntry', 'audit_log')).toEqual({ sql: `${c('audit_log', 'district_id')} = ?`, parameters: [7] });
  });

  test('reminders: the camat office to villages of its own kecamatan; an operator to none', () => {
    const admin = defineAbilityFor(districtAdmin);
    expect(where(dialect, admin, 'Reminder', 'villages')).toEqual({ sql: `${c('villages', 'district_id')} = ?`, parameters: [7] });
    expect(can(admin, 'create', 'Reminder', { district_id: 7 })).toBe(true);
    expect(can(admin, 'create', 'Reminder', { district_id: 8 })).toBe(false);
    const op = defineAbilityFor(operator);
    expect(where(dialect, op, 'Reminder', 'villages')).toEqual({ sql: '1 = 0', parameters: [] });
    expect(can(op, 'create', 'Reminder', { district_id: 7 })).toBe(false);
  });

  test('the table name qualifies every column (joins stay unambiguous)', () => {
    const ability = defineAbilityFor(districtAdmin);
    expect(where(dialect, ability, 'Village', 'v').sql).toBe(`${c('v', 'district_id')} = ?`);
  });

  test('village_operator: no users, no audit log, only its own village', () => {
    const ability = defineAbilityFor(operator);
    expect(where(dialect, ability, 'User', 'users')).toEqual({ sql: '1 = 0', parameters: [] });
    expect(where(dialect, ability, 'AuditEntry', 'audit_log')).toEqual({ sql: '1 = 0', parameters: [] });
    expect(where(dialect, ability, 'Village', 'villages')).toEqual({ sql: `${c('villages', 'id')} = ?`, parameters: [11] });
    expect(where(dialect, ability, 'District', 'districts')).toEqual({ sql: `${c('districts', 'id')} = ?`, parameters: [7] });
  });

  test('an admin without a kecamatan matches no real row (id -1), not every row', () => {
    const ability = defineAbilityFor({ ...districtAdmin, district_id: null });
    expect(where(dialect, ability, 'Village', 'villages')).toEqual({ sql: `${c('villages', 'district_id')} = ?`, parameters: [-1] });
  });

  test('$in, null, $ne and empty lists', () => {
    const ability = createMongoAbility([
      { action: 'read', subject: 'Village', conditions: { id: { $in: [1, 2] }, deleted_at: null } },
      { action: 'read', subject: 'Village', conditions: { kind: { $ne: 'desa' }, code: { $nin: [] } } },
      { action: 'read', subject: 'User', conditions: { village_id: { $ne: null } } },
      { action: 'read', subject: 'District', conditions: { id: { $in: [] } } },
    ]) as unknown as AppAbility;
    expect(where(dialect, ability, 'Village', 'villages')).toEqual({
      sql: `(((${c('villages', 'kind')} <> ? or ${c('villages', 'kind')} is null) and 1 = 1)` + ` or (${c('villages', 'id')} in (?, ?) and ${c('villages', 'deleted_at')} is null))`,
      parameters: ['desa', 1, 2],
    });
    expect(where(dialect, ability, 'User', 'users')).toEqual({ sql: `${c('users', 'village_id')} is not null`, parameters: [] });
    expect(where(dialect, ability, 'District', 'districts')).toEqual({ sql: '1 = 0', parameters: [] });
  });

  test('a field that is not a plain column name is refused, not interpolated', () => {
    const ability = createMongoAbility([{ action: 'read', subject: 'Village', conditions: { 'id" or 1=1 --': 1 } }]) as unknown as AppAbility;
    expect(() => where(dialect, ability, 'Village', 'villages')).toThrow(/unsupported CASL field/);
  });

  test('an operator it cannot translate is refused', () => {
    const ability = createMongoAbility([{ action: 'read', subject: 'Village', conditions: { name: { $regex: '^K' } } }]) as unknown as AppAbility;
    expect(() => where(dialect, ability, 'Village', 'villages')).toThrow(/unsupported CASL operator/);
  });
});

describe('the SQL scope and ability.can agree on real rows', () => {
  let db: UntypedDb;
  const users: Record<string, unknown>[] = [
    { id: 1, district_id: null, village_id: null, role: 'superadmin' },
    { id: 2, district_id: 7, village_id: null, role: 'district_admin' },
    { id: 3, district_id: 7, village_id: 11, role: 'village_operator' },
    { id: 4, district_id: 8, village_id: 12, role: 'village_operator' },
    { id: 5, district_id: 7, village_id: null, role: 'superadmin' },
  ];

  beforeAll(async () => {
    db = new Kysely<UntypedTables>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    await sql`create table users (id integer primary key, district_id integer, village_id integer, role text not null)`.execute(db);
    await db.insertInto('users').values(users).execute();
  });
  afterAll(() => db.destroy());

  test.each([
    ['anonymous', null],
    ['superadmin', superadmin],
    ['district_admin', districtAdmin],
    ['village_operator', operator],
  ] as const)('%s', async (_name, actor) => {
    const ability = defineAbilityFor(actor);
    for (const action of ['read', 'update', 'delete'] as const) {
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where(accessibleBy(ability, action, 'User', 'users'))
        .orderBy('id')
        .execute();
      const expected = users.filter((u) => ability.can(action, subject('User', { ...u }))).map((u) => u.id);
      expect(rows.map((r) => r.id)).toEqual(expected);
    }
  });

  test('district_admin sees exactly the non-superadmin users of its kecamatan', async () => {
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where(accessibleBy(defineAbilityFor(districtAdmin), 'read', 'User', 'users'))
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.id)).toEqual([2, 3]);
  });
});
