// The public pembangunan dashboard: filters, budget totals, the table and its CSV, the project page
// with its timeline; nothing unpublished reachable; bad parameters never answer 500.
import request from 'supertest';
import type { Ctx } from '../../src/domain/context';
import { createItem } from '../../src/modules/content/content.service';
import { changeStatus, trashAction } from '../../src/modules/content/workflow';
import { FUNDING_SOURCES, budgetField, project } from '../../src/modules/sections/project';
import { addUpdate } from '../../src/modules/sections/project-updates';
import { type TestEnv, createTestEnv } from '../support/app';
import { HOST, type World, contentWorld, ctxFor } from '../support/content';
import { parseSemicolonCsv } from '../support/spreadsheets';

let env: TestEnv;
let w: World;
let op: { kalilandak: Ctx; pagak: Ctx; camat: Ctx; opB: Ctx };
const slugs: Record<string, string> = {};

async function make(ctx: Ctx, title: string, year: number, status: string, budgets: Partial<Record<string, number>>, fate: 'P' | 'D' | 'S' | 'R' | 'A' | 'T' = 'P') {
  const details = {
    fiscal_year: year,
    location_text: 'RT 01',
    lat: null,
    lng: null,
    executor: 'TPK',
    output_volume: '100 m',
    start_date: `${year}-03-01`,
    target_date: null,
    project_status: status,
    ...Object.fromEntries(FUNDING_SOURCES.map((s) => [budgetField(s), budgets[s] ?? 0])),
  };
  const snapshot = { title, summary: `Ringkasan ${title}`, body_source: `Isi ${title}`, cover_media_id: null, cover_alt: '', media_ids: [], details };
  const intent = fate === 'D' ? 'draft' : fate === 'S' || fate === 'R' ? 'submit' : 'publish';
  const { id } = await createItem(ctx, project, { snapshot, intent, villageId: ctx.user.village_id });
  if (fate === 'R') await changeStatus(op.camat, project, id, 'return', 'Lengkapi.');
  if (fate === 'A') await changeStatus(op.camat, project, id, 'archive', '');
  if (fate === 'T') await trashAction(op.camat, project, id, 'delete');
  slugs[title] = (await env.db.selectFrom('content_items').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  return id;
}

const get = (path: string) => request(env.app).get(path).set('Host', HOST);
/** The project rows of the dashboard table: [title, village, year, status, budget, progress]. */
const tableRows = (html: string) =>
  [...html.matchAll(/<tr data-slug="[^"]+">([\s\S]*?)<\/tr>/g)].map((m) => {
    const cells = [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim());
    const amount = /data-amount="(\d+)"/.exec(m[1])![1];
    return [cells[0], cells[1], cells[2], cells[3], amount, cells[5].replace('%', '')];
  });
const sourceTotals = (html: string) => {
  const table = /<table class="totals" id="per-sumber">([\s\S]*?)<\/table>/.exec(html)![1];
  return [...table.matchAll(/data-amount="(\d+)"/g)].map((m) => Number(m[1]));
};
const parseCsv = parseSemicolonCsv;
/** A CSV row's table columns: title, village, year, status, budget total, progress (after the dates and the sources). */
const tableCells = (r: string[]) => [r[0], r[1], r[2], r[3], r[6 + FUNDING_SOURCES.length], r[7 + FUNDING_SOURCES.length]];

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  op = { kalilandak: await ctxFor(env.db, w.u.kalilandak), pagak: await ctxFor(env.db, w.u.pagak), camat: await ctxFor(env.db, w.u.camat), opB: await ctxFor(env.db, w.u.opB) };
  const jalan = await make(op.kalilandak, 'Rabat Beton "Jalan", RT 02', 2026, 'rencana', { dana_desa: 120_000_000, swadaya: 5_000_000 });
  await addUpdate(op.kalilandak, jalan, { update_date: '2026-03-02', percent: 0, note: 'Kondisi awal', mediaIds: [] });
  await addUpdate(op.kalilandak, jalan, { update_date: '2026-04-10', percent: 45, note: 'Baris satu\n<b>baris</b> dua', mediaIds: [] });
  await make(op.kalilandak, 'Talud Sungai', 2025, 'selesai', { add: 80_000_000 });
  await make(op.pagak, 'Posyandu <img src=x onerror=alert(1)>', 2026, 'berjalan', { dana_desa: 60_000_000, bk_kabupaten: 40_000_000 });
  for (const [fate, name] of [
    ['D', 'Draf Rahasia'],
    ['S', 'Diajukan Rahasia'],
    ['R', 'Dikembalikan Rahasia'],
    ['A', 'Diarsipkan Rahasia'],
    ['T', 'Dibuang Rahasia'],
  ] as const) {
    await make(op.kalilandak, name, 2026, 'rencana', { dana_desa: 999_000_000 }, fate);
  }
  await make(op.opB, 'Proyek Kecamatan Lain', 2026, 'rencana', { dana_desa: 777_000_000 });
});
afterAll(() => env.close());

test('the dashboard: only published projects of this kecamatan, totals by source and village', async () => {
  const res = await get('/pembangunan');
  expect(res.status).toBe(200);
  expect(res.text).not.toMatch(/Rahasia|Kecamatan Lain|999\.000\.000|777\.000\.000/);
  expect(res.text).not.toContain('<img src=x');
  const rows = tableRows(res.text);
  expect(rows.map((r) => r[0]).sort()).toEqual(['Posyandu &lt;img src=x onerror=alert(1)&gt;', 'Rabat Beton &#34;Jalan&#34;, RT 02', 'Talud Sungai']);
  expect(rows.find((r) => r[0].startsWith('Rabat'))).toEqual(['Rabat Beton &#34;Jalan&#34;, RT 02', 'Kalilandak', '2026', 'Berjalan', '125000000', '45']);
  expect(res.text).toContain('value="45" aria-hidden="true"></progress> 45%');
  const totals = sourceTotals(res.text);
  expect(totals.slice(0, -1)).toEqual([180_000_000, 80_000_000, 40_000_000, 5_000_000]);
  expect(totals[totals.length - 1]).toBe(rows.reduce((n, r) => n + Number(r[4]), 0));
  expect(res.text).toContain('Rp 305.000.000');
});

/** Every row of the filtered table, page after page (following rel="next"), and the caption's count. */
async function allTableRows(qs: string) {
  const rows: string[][] = [];
  let path: string | null = `/pembangunan${qs ? `?${qs}` : ''}`;
  let caption: number | null = null;
  while (path) {
    const res = await get(path);
    expect(res.status).toBe(200);
    rows.push(...tableRows(res.text));
    caption ??= Number(/\((\d+) kegiatan\)/.exec(res.text)?.[1] ?? 0);
    const next = /<a rel="next" href="([^"]+)"/.exec(res.text);
    path = next ? next[1].replace(/&amp;/g, '&') : null;
  }
  return { rows, caption };
}

test('filters by year, village, status and funding source; the CSV is the filtered table', async () => {
  const cases: [string, string[]][] = [
    ['tahun=2025', ['Talud Sungai']],
    ['desa=pagak', ['Posyandu &lt;img src=x onerror=alert(1)&gt;']],
    ['status=berjalan&desa=kalilandak', ['Rabat Beton &#34;Jalan&#34;, RT 02']],
    ['sumber=add', ['Talud Sungai']],
    ['sumber=apbn', []],
    ['tahun=2026&sumber=dana_desa', ['Posyandu &lt;img src=x onerror=alert(1)&gt;', 'Rabat Beton &#34;Jalan&#34;, RT 02']],
  ];
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"').replace(/&amp;/g, '&');
  for (const [qs, expected] of cases) {
    const html = await get(`/pembangunan?${qs}`);
    const rows = tableRows(html.text);
    expect(rows.map((r) => r[0]).sort()).toEqual(expected);
    const totals = sourceTotals(html.text);
    expect(totals[totals.length - 1]).toBe(rows.reduce((n, r) => n + Number(r[4]), 0));
    // The CSV holds every filtered row: the table's rows over all its pages.
    expect(await allTableRows(qs)).toEqual({ rows, caption: rows.length });
    for (const path of [`/pembangunan.csv?${qs}`, `/pembangunan?format=csv&${qs}`]) {
      const csv = await get(path);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="pembangunan.*\.csv"$/);
      expect(csv.text.charCodeAt(0)).toBe(0xfeff);
      const [header, ...data] = parseCsv(csv.text.slice(1));
      expect(header).toEqual([
        'Kegiatan',
        'Desa',
        'Tahun',
        'Status',
        'Tanggal mulai',
        'Target selesai',
        'Dana Desa (Rp)',
        'ADD (Alokasi Dana Desa) (Rp)',
        'Bantuan Keuangan Provinsi (Rp)',
        'Bantuan Keuangan Kabupaten (Rp)',
        'APBN (Rp)',
        'Swadaya masyarakat (Rp)',
        'Lainnya (Rp)',
        'Anggaran (Rp)',
        'Progres (%)',
        'Tautan',
      ]);
      expect(data.map(tableCells)).toEqual(rows.map((r) => [unescape(r[0]), ...r.slice(1)]));
    }
  }
  const csv = await get('/pembangunan.csv');
  expect(csv.text).toContain('"Rabat Beton ""Jalan"", RT 02"');
  expect(csv.text).not.toMatch(/Rahasia|Kecamatan Lain/);
  // Budget per funding source and the dates, as Indonesian Excel reads them: ";" between cells, CRLF, no thousands separators.
  const jalan = parseCsv(csv.text.slice(1)).find((r) => r[0] === 'Rabat Beton "Jalan", RT 02')!;
  expect(jalan.slice(4, 13)).toEqual(['2026-03-01', '', '120000000', '0', '0', '0', '0', '5000000', '0']);
  expect(csv.text.split('\r\n')[1].split(';').length).toBeGreaterThan(10);
});

test('bad parameters give a normal page, never a 500', async () => {
  for (const qs of ['tahun=-1', 'tahun=99999999999', "desa='; DROP TABLE content_items; --", 'status=hancur', 'sumber[]=add', 'format=xml', `tahun=${'9'.repeat(5000)}`]) {
    expect((await get(`/pembangunan?${qs}`)).status).toBe(200);
    expect((await get(`/pembangunan.csv?${qs}`)).status).toBe(200);
  }
});

test('a project page: details, budget by source, timeline newest first; unpublished and unknown slugs 404', async () => {
  const res = await get(`/pembangunan/${slugs['Rabat Beton "Jalan", RT 02']}`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('Rp 120.000.000');
  expect(res.text).toContain('Swadaya masyarakat');
  expect(res.text).toContain('Rp 125.000.000');
  expect(res.text.indexOf('10 April 2026')).toBeLessThan(res.text.indexOf('2 Maret 2026'));
  expect(res.text).toContain('Baris satu<br>&lt;b&gt;baris&lt;/b&gt; dua');
  expect(res.text).toContain('Progres 45%');
  for (const name of ['Draf Rahasia', 'Diajukan Rahasia', 'Dikembalikan Rahasia', 'Diarsipkan Rahasia', 'Dibuang Rahasia', 'Proyek Kecamatan Lain']) {
    expect((await get(`/pembangunan/${slugs[name]}`)).status).toBe(404);
  }
  expect((await get('/pembangunan/tidak-ada')).status).toBe(404);
  expect((await get('/pembangunan/%27%3B%20DROP')).status).toBe(404);
  expect((await get(`/pembangunan/${slugs['Posyandu <img src=x onerror=alert(1)>']}`)).text).not.toContain('<img src=x');
});

test('the table is paged (totals and CSV over every filtered row); bad page numbers give a page', async () => {
  for (let i = 0; i < 55; i++) await make(op.pagak, `Sumur Resapan ${String(i).padStart(2, '0')}`, 2019, 'selesai', { swadaya: 1_000_000 });
  const first = await get('/pembangunan?tahun=2019');
  const page1 = tableRows(first.text);
  expect(page1).toHaveLength(50);
  expect(first.text).toContain('(55 kegiatan)');
  expect(sourceTotals(first.text)).toEqual([55_000_000, 55_000_000]);
  expect(first.text).toContain('<a rel="next" href="/pembangunan?tahun=2019&amp;page=2"');
  const second = await get('/pembangunan?tahun=2019&page=2');
  const page2 = tableRows(second.text);
  // Newest year first, then the latest entered first.
  expect(page1[0][0]).toBe('Sumur Resapan 54');
  expect(page2.map((r) => r[0])).toEqual(['Sumur Resapan 04', 'Sumur Resapan 03', 'Sumur Resapan 02', 'Sumur Resapan 01', 'Sumur Resapan 00']);
  expect(second.text).toContain('<a rel="prev" href="/pembangunan?tahun=2019&amp;page=1"');
  expect(second.text).not.toContain('rel="next"');
  const { rows, caption } = await allTableRows('tahun=2019');
  expect(rows).toEqual([...page1, ...page2]);
  expect(caption).toBe(55);
  const [, ...data] = parseCsv((await get('/pembangunan.csv?tahun=2019')).text.slice(1));
  expect(data.map(tableCells)).toEqual(rows);
  for (const page of ['-1', '0', '99999999', 'abc', '3']) {
    const res = await get(`/pembangunan?tahun=2019&page=${page}`);
    expect(res.status).toBe(200);
  }
  expect(tableRows((await get('/pembangunan?tahun=2019&page=abc')).text)).toEqual(page1);
});

test('the CSV neutralises formulas in what operators typed and quotes separators, quotes and line breaks', async () => {
  const titles = ['=HYPERLINK("http://jahat.test";"klik")', '+62 812 Jalan', '-1 Talud', '@SUM(A1) Saluran'];
  for (const title of titles) await make(op.kalilandak, title, 2017, 'rencana', { lainnya: 1_000 });
  const res = await get('/pembangunan.csv?tahun=2017');
  expect(res.text).toContain('"\'=HYPERLINK(""http://jahat.test"";""klik"")"');
  const [, ...data] = parseCsv(res.text.slice(1));
  expect(data.map((r) => r[0]).sort()).toEqual(titles.map((t) => `'${t}`).sort());
  // Every row has the header's width: the ";" inside the first title did not split it.
  expect(new Set(data.map((r) => r.length))).toEqual(new Set([16]));
});
