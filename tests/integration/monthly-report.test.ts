// The monthly report (/admin/laporan): who may read which kecamatan's report, its figures against
// counts made here from the rows, the XLSX and CSV read back, bad months refused in Indonesian.
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema';
import type { Ctx } from '../../src/domain/context';
import { createItem } from '../../src/modules/content/content.service';
import { changeStatus, trashAction } from '../../src/modules/content/workflow';
import { lastFullMonth, monthOf } from '../../src/modules/report/month';
import { SECTIONS } from '../../src/modules/sections';
import { FUNDING_SOURCES, budgetField, project } from '../../src/modules/sections/project';
import { addUpdate } from '../../src/modules/sections/project-updates';
import { type Agent, type TestEnv, addUser, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, ctxFor } from '../support/content';
import { binary, parseSemicolonCsv } from '../support/spreadsheets';

let env: TestEnv;
let w: World;
let ctx: Record<'kalilandak' | 'pagak' | 'camat' | 'opB', Ctx>;
let agents: Record<'camat' | 'op' | 'camatB' | 'superadmin', Agent>;

const NOV = monthOf(2026, 11, 'WIB');
const OCT = monthOf(2026, 10, 'WIB');
const def = (type: string) => SECTIONS.find((d) => d.type === type)!;
const VILLAGE_TYPES = SECTIONS.filter((d) => d.levels.includes('village')).map((d) => d.type);

async function item(c: Ctx, type: string, title: string, publishedAt: string | null, intent: 'publish' | 'draft' | 'submit' = 'publish') {
  const d = def(type);
  const details =
    type === 'project'
      ? projectDetails(2026, {})
      : type === 'potential'
        ? { category: 'wisata', location_text: 'Dusun', lat: null, lng: null, contact: '', opening_hours: '' }
        : type === 'product'
          ? { price: 1000, unit: 'bks', seller_name: 'Bu Sri', whatsapp: null, category: 'makanan', availability: 'tersedia' }
          : {};
  const snapshot = { title, summary: `Ringkasan ${title}`, body_source: `Isi ${title}`, cover_media_id: null, cover_alt: '', media_ids: [], details };
  const { id } = await createItem(c, d, { snapshot, intent, villageId: c.user.village_id });
  if (publishedAt) await env.db.updateTable('content_items').set({ published_at: publishedAt }).where('id', '=', id).execute();
  return id;
}

function projectDetails(year: number, budgets: Partial<Record<string, number>>) {
  return {
    fiscal_year: year,
    location_text: 'RT 01',
    lat: null,
    lng: null,
    executor: 'TPK',
    output_volume: '100 m',
    start_date: `${year}-03-01`,
    target_date: `${year}-11-30`,
    project_status: 'berjalan',
    ...Object.fromEntries(FUNDING_SOURCES.map((s) => [budgetField(s), budgets[s] ?? 0])),
  };
}

async function projectOf(c: Ctx, title: string, year: number, budgets: Partial<Record<string, number>>, publishedAt: string) {
  const snapshot = { title, summary: 'R', body_source: 'Isi', cover_media_id: null, cover_alt: '', media_ids: [], details: projectDetails(year, budgets) };
  const { id } = await createItem(c, project, { snapshot, intent: 'publish', villageId: c.user.village_id });
  await env.db.updateTable('content_items').set({ published_at: publishedAt }).where('id', '=', id).execute();
  return id;
}

/** Moves the newest audit row of `action` to `at` (the log records now; the report reads months). */
async function backdateLast(action: string, at: string) {
  const last = await env.db.selectFrom('audit_log').select('id').where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  await env.db.updateTable('audit_log').set({ created_at: at }).where('id', '=', last.id).execute();
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  await addUser(env.db, { districtId: null, username: 'dinkominfo', role: 'superadmin' });
  ctx = { kalilandak: await ctxFor(env.db, w.u.kalilandak), pagak: await ctxFor(env.db, w.u.pagak), camat: await ctxFor(env.db, w.u.camat), opB: await ctxFor(env.db, w.u.opB) };

  // Kalilandak: three in November (one just after midnight WIB on the 1st, still October in UTC),
  // one in October, a draft, and a November item thrown away.
  await item(ctx.kalilandak, 'news', 'Berita November', '2026-11-10 03:00:00');
  await item(ctx.kalilandak, 'potential', 'Wisata November', '2026-10-31 18:00:00');
  await item(ctx.kalilandak, 'product', 'Keripik November', '2026-11-30 16:59:59');
  await item(ctx.kalilandak, 'news', 'Berita Oktober', '2026-10-15 03:00:00');
  await item(ctx.kalilandak, 'news', 'Draf', null, 'draft');
  const thrown = await item(ctx.kalilandak, 'news', 'Dibuang', '2026-11-12 03:00:00');
  await trashAction(ctx.camat, def('news'), thrown, 'delete');
  // December (WIB) is not November.
  await item(ctx.kalilandak, 'news', 'Berita Desember', '2026-11-30 17:00:00');

  // Pembangunan 2026: Kalilandak's progress is 60% at November's end (the 90% is dated December).
  const jalan = await projectOf(ctx.kalilandak, 'Jalan =HYPERLINK("x");Desa', 2026, { dana_desa: 100_000_000, swadaya: 10_000_000 }, '2026-09-01 03:00:00');
  await addUpdate(ctx.kalilandak, jalan, { update_date: '2026-10-15', percent: 30, note: 'awal', mediaIds: [] });
  await addUpdate(ctx.kalilandak, jalan, { update_date: '2026-11-20', percent: 60, note: 'tengah', mediaIds: [] });
  await addUpdate(ctx.kalilandak, jalan, { update_date: '2026-12-01', percent: 90, note: 'akhir', mediaIds: [] });
  await projectOf(ctx.pagak, 'Posyandu', 2026, { add: 50_000_000 }, '2026-11-05 03:00:00');
  await projectOf(ctx.pagak, 'Talud lama', 2025, { add: 70_000_000 }, '2025-06-05 03:00:00');
  await projectOf(ctx.pagak, 'Gapura <img src=x onerror=alert(1)>', 2026, {}, '2026-09-05 03:00:00');

  // Pagak reviews: one returned and one approved in November, one approved in October.
  await env.db.updateTable('villages').set({ review_required: 1 }).where('id', '=', w.v.pagak).execute();
  ctx.pagak = await ctxFor(env.db, w.u.pagak);
  const back = await item(ctx.pagak, 'news', 'Kurang foto', null, 'submit');
  await changeStatus(ctx.camat, def('news'), back, 'return', 'Tambahkan foto.');
  await backdateLast('content.return', '2026-11-03 02:00:00');
  const ok = await item(ctx.pagak, 'news', 'Disetujui November', null, 'submit');
  await changeStatus(ctx.camat, def('news'), ok, 'publish', '');
  await backdateLast('content.approve', '2026-11-04 02:00:00');
  await env.db.updateTable('content_items').set({ published_at: '2026-11-04 02:00:00' }).where('id', '=', ok).execute();
  const okOct = await item(ctx.pagak, 'potential', 'Disetujui Oktober', null, 'submit');
  await changeStatus(ctx.camat, def('potential'), okOct, 'publish', '');
  await backdateLast('content.approve', '2026-10-04 02:00:00');
  await env.db.updateTable('content_items').set({ published_at: '2026-10-04 02:00:00' }).where('id', '=', okOct).execute();

  // The other kecamatan publishes in November too.
  await item(ctx.opB, 'news', 'Susukan November', '2026-11-10 03:00:00');

  // Logins: Kalilandak's operator twice in November and once in October, Pagak's once in November;
  // the camat office's own login is no operator's.
  for (const [username, at] of [
    ['op.kalilandak', '2026-11-02 01:00:00'],
    ['op.kalilandak', '2026-11-20 01:00:00'],
    ['op.kalilandak', '2026-10-20 01:00:00'],
    ['op.pagak', '2026-11-21 01:00:00'],
    ['camat', '2026-11-21 01:00:00'],
  ] as const) {
    await login(env.app, HOST, username);
    await backdateLast('login.succeeded', at);
  }
  agents = {
    camat: await login(env.app, HOST, 'camat'),
    op: await login(env.app, HOST, 'op.kalilandak'),
    camatB: await login(env.app, HOST_B, 'camat.susukan'),
    superadmin: await login(env.app, HOST, 'dinkominfo'),
  };
}, 60_000);
afterAll(() => env.close());

const get = (agent: Agent, path: string, host = HOST) => agent.get(path).set('Host', host);
const getFile = (agent: Agent, path: string, host = HOST) => agent.get(path).set('Host', host).buffer(true).parse(binary);

/** What the report should say for one village and month, counted here from the rows themselves. */
async function expected(db: Kysely<Database>, villageId: number, m: typeof NOV) {
  const items = await db.selectFrom('content_items').selectAll().where('village_id', '=', villageId).execute();
  const inMonth = (at: string | null) => at !== null && at >= m.start && at < m.end;
  const live = items.filter((i) => i.status === 'published' && i.deleted_at === null);
  const published = Object.fromEntries(VILLAGE_TYPES.map((type) => [type, live.filter((i) => i.type === type && inMonth(i.published_at)).length]));
  const audit = await db.selectFrom('audit_log').selectAll().where('village_id', '=', villageId).execute();
  const logins = audit.filter((a) => a.action === 'login.succeeded' && a.role === 'village_operator' && inMonth(a.created_at));
  return {
    published,
    total: Object.values(published).reduce((n, x) => n + x, 0),
    logins: logins.length,
    returned: new Set(audit.filter((a) => a.action === 'content.return' && inMonth(a.created_at)).map((a) => a.target_id)).size,
    approved: new Set(audit.filter((a) => (a.action === 'content.approve' || (a.action === 'content.publish' && a.role !== 'village_operator')) && inMonth(a.created_at)).map((a) => a.target_id)).size,
  };
}

describe('who may read which report', () => {
  test('an operator gets 403 for the page and both downloads, and has no link to it', async () => {
    for (const path of ['/admin/laporan', '/admin/laporan?bulan=2026-11', '/admin/laporan.xlsx?bulan=2026-11', '/admin/laporan.csv?bulan=2026-11']) {
      expect((await get(agents.op, path)).status).toBe(403);
    }
    expect((await get(agents.op, '/admin')).text).not.toContain('href="/admin/laporan"');
    expect((await get(agents.camat, '/admin')).text).toContain('href="/admin/laporan"');
    expect((await get(agents.superadmin, '/admin')).text).toContain('href="/admin/laporan"');
  });

  test('the camat office reads its own kecamatan whatever ?kecamatan says; another camat office cannot read it', async () => {
    const own = await get(agents.camat, '/admin/laporan?bulan=2026-11&kecamatan=33.04.01');
    expect(own.status).toBe(200);
    expect(own.text).toContain('Laporan bulanan Kecamatan Purworeja Klampok');
    expect(own.text).not.toContain('Susukan');
    const csv = await get(agents.camat, '/admin/laporan.csv?bulan=2026-11&kecamatan=33.04.01');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="laporan-purworeja-klampok-2026-11.csv"');
    // Susukan's camat office, on its own host, gets Susukan whatever it asks for.
    for (const qs of ['kecamatan=33.04.02', 'kecamatan=semua', 'kecamatan[]=33.04.02']) {
      const other = await get(agents.camatB, `/admin/laporan?bulan=2026-11&${qs}`, HOST_B);
      expect(other.status).toBe(200);
      expect(other.text).toContain('Laporan bulanan Kecamatan Susukan');
      expect(other.text).not.toMatch(/Purworeja Klampok|Kalilandak/);
      const file = await get(agents.camatB, `/admin/laporan.csv?bulan=2026-11&${qs}`, HOST_B);
      expect(file.headers['content-disposition']).toContain('laporan-susukan-2026-11.csv');
    }
    // On Klampok's host its session is nobody's.
    const cross = await get(agents.camatB, '/admin/laporan?bulan=2026-11');
    expect(cross.status).toBe(302);
    expect(cross.headers.location).toMatch(/^\/masuk/);
    expect((await get(agents.camatB, '/admin/laporan.xlsx?bulan=2026-11')).status).toBe(302);
  });

  test('a superadmin picks any kecamatan or the whole install (one row per kecamatan)', async () => {
    const page = await get(agents.superadmin, '/admin/laporan?bulan=2026-11');
    expect(page.text).toContain('<select id="kecamatan" name="kecamatan">');
    const b = await get(agents.superadmin, '/admin/laporan?bulan=2026-11&kecamatan=33.04.01');
    expect(b.text).toContain('Laporan bulanan Kecamatan Susukan');
    const all = await get(agents.superadmin, '/admin/laporan?bulan=2026-11&kecamatan=semua');
    expect(all.status).toBe(200);
    expect(all.text).toContain('Laporan bulanan semua kecamatan');
    const rows = [...all.text.matchAll(/<tr data-unit="(\d+)">/g)].map((m) => Number(m[1])).sort();
    expect(rows).toEqual([w.dA, w.dB].sort());
    const csv = await getFile(agents.superadmin, '/admin/laporan.csv?bulan=2026-11&kecamatan=semua');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="laporan-semua-kecamatan-2026-11.csv"');
    const [header, ...data] = parseSemicolonCsv(csv.body.toString('utf8').slice(1));
    expect(header[0]).toBe('Kecamatan');
    const totalCol = header.indexOf('Jumlah terbit');
    const kla = await expected(env.db, w.v.kalilandak, NOV);
    const pag = await expected(env.db, w.v.pagak, NOV);
    // Klampok: its villages' items (no kecamatan-level items here); Susukan: one.
    expect(data.find((r) => r[0] === 'Purworeja Klampok')![totalCol]).toBe(String(kla.total + pag.total));
    expect(data.find((r) => r[0] === 'Susukan')![totalCol]).toBe('1');
    const unknown = await get(agents.superadmin, '/admin/laporan?bulan=2026-11&kecamatan=99.99.99');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Kecamatan tidak ditemukan.');
  });
});

describe('the figures', () => {
  test('per village: published by type, logins, returned and approved equal the counts of the rows', async () => {
    const res = await get(agents.camat, '/admin/laporan?bulan=2026-11');
    expect(res.status).toBe(200);
    const csv = await getFile(agents.camat, '/admin/laporan.csv?bulan=2026-11');
    const [header, ...data] = parseSemicolonCsv(csv.body.toString('utf8').slice(1));
    const col = (name: string) => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`no column ${name}: ${header.join(' | ')}`);
      return i;
    };
    const rowOf = (name: string) => data.find((r) => r[0] === name)!;
    for (const [name, id] of [
      ['Desa Kalilandak', w.v.kalilandak],
      ['Desa Pagak', w.v.pagak],
    ] as const) {
      const want = await expected(env.db, id, NOV);
      const row = rowOf(name);
      for (const type of VILLAGE_TYPES) {
        const label = { potential: 'Potensi', product: 'Produk UMKM', project: 'Pembangunan', news: 'Berita' }[type as string]!;
        expect([name, type, row[col(`Terbit: ${label}`)]]).toEqual([name, type, String(want.published[type])]);
      }
      expect(row[col('Jumlah terbit')]).toBe(String(want.total));
      expect(row[col('Login operator')]).toBe(String(want.logins));
      expect(row[col('Dikembalikan')]).toBe(String(want.returned));
      expect(row[col('Disetujui')]).toBe(String(want.approved));
    }
    // The values this set-up meant, so the counting above is not vacuous.
    const k = rowOf('Desa Kalilandak');
    expect([k[col('Jumlah terbit')], k[col('Login operator')], k[col('Operator yang login')], k[col('Catatan progres')]]).toEqual(['3', '2', '1', '1']);
    const p = rowOf('Desa Pagak');
    expect([p[col('Jumlah terbit')], p[col('Login operator')], p[col('Dikembalikan')], p[col('Disetujui')]]).toEqual(['2', '1', '1', '1']);
    // Change from October: Kalilandak published 1 then (and a project dated September), Pagak 1.
    const oct = await expected(env.db, w.v.kalilandak, OCT);
    expect(k[col('Perubahan dari bulan lalu')]).toBe(String(3 - oct.total));
    // Days since the last publication, as of November's end: Kalilandak's last was 30 Nov 23:59 WIB.
    expect(k[col('Hari sejak terakhir terbit')]).toBe('0');
    expect(k[col('Terakhir terbit')]).toBe('2026-11-30');
    // A village that never published.
    const quiet = data.find((r) => r[0] === 'Desa Sirkandi')!;
    expect([quiet[col('Jumlah terbit')], quiet[col('Terakhir terbit')], quiet[col('Hari sejak terakhir terbit')]]).toEqual(['0', '', '']);
    // The kecamatan's total row sums the villages.
    const total = rowOf('Jumlah kecamatan');
    expect(total[col('Jumlah terbit')]).toBe(String(data.filter((r) => r[0] !== 'Jumlah kecamatan').reduce((n, r) => n + Number(r[col('Jumlah terbit')]), 0)));
    expect(total[col('Login operator')]).toBe('3');
    // The page shows the same numbers.
    expect(res.text).toMatch(/<tr data-unit="\d+"><th scope="row">Desa Kalilandak<\/th><td class="num" data-value="\d+">/);
    expect(res.text).toContain('Bulan November 2026');
  });

  test('pembangunan: budget and realised estimate by funding source at the month’s end progress', async () => {
    const res = await get(agents.camat, '/admin/laporan?bulan=2026-11');
    const source = (s: string) => new RegExp(`<tr data-source="${s}">[\\s\\S]*?</tr>`).exec(res.text)?.[0] ?? '';
    // Dana Desa 100 juta at 60% (the December update does not count), Swadaya 10 juta, ADD 50 juta at 0%; 2025 not counted.
    expect(source('dana_desa')).toContain('data-value="100000000"');
    expect(source('dana_desa')).toContain('data-value="60000000"');
    expect(source('swadaya')).toContain('data-value="6000000"');
    expect(source('add')).toContain('data-value="50000000"');
    expect(source('add')).toContain('data-value="0"');
    expect(res.text).toContain('>160.000.000<');
    expect(res.text).not.toContain('Talud lama');
    // What operators typed is escaped.
    expect(res.text).toContain('Gapura &lt;img src=x onerror=alert(1)&gt;');
    expect(res.text).not.toContain('<img src=x');
    // In October the same project stood at 30%.
    const oct = await get(agents.camat, '/admin/laporan?bulan=2026-10');
    expect(/<tr data-source="dana_desa">[\s\S]*?<\/tr>/.exec(oct.text)![0]).toContain('data-value="30000000"');
  });

  test('the XLSX: one sheet per topic, numbers as numbers, dates as dates, rupiah formats', async () => {
    const res = await getFile(agents.camat, '/admin/laporan.xlsx?bulan=2026-11');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="laporan-purworeja-klampok-2026-11.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Ringkasan', 'Per desa', 'Sumber dana', 'Pembangunan']);
    const villages = book.getWorksheet('Per desa')!;
    const headerRow = villages.getRow(4);
    const header = (headerRow.values as unknown[]).slice(1).map(String);
    let kalilandak: ExcelJS.Row | null = null;
    villages.eachRow((row) => {
      if (row.getCell(1).value === 'Desa Kalilandak') kalilandak = row;
    });
    const cell = (name: string) => kalilandak!.getCell(header.indexOf(name) + 1);
    expect(cell('Jumlah terbit').type).toBe(ExcelJS.ValueType.Number);
    expect(cell('Jumlah terbit').value).toBe(3);
    expect(cell('Terakhir terbit').type).toBe(ExcelJS.ValueType.Date);
    expect((cell('Terakhir terbit').value as Date).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(cell('Anggaran (Rp)').value).toBe(110_000_000);
    expect(cell('Anggaran (Rp)').numFmt).toContain('Rp');
    const projects = book.getWorksheet('Pembangunan')!;
    let jalan: ExcelJS.Row | null = null;
    projects.eachRow((row) => {
      if (String(row.getCell(2).value).startsWith('Jalan')) jalan = row;
    });
    // User text stays text in a workbook (never a formula cell).
    expect(jalan!.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(jalan!.getCell(4).type).toBe(ExcelJS.ValueType.Date);
    expect(jalan!.getCell(6).value).toBe(60);
    const summary = book.getWorksheet('Ringkasan')!;
    expect(String(summary.getCell('A1').value)).toBe('Laporan bulanan Kecamatan Purworeja Klampok');
    expect(String(summary.getCell('A2').value)).toBe('Bulan November 2026');
  });

  test('the CSV: BOM, ";" between cells, CRLF line ends, numbers without thousands separators', async () => {
    const res = await getFile(agents.camat, '/admin/laporan.csv?bulan=2026-11');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = res.body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const [header, ...data] = parseSemicolonCsv(text.slice(1));
    expect(data.every((r) => r.length === header.length)).toBe(true);
    const budget = header.indexOf('Anggaran (Rp)');
    expect(data.find((r) => r[0] === 'Desa Kalilandak')![budget]).toBe('110000000');
  });
});

describe('bad months', () => {
  test('are answered in Indonesian with 400 and change nothing', async () => {
    const count = async () =>
      Number(
        (
          await env.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [string, string][] = [
      ['2026-13', 'Bulan tidak dikenali'],
      ['abc', 'Bulan tidak dikenali'],
      ['2026-1', 'Bulan tidak dikenali'],
      ['2099-01', 'Bulan itu belum dimulai'],
      ['1999-05', 'Laporan tersedia mulai Januari 2015'],
    ];
    for (const [bulan, message] of cases) {
      for (const path of ['/admin/laporan', '/admin/laporan.xlsx', '/admin/laporan.csv']) {
        const res = await get(agents.camat, `${path}?bulan=${encodeURIComponent(bulan)}`);
        expect([bulan, path, res.status]).toEqual([bulan, path, 400]);
        expect(res.text).toContain(message);
        expect(res.headers['content-disposition']).toBeUndefined();
      }
    }
    const twice = await get(agents.camat, '/admin/laporan?bulan=2026-11&bulan=2026-10');
    expect(twice.status).toBe(400);
    expect(await count()).toBe(before);
  });

  test('no month is the last full month', async () => {
    const res = await get(agents.camat, '/admin/laporan');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`name="bulan" value="${lastFullMonth('WIB').key}"`);
  });
});
