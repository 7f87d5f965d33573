// The audit log as a camat office and a superadmin read it: labels, named and linked objects,
// filters, pages, the CSV, scoping across kecamatan, and user text escaped.
import request from 'supertest';
import { toDbDate } from '../../src/db/time';
import { type Agent, type TestEnv, addUser, createTestEnv, csrfFrom, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia, postForm } from '../support/content';

let env: TestEnv;
let w: World;
let camat: Agent;
let camatB: Agent;
let root: Agent;
let opK: Agent;
const ids: Record<string, number> = {};
const items: Record<string, number> = {};

type Entry = { district: number | null; village?: number | null; user?: number | null; username?: string; action: string; target?: [string, number]; detail?: unknown; at: string };

async function entry(e: Entry): Promise<number> {
  const res = await env.db
    .insertInto('audit_log')
    .values({
      district_id: e.district,
      village_id: e.village ?? null,
      user_id: e.user ?? null,
      username: e.username ?? null,
      role: e.user ? 'district_admin' : null,
      action: e.action,
      target_type: e.target?.[0] ?? null,
      target_id: e.target ? String(e.target[1]) : null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
      ip: '10.0.0.1',
      created_at: e.at,
    })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}

const get = (agent: Agent, path: string, host = HOST) => agent.get(path).set('Host', host);
/** The ids of the entries a page lists. */
const listed = (html: string) => [...html.matchAll(/<tr id="e(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

/** A ;-separated CSV with quoted cells, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function failedLogin(username: string) {
  const agent = request.agent(env.app);
  const page = await agent.get('/masuk').set('Host', HOST);
  await agent
    .post('/masuk')
    .set('Host', HOST)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password: 'salah-sekali-123' });
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  await addUser(env.db, { districtId: null, username: 'dinkominfo', role: 'superadmin' });
  camat = await login(env.app, HOST, 'camat');
  camatB = await login(env.app, HOST_B, 'camat.susukan');
  root = await login(env.app, HOST, 'dinkominfo');
  opK = await login(env.app, HOST, 'op.kalilandak');
  items.live = await createItemVia(opK, 'berita', { title: 'Panen raya Kalilandak', intent: 'publish' });
  items.trashed = await createItemVia(opK, 'berita', { title: 'Rapat RT', intent: 'draft' });
  expect((await postForm(opK, `/admin/berita/${items.trashed}/hapus`)).status).toBe(303);
  await env.db.deleteFrom('audit_log').execute();

  const { dA, dB, v, u } = w;
  ids.createdK = await entry({
    district: dA,
    village: v.kalilandak,
    user: u.kalilandak,
    username: 'op.kalilandak',
    action: 'content.created',
    target: ['content', items.live],
    at: '2026-03-01 02:00:00',
  });
  ids.createdP = await entry({ district: dA, village: v.pagak, user: u.pagak, username: 'op.pagak', action: 'content.created', target: ['content', items.trashed], at: '2026-03-02 02:00:00' });
  ids.settings = await entry({ district: dA, user: u.camat, username: 'camat', action: 'settings.blocked_terms', target: ['district', dA], at: '2026-03-03 02:00:00' });
  // 20:00 UTC on 3 March is 03:00 WIB on 4 March.
  ids.returned = await entry({
    district: dA,
    village: v.kalilandak,
    user: u.camat,
    username: 'camat',
    action: 'content.return',
    target: ['content', items.live],
    detail: { note: 'Foto kurang <b>jelas</b>' },
    at: '2026-03-03 20:00:00',
  });
  ids.purged = await entry({
    district: dA,
    village: v.kalilandak,
    user: u.camat,
    username: 'camat',
    action: 'content.purged',
    target: ['content', 999_999],
    detail: { title: 'Berita lama' },
    at: '2026-03-05 02:00:00',
  });
  ids.otherDistrict = await entry({ district: dB, village: v.b, user: u.opB, username: 'op.susukan', action: 'content.created', at: '2026-03-02 02:00:00' });
  ids.userEdit = await entry({ district: dA, user: u.camat, username: 'camat', action: 'user.updated', target: ['user', u.pagak], at: '2026-03-06 02:00:00' });
}, 60_000);
afterAll(() => env.close());

describe('who may read it', () => {
  test('an operator gets 403 for the page and the CSV', async () => {
    expect((await get(opK, '/admin/audit')).status).toBe(403);
    expect((await get(opK, '/admin/audit/unduh.csv')).status).toBe(403);
  });

  test('a camat office sees its kecamatan only, whatever kecamatan parameter it sends', async () => {
    const mine = listed((await get(camat, '/admin/audit')).text);
    expect(mine).toEqual(sorted(ids.createdK, ids.createdP, ids.settings, ids.returned, ids.purged, ids.userEdit));
    expect(listed((await get(camat, '/admin/audit?kecamatan=33.04.01')).text)).toEqual(mine);
    expect(listed((await get(camatB, '/admin/audit', HOST_B)).text)).toEqual([ids.otherDistrict]);
  });

  test('another kecamatan’s village or user in the filter is refused with a message, nothing of theirs shown', async () => {
    for (const q of [`desa=${w.v.b}`, `pengguna=${w.u.opB}`]) {
      const res = await get(camat, `/admin/audit?${q}`);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/tidak ada/);
      expect(listed(res.text)).toEqual([]);
      const csv = await get(camat, `/admin/audit/unduh.csv?${q}`);
      expect(csv.status).toBe(400);
      expect(csv.text).not.toContain('op.susukan');
    }
  });

  test('a superadmin sees every kecamatan, and narrows to one by its code', async () => {
    expect(listed((await get(root, '/admin/audit')).text)).toEqual(expect.arrayContaining([ids.createdK, ids.otherDistrict]));
    expect(listed((await get(root, '/admin/audit?kecamatan=33.04.01')).text)).toEqual([ids.otherDistrict]);
    const bad = await get(root, '/admin/audit?kecamatan=99.99.99');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Kecamatan yang dipilih tidak ada.');
  });
});

describe('what an entry says', () => {
  test('actions by their Indonesian label; the item named and linked; the village named', async () => {
    const html = (await get(camat, '/admin/audit')).text;
    const row = (id: number) => new RegExp(`<tr id="e${id}">([\\s\\S]*?)</tr>`).exec(html)![1];
    expect(row(ids.createdK)).toContain('Konten dibuat');
    expect(row(ids.createdK)).not.toContain('content.created');
    expect(row(ids.createdK)).toContain(`<a href="/admin/berita/${items.live}/ubah">Berita: Panen raya Kalilandak</a>`);
    expect(row(ids.createdK)).toContain('Desa Kalilandak');
    expect(row(ids.createdK)).toContain('Nama op.kalilandak (op.kalilandak)');
    expect(row(ids.returned)).toContain('Dikembalikan dengan catatan');
    expect(row(ids.returned)).toContain('Catatan: Foto kurang &lt;b&gt;jelas&lt;/b&gt;');
    expect(row(ids.userEdit)).toContain(`<a href="/admin/pengguna/${w.u.pagak}/ubah">Pengguna Nama op.pagak (op.pagak)</a>`);
  });

  test('a trashed or purged item reads "(dihapus)" without a link', async () => {
    const html = (await get(camat, '/admin/audit')).text;
    const row = (id: number) => new RegExp(`<tr id="e${id}">([\\s\\S]*?)</tr>`).exec(html)![1];
    expect(row(ids.createdP)).toContain('Berita: Rapat RT');
    expect(row(ids.createdP)).toContain('(dihapus)');
    expect(row(ids.createdP)).not.toContain(`/admin/berita/${items.trashed}/ubah`);
    expect(row(ids.purged)).toContain('Berita lama');
    expect(row(ids.purged)).toContain('(dihapus)');
    expect(row(ids.purged)).not.toContain('<a ');
  });
});

describe('filters', () => {
  test.each([
    ['village', () => `desa=${w.v.kalilandak}`, () => [ids.createdK, ids.returned, ids.purged]],
    ['user', () => `pengguna=${w.u.camat}`, () => [ids.settings, ids.returned, ids.purged, ids.userEdit]],
    ['action', () => 'tindakan=content.created', () => [ids.createdK, ids.createdP]],
    ['dates, in the kecamatan’s time', () => 'dari=2026-03-02&sampai=2026-03-03', () => [ids.createdP, ids.settings]],
    ['one day', () => 'dari=2026-03-04&sampai=2026-03-04', () => [ids.returned]],
    ['all together', () => `desa=${w.v.kalilandak}&pengguna=${w.u.camat}&tindakan=content.return&dari=2026-03-01&sampai=2026-03-31`, () => [ids.returned]],
  ])('%s returns exactly its entries, and the form keeps the values', async (_name, query, expected) => {
    const res = await get(camat, `/admin/audit?${query()}`);
    expect(res.status).toBe(200);
    expect(listed(res.text)).toEqual(sorted(...expected()));
    for (const [k, val] of new URLSearchParams(query())) {
      expect(res.text).toMatch(k === 'dari' || k === 'sampai' ? new RegExp(`name="${k}" type="date" value="${val}"`) : new RegExp(`<option value="${val}" selected>`));
    }
  });

  test.each([
    ['desa=abc', 'Desa/kelurahan yang dipilih tidak ada di kecamatan ini.'],
    ['pengguna=999999', 'Pengguna yang dipilih tidak ada.'],
    ['tindakan=content.hacked', 'Tindakan yang dipilih tidak dikenal.'],
    ['dari=2026-02-30', 'Tanggal tidak valid.'],
    ['sampai=kemarin', 'Tanggal tidak valid.'],
    ['dari=2026-03-05&sampai=2026-03-01', 'Tanggal awal harus sebelum atau sama dengan tanggal akhir.'],
  ])('%s: 400 with a clear message, no entries', async (query, message) => {
    const res = await get(camat, `/admin/audit?${query}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(listed(res.text)).toEqual([]);
  });
});

describe('pages', () => {
  test('50 a page, the filter kept in the pager’s links, every entry once', async () => {
    const many: number[] = [];
    for (let i = 0; i < 55; i++)
      many.push(await entry({ district: w.dA, user: w.u.kalilandak, username: 'op.kalilandak', action: 'media.uploaded', at: toDbDate(new Date(Date.UTC(2026, 4, 1, 0, i))) }));
    const first = await get(camat, '/admin/audit?tindakan=media.uploaded');
    expect(listed(first.text)).toHaveLength(50);
    const next = /<a rel="next" href="([^"]+)"/.exec(first.text)![1].replace(/&amp;/g, '&');
    expect(next).toBe('/admin/audit?tindakan=media.uploaded&page=2');
    const second = await get(camat, next);
    expect(listed(second.text)).toHaveLength(5);
    expect(second.text).not.toContain('rel="next"');
    expect(sorted(...listed(first.text), ...listed(second.text))).toEqual(sorted(...many));
  });
});

describe('CSV', () => {
  test('the filtered entries, ;-separated with a BOM and CRLF, read back as written', async () => {
    const res = await get(camat, `/admin/audit/unduh.csv?desa=${w.v.kalilandak}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/^attachment/);
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    expect(res.text.endsWith('\r\n')).toBe(true);
    expect(res.text.replace(/\r\n/g, '')).not.toContain('\n');
    const [header, ...rows] = parseCsv(res.text.slice(1));
    expect(header).toEqual(['Waktu', 'Kecamatan', 'Desa/kelurahan', 'Pengguna', 'Peran', 'Tindakan', 'Kode tindakan', 'Objek', 'Nama yang dicoba', 'Keterangan', 'Alamat IP']);
    expect(rows.map((r) => r[6])).toEqual(['content.purged', 'content.return', 'content.created']);
    expect(rows[0]).toEqual([
      expect.stringContaining('5 Maret 2026'),
      'Purworeja Klampok',
      'Desa Kalilandak',
      'Nama camat (camat)',
      'Admin kecamatan',
      'Dihapus permanen',
      'content.purged',
      'Berita lama (dihapus)',
      '',
      '',
      '10.0.0.1',
    ]);
    expect(rows[1][9]).toBe('Catatan: Foto kurang <b>jelas</b>');
    expect(rows[2][7]).toBe('Berita: Panen raya Kalilandak');
  });

  test('another kecamatan’s entries never reach a camat office’s CSV', async () => {
    const text = (await get(camat, '/admin/audit/unduh.csv?kecamatan=33.04.01')).text;
    expect(text).not.toContain('op.susukan');
    expect(
      parseCsv(text.slice(1))
        .slice(1)
        .every((r) => r[1] === 'Purworeja Klampok'),
    ).toBe(true);
  });
});

describe('failed logins of names nobody has', () => {
  const xss = '<img src=x onerror=alert(1)>';
  const formula = '=hyperlink("http://jahat.example";"klik")';

  beforeAll(async () => {
    await failedLogin(xss);
    await failedLogin(formula);
  });

  test('the attempted name is kept in the entry’s detail, shown escaped, never "user #null"', async () => {
    const rows = await env.db.selectFrom('audit_log').select(['detail', 'user_id', 'target_id']).where('action', '=', 'login.failed').orderBy('id').execute();
    expect(rows.map((r) => JSON.parse(r.detail!).attempted)).toEqual([xss, formula]);
    const html = (await get(camat, '/admin/audit?tindakan=login.failed')).text;
    expect(listed(html)).toHaveLength(2);
    expect(html).toContain('Nama yang dicoba: &lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(xss);
    expect(html).not.toMatch(/#null|user #/);
    expect(html).toContain('Gagal masuk');
  });

  test('in the CSV, the name that looks like a formula is neutralised', async () => {
    const rows = parseCsv((await get(camat, '/admin/audit/unduh.csv?tindakan=login.failed')).text.slice(1)).slice(1);
    expect(rows.map((r) => r[8])).toEqual([`'${formula}`, xss]);
    expect(rows.map((r) => r[3])).toEqual(['tanpa akun', 'tanpa akun']);
    // Each cell that starts like a formula starts with an apostrophe instead.
    expect(rows.flat().some((c) => /^[=+\-@]/.test(c))).toBe(false);
  });

  test('a very long attempted name is cut short', async () => {
    await failedLogin('a'.repeat(500));
    const row = await env.db.selectFrom('audit_log').select('detail').where('action', '=', 'login.failed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(row.detail!).attempted).toBe('a'.repeat(64));
  });
});
