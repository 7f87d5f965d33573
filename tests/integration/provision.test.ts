import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema';
import { ProvisionError, provisionDistrict, resolveDistrictCodes } from '../../src/modules/districts/provision';
import { codesByProvince } from '../../src/modules/districts/provision-bulk';
import { villagesOf } from '../../src/regions/official';
import { type CliDb, cliDatabase, runCommand, spawnCommand } from '../support/cli';
import { createTestDb } from '../support/db';
const KLAMPOK_VILLAGES = [
  ['33.04.02.2001', 'Sirkandi', 'sirkandi'],
  ['33.04.02.2002', 'Pagak', 'pagak'],
  ['33.04.02.2003', 'Kecitran', 'kecitran'],
  ['33.04.02.2004', 'Purwareja', 'purwareja'],
  ['33.04.02.2005', 'Klampok', 'klampok'],
  ['33.04.02.2006', 'Kalilandak', 'kalilandak'],
  ['33.04.02.2007', 'Kalimandi', 'kalimandi'],
  ['33.04.02.2008', 'Kaliwinasuh', 'kaliwinasuh'],
];

async function snapshot(db: Kysely<Database>) {
  return {
    districts: await db.selectFrom('districts').selectAll().orderBy('id').execute(),
    villages: await db.selectFrom('villages').selectAll().orderBy('id').execute(),
    hosts: await db.selectFrom('district_hosts').selectAll().orderBy('id').execute(),
  };
}

async function counts(db: Kysely<Database>) {
  const n = async (table: 'districts' | 'villages' | 'district_hosts') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { districts: await n('districts'), villages: await n('villages'), hosts: await n('district_hosts') };
}

describe('provisionDistrict', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let db: Kysely<Database>;
  beforeAll(async () => {
    handle = await createTestDb();
    db = handle.db;
  });
  afterAll(() => handle.drop());

  test('creates the kecamatan with its official villages and host', async () => {
    const result = await provisionDistrict(db, '33.04.02', { host: 'Klampok.Example.ID.' });
    expect(result).toEqual({ districtId: expect.any(Number), code: '33.04.02', name: 'Purworeja Klampok', createdDistrict: true, addedVillages: 8, addedHost: true });
    const { districts, villages, hosts } = await snapshot(db);
    expect(districts).toHaveLength(1);
    expect(districts[0]).toMatchObject({
      id: result.districtId,
      code: '33.04.02',
      name: 'Purworeja Klampok',
      regency_code: '33.04',
      regency_name: 'Kabupaten Banjarnegara',
      province_name: 'Jawa Tengah',
      timezone: 'WIB',
    });
    expect(villages.map((v) => [v.code, v.name, v.slug])).toEqual(KLAMPOK_VILLAGES);
    expect(villages.every((v) => v.kind === 'desa' && v.district_id === result.districtId)).toBe(true);
    expect(hosts).toEqual([expect.objectContaining({ district_id: result.districtId, host: 'klampok.example.id' })]);
  });

  test('is idempotent: a second run changes nothing', async () => {
    const before = await snapshot(db);
    const again = await provisionDistrict(db, '33.04.02', { host: 'klampok.example.id' });
    expect(again).toMatchObject({ districtId: before.districts[0].id, createdDistrict: false, addedVillages: 0, addedHost: false });
    expect(await snapshot(db)).toEqual(before);
  });

  test('only adds what is missing, keeping existing rows as they are', async () => {
    const before = await snapshot(db);
    const pagak = before.villages.find((v) => v.code === '33.04.02.2002')!;
    await db.deleteFrom('villages').where('id', '=', pagak.id).execute();
    await db.updateTable('villages').set({ name: 'Klampok (diubah admin)' }).where('code', '=', '33.04.02.2005').execute();

    const result = await provisionDistrict(db, '33.04.02');
    expect(result).toMatchObject({ createdDistrict: false, addedVillages: 1, addedHost: false });
    const after = await snapshot(db);
    expect(after.villages).toHaveLength(8);
    expect(after.villages.find((v) => v.code === '33.04.02.2005')!.name).toBe('Klampok (diubah admin)');
    expect(after.villages.find((v) => v.code === '33.04.02.2002')).toMatchObject({ name: 'Pagak', slug: 'pagak', kind: 'desa' });
    for (const v of before.villages.filter((x) => x.id !== pagak.id && x.code !== '33.04.02.2005')) {
      expect(after.villages.find((x) => x.id === v.id)).toEqual(v);
    }
    // The kecamatan's pages list its villages: its content version moves so no stale page is served.
    expect(after.districts).toEqual(before.districts.map((d) => ({ ...d, content_version: d.content_version + 1 })));
    expect(after.hosts).toEqual(before.hosts);
  });

  test('a host owned by another district is refused; inside a transaction nothing is left behind', async () => {
    const before = await snapshot(db);
    await expect(db.transaction().execute((trx) => provisionDistrict(trx, '36.04.05', { host: 'KLAMPOK.example.id' }))).rejects.toThrow(
      new ProvisionError('Host "klampok.example.id" already belongs to another district'),
    );
    expect(await snapshot(db)).toEqual(before);
  });

  test('an invalid host or unknown code is refused', async () => {
    const before = await snapshot(db);
    await expect(db.transaction().execute((trx) => provisionDistrict(trx, '36.04.05', { host: 'bukan host!' }))).rejects.toBeInstanceOf(ProvisionError);
    await expect(provisionDistrict(db, '99.99.99')).rejects.toThrow(/Unknown district code "99\.99\.99"/);
    expect(await snapshot(db)).toEqual(before);
  });

  test('a kecamatan with kelurahan gets kind kelurahan for them, and unique slugs', async () => {
    const result = await provisionDistrict(db, '12.01.01');
    const rows = await db.selectFrom('villages').select(['code', 'kind', 'slug']).where('district_id', '=', result.districtId).orderBy('code').execute();
    const official = villagesOf('12.01.01');
    expect(rows).toHaveLength(official.length);
    expect(rows.map((r) => [r.code, r.kind])).toEqual(official.map((v) => [v.code, v.code.split('.')[3].startsWith('1') ? 'kelurahan' : 'desa']).sort());
    expect(rows.some((r) => r.kind === 'kelurahan')).toBe(true);
    expect(new Set(rows.map((r) => r.slug)).size).toBe(rows.length);
    for (const r of rows) expect(r.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('resolveDistrictCodes', () => {
  test('a regency expands to its 29 kecamatan', () => {
    const codes = resolveDistrictCodes({ codes: [], regency: '36.04' });
    expect(codes).toHaveLength(29);
    expect(new Set(codes).size).toBe(29);
    expect(codes.every((c) => /^36\.04\.\d{2}$/.test(c))).toBe(true);
    expect(codes).toContain('36.04.05');
  });

  test('codes and a regency are combined without duplicates', () => {
    expect(resolveDistrictCodes({ codes: ['33.04.02', '33.04.02'] })).toEqual(['33.04.02']);
    expect(resolveDistrictCodes({ codes: ['36.04.05', '33.04.02'], regency: '36.04' })).toHaveLength(30);
  });

  test.each([
    [{ codes: [] }, /Give a district code/],
    [{ codes: ['99.99.99'] }, /Unknown district code "99\.99\.99"/],
    [{ codes: ['33.04'] }, /Malformed district code "33\.04"/],
    [{ codes: ['33.04.02', '33.04.2'] }, /Malformed district code "33\.04\.2"/],
    [{ codes: [], regency: '99.99' }, /Unknown regency code "99\.99"/],
    [{ codes: [], regency: '3604' }, /Unknown regency code "3604"/],
  ])('%j is refused', (args, message) => {
    expect(() => resolveDistrictCodes(args)).toThrow(ProvisionError);
    expect(() => resolveDistrictCodes(args)).toThrow(message);
  });
});

// The CLI as an operator runs it, against its own database.
describe('district-add CLI', () => {
  let handle: CliDb;

  beforeAll(async () => {
    handle = await cliDatabase();
  });
  afterAll(() => handle.drop());

  // main() in this process; `spawned` runs the command itself, for its argument parsing and exit codes.
  const cli = (...args: string[]) => runCommand('district-add.ts', args, handle.env);
  const spawned = (...args: string[]) => spawnCommand('district-add.ts', args, handle.env);

  test('33.04.02 --host creates 1 district, 8 villages, 1 host on a fresh database; a rerun changes nothing', async () => {
    const first = await spawned('33.04.02', '--host', 'klampok.example.id');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe('33.04.02 Kecamatan Purworeja Klampok: created, 8 villages added, host klampok.example.id added');
    expect(await counts(handle.db)).toEqual({ districts: 1, villages: 8, hosts: 1 });
    const rows = await snapshot(handle.db);
    expect(rows.villages.map((v) => [v.code, v.name, v.slug])).toEqual(KLAMPOK_VILLAGES);
    expect(rows.hosts.map((h) => h.host)).toEqual(['klampok.example.id']);

    const again = await cli('33.04.02', '--host=klampok.example.id');
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('33.04.02 Kecamatan Purworeja Klampok: already present, 0 villages added');
    expect(await snapshot(handle.db)).toEqual(rows);
  }, 60_000);

  test('bad arguments exit 2 with a clear message and touch nothing', async () => {
    const before = await snapshot(handle.db);
    const runs = await Promise.all([cli('99.99.99'), cli('33.04'), cli('--regency', '99.99'), spawned('33.04.02', '--bogus', 'x'), cli(), cli('33.04.02', '--host')]);
    const expected = [
      'Error: Unknown district code "99.99.99" in the official list',
      'Error: Malformed district code "33.04" (expected e.g. 33.04.02)',
      'Error: Unknown regency code "99.99" (expected e.g. 36.04)',
      'Error: Unknown option --bogus. Known: --host, --regency, --province, --timezone',
      'Error: Give a district code (e.g. 33.04.02) or --regency 36.04',
      'Error: Option --host needs a value',
    ];
    runs.forEach((run, i) => {
      expect({ code: run.code, stderr: run.stderr.trim() }).toEqual({ code: 2, stderr: expected[i] });
      expect(run.stdout).toBe('');
    });
    expect(await snapshot(handle.db)).toEqual(before);
  }, 60_000);

  test('bad --province and --all arguments exit 2 with a clear message and touch nothing', async () => {
    const before = await snapshot(handle.db);
    const runs = await Promise.all([cli('--province', '99'), cli('--province', '31', '--all'), cli('--all', '33.04.02'), cli('--province', '31', '--host', 'jakarta.example.id')]);
    const expected = [
      'Error: Unknown province code "99" (expected e.g. 33)',
      'Error: Give --province or --all, not both',
      'Error: --province and --all take no district codes and no --regency',
      'Error: --host names one district; provision a province without it',
    ];
    runs.forEach((run, i) => {
      expect({ code: run.code, stderr: run.stderr.trim(), stdout: run.stdout }).toEqual({ code: 2, stderr: expected[i], stdout: '' });
    });
    expect(await snapshot(handle.db)).toEqual(before);
  }, 60_000);

  test('a failure midway rolls the whole run back', async () => {
    const before = await counts(handle.db);
    // 36.04.05 and its villages are inserted before the host clash is found.
    const run = await cli('36.04.05', '--host', 'klampok.example.id');
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('Error: Host "klampok.example.id" already belongs to another district');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await counts(handle.db)).toEqual(before);
    expect(await handle.db.selectFrom('districts').select('id').where('code', '=', '36.04.05').execute()).toEqual([]);
  }, 60_000);

  test('--regency 36.04 creates its 29 districts with all their villages in one run', async () => {
    const serangVillages = resolveDistrictCodes({ codes: [], regency: '36.04' }).reduce((n, c) => n + villagesOf(c).length, 0);
    expect(serangVillages).toBe(326);
    const run = await cli('--regency', '36.04');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(29);
    expect(lines.every((l) => /^36\.04\.\d{2} Kecamatan .+: created, \d+ villages added$/.test(l))).toBe(true);
    expect(await counts(handle.db)).toEqual({ districts: 30, villages: 8 + serangVillages, hosts: 1 });
    const perDistrict = await handle.db
      .selectFrom('districts')
      .leftJoin('villages', 'villages.district_id', 'districts.id')
      .select(['districts.code', (eb) => eb.fn.count<number>('villages.id').as('n')])
      .where('districts.regency_code', '=', '36.04')
      .groupBy('districts.code')
      .execute();
    expect(perDistrict).toHaveLength(29);
    for (const row of perDistrict) expect(Number(row.n)).toBe(villagesOf(row.code).length);
  }, 60_000);

  test('--province 31 creates its 44 kecamatan with all their villages, in batches; a rerun adds nothing', async () => {
    const before = await counts(handle.db);
    const codes = codesByProvince('31')[0].codes;
    expect(codes).toHaveLength(44);
    const villages = codes.reduce((n, c) => n + villagesOf(c).length, 0);
    expect(villages).toBe(267);
    const run = await cli('--province', '31');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('31 Daerah Khusus Ibukota Jakarta: 44 kecamatan (44 created), 267 villages added');
    expect(await counts(handle.db)).toEqual({ districts: before.districts + 44, villages: before.villages + 267, hosts: before.hosts });
    const rows = await snapshot(handle.db);

    // The same rows provisionDistrict makes one by one: names, slugs, kinds and time zones.
    const one = await createTestDb();
    try {
      for (const code of codes) await provisionDistrict(one.db, code);
      const pick = (s: Awaited<ReturnType<typeof snapshot>>) => ({
        districts: s.districts.filter((d) => d.code.startsWith('31.')).map((d) => [d.code, d.name, d.regency_code, d.regency_name, d.province_name, d.timezone]),
        villages: s.villages
          .filter((v) => v.code.startsWith('31.'))
          .map((v) => [v.code, v.name, v.slug, v.kind])
          .sort(),
      });
      expect(pick(rows)).toEqual(pick(await snapshot(one.db)));
    } finally {
      await one.drop();
    }

    const again = await cli('--province=31');
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('31 Daerah Khusus Ibukota Jakarta: 44 kecamatan (0 created), 0 villages added');
    expect(await snapshot(handle.db)).toEqual(rows);
  }, 60_000);

  test('--province adds only what is missing: a deleted village comes back, nothing else changes', async () => {
    const gone = await handle.db.selectFrom('villages').selectAll().where('code', 'like', '31.%').orderBy('code').executeTakeFirstOrThrow();
    await handle.db.deleteFrom('villages').where('id', '=', gone.id).execute();
    const before = await snapshot(handle.db);
    const run = await cli('--province', '31');
    expect(run.stdout.trim()).toBe('31 Daerah Khusus Ibukota Jakarta: 44 kecamatan (0 created), 1 villages added');
    const after = await snapshot(handle.db);
    expect(after.villages.find((v) => v.code === gone.code)).toMatchObject({ name: gone.name, slug: gone.slug, district_id: gone.district_id });
    expect(after.districts).toEqual(before.districts.map((d) => (d.id === gone.district_id ? { ...d, content_version: d.content_version + 1 } : d)));
    expect(after.villages.filter((v) => v.code !== gone.code)).toEqual(before.villages);
  }, 60_000);
});
