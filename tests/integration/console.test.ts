// The superadmin console (/admin/kecamatan): who may use it, the list, adding a kecamatan from the
// official list, host names, the first camat-office account, suspension.
import request from 'supertest';
import { backfill } from '../../migrations/2026_12_02_0001_portal_aggregates';
import { toDbDate } from '../../src/db/time';
import { villagesOf } from '../../src/regions/official';
import { type Agent, PASSWORD, type TestEnv, addUser, auditActions, createTestEnv, csrfFrom, login, provision } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia } from '../support/content';

let env: TestEnv;
let w: World;
let admin: Agent;
let camat: Agent;
let operator: Agent;

const daysAgo = (n: number) => toDbDate(new Date(Date.now() - n * 86_400_000));

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  await addUser(env.db, { districtId: null, username: 'dinkominfo', role: 'superadmin' });
  admin = await login(env.app, HOST, 'dinkominfo');
  camat = await login(env.app, HOST, 'camat');
  operator = await login(env.app, HOST, 'op.kalilandak');
  const opP = await login(env.app, HOST, 'op.pagak');
  // Kalilandak published 40 days ago, Pagak 10 days ago, the camat office today; Susukan nothing.
  const old = await createItemVia(operator, 'berita', { title: 'Terbit lama', intent: 'publish' });
  const recent = await createItemVia(opP, 'berita', { title: 'Terbit baru', intent: 'publish' });
  await createItemVia(camat, 'pengumuman', { title: 'Pengumuman hari ini', intent: 'publish' });
  await env.db
    .updateTable('content_items')
    .set({ published_at: daysAgo(40) })
    .where('id', '=', old)
    .execute();
  await env.db
    .updateTable('content_items')
    .set({ published_at: daysAgo(10) })
    .where('id', '=', recent)
    .execute();
  await backfill(env.db);
  // A disabled operator is not an active one.
  const off = await addUser(env.db, { districtId: w.dA, villageId: w.v.pagak, username: 'op.pagak.lama', role: 'village_operator' });
  await env.db
    .updateTable('users')
    .set({ disabled_at: daysAgo(1) })
    .where('id', '=', off)
    .execute();
});
afterAll(() => env.close());

/** POSTs a form with a CSRF token from a page the same agent fetched. */
async function send(agent: Agent, path: string, body: Record<string, string> = {}, host = HOST) {
  const _csrf = csrfFrom((await agent.get('/admin/akun/sandi').set('Host', host)).text);
  return agent
    .post(path)
    .set('Host', host)
    .type('form')
    .send({ _csrf, ...body });
}

const districtsSnapshot = async () => ({
  districts: await env.db.selectFrom('districts').selectAll().orderBy('id').execute(),
  hosts: await env.db.selectFrom('district_hosts').select(['district_id', 'host']).orderBy('id').execute(),
  villages: Number(
    (
      await env.db
        .selectFrom('villages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  users: await env.db.selectFrom('users').select(['id', 'username']).orderBy('id').execute(),
});

/** The cells of the list's row of a kecamatan, by field. */
function rowOf(html: string, code: string): Record<string, string> {
  const tr = new RegExp(`<tr data-code="${code.replace(/\./g, '\\.')}">([\\s\\S]*?)</tr>`).exec(html);
  if (!tr) throw new Error(`no row for ${code}`);
  return Object.fromEntries([...tr[1].matchAll(/data-field="([\w-]+)">([^<]*)</g)].map((m) => [m[1], m[2].trim()]));
}

const idOf = async (code: string) => (await env.db.selectFrom('districts').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

describe('who may use the console', () => {
  test('anonymous readers are sent to the login page', async () => {
    const res = await request(env.app).get('/admin/kecamatan').set('Host', HOST);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/masuk?next=%2Fadmin%2Fkecamatan');
  });

  test.each([
    ['the camat office', () => camat],
    ['an operator', () => operator],
  ])('%s gets 403 on every console route, and nothing changes', async (_who, agent) => {
    const before = await districtsSnapshot();
    for (const path of ['/admin/kecamatan', '/admin/kecamatan?q=klampok', `/admin/kecamatan/${w.dA}`]) expect((await agent().get(path).set('Host', HOST)).status).toBe(403);
    const posts: [string, Record<string, string>][] = [
      ['/admin/kecamatan', { district_code: '36.04.05', host: '' }],
      [`/admin/kecamatan/${w.dA}/domain`, { host: 'siluman.test' }],
      [`/admin/kecamatan/${w.dB}/domain/hapus`, { host: HOST_B }],
      [`/admin/kecamatan/${w.dB}/akun`, { name: 'Siluman', username: 'siluman' }],
      [`/admin/kecamatan/${w.dB}/tangguhkan`, {}],
    ];
    for (const [path, body] of posts) expect((await send(agent(), path, body)).status).toBe(403);
    expect(await districtsSnapshot()).toEqual(before);
  });

  test('the workspace navigation links the console for the superadmin only', async () => {
    expect((await admin.get('/admin').set('Host', HOST)).text).toContain('<a href="/admin/kecamatan"');
    expect((await camat.get('/admin').set('Host', HOST)).text).not.toContain('/admin/kecamatan');
    expect((await operator.get('/admin').set('Host', HOST)).text).not.toContain('/admin/kecamatan');
  });
});

describe('the list', () => {
  test('every kecamatan with villages, active operators, recent items, last publish, quiet villages, hosts, 2FA and status', async () => {
    const res = await admin.get('/admin/kecamatan').set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain('2 kecamatan');
    expect(rowOf(res.text, '33.04.02')).toEqual({
      villages: '8',
      operators: '2',
      recent: '2',
      last: expect.stringMatching(/^\d{1,2} \w+ \d{4}$/),
      quiet: '7',
      hosts: HOST,
      'two-factor': 'Tidak wajib',
      status: 'Aktif',
    });
    expect(rowOf(res.text, '33.04.01')).toEqual({
      villages: String(villagesOf('33.04.01').length),
      operators: '1',
      recent: '0',
      last: 'Belum pernah',
      quiet: String(villagesOf('33.04.01').length),
      hosts: HOST_B,
      'two-factor': 'Tidak wajib',
      status: 'Aktif',
    });
  });

  test('the 2FA column follows the kecamatan settings', async () => {
    await env.db.updateTable('districts').set({ two_factor_admins: 1 }).where('id', '=', w.dB).execute();
    const res = await admin.get('/admin/kecamatan').set('Host', HOST);
    expect(rowOf(res.text, '33.04.01')['two-factor']).toBe('Wajib');
    await env.db.updateTable('districts').set({ two_factor_admins: 0 }).where('id', '=', w.dB).execute();
  });

  test('a page number past the end shows no rows, junk page numbers are page 1', async () => {
    expect((await admin.get('/admin/kecamatan?page=99').set('Host', HOST)).text).not.toContain('data-code=');
    expect((await admin.get('/admin/kecamatan?page=abc').set('Host', HOST)).text).toContain('data-code="33.04.02"');
  });
});

describe('adding a kecamatan', () => {
  test('the search finds old spellings and code prefixes, and marks what the install has', async () => {
    const old = await admin.get('/admin/kecamatan?q=Purwareja').set('Host', HOST);
    expect(old.status).toBe(200);
    expect(old.text).toMatch(/name="district_code" value="33\.04\.02" disabled>/);
    expect(old.text).toContain(`<a href="/admin/kecamatan/${w.dA}">sudah ada</a>`);
    const prefix = await admin.get('/admin/kecamatan?q=3604').set('Host', HOST);
    expect(prefix.text).toContain('value="36.04.05"');
    const typo = await admin.get('/admin/kecamatan?q=Kramatwatuu').set('Host', HOST);
    expect(typo.text).toMatch(/name="district_code" value="36\.04\.05" checked>/);
  });

  test('bad input: a clear message, nothing changed', async () => {
    const before = await districtsSnapshot();
    const cases: [Record<string, string>, string][] = [
      [{ district_code: '33.04.02', host: '' }, 'Kecamatan Purworeja Klampok (33.04.02) sudah ada di portal ini.'],
      [{ district_code: '99.99.99', host: '' }, 'Pilih kecamatan dari daftar resmi.'],
      [{ district_code: 'x', host: '' }, 'Pilih kecamatan dari daftar resmi.'],
      [{ host: '' }, 'Pilih kecamatan dari daftar resmi.'],
      [{ district_code: '36.04.05', host: 'bukan host!' }, 'Nama domain tidak valid.'],
      [{ district_code: '36.04.05', host: HOST_B }, `Nama domain ${HOST_B} sudah dipakai kecamatan lain.`],
      [{ district_code: '36.04.05', host: '', role: 'superadmin' }, 'tidak dikenal'],
    ];
    for (const [body, message] of cases) {
      const res = await send(admin, '/admin/kecamatan', { q: 'kramatwatu', ...body });
      expect([res.status, res.text.includes(message)]).toEqual([400, true]);
    }
    expect(await districtsSnapshot()).toEqual(before);
  });

  test('a kecamatan without a host blocks adding another (it would become unreachable)', async () => {
    const { districtId } = await provision(env.db, '36.04.06');
    const before = await districtsSnapshot();
    const res = await send(admin, '/admin/kecamatan', { district_code: '36.04.05', host: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Kecamatan Waringinkurung belum memiliki nama domain');
    expect(await districtsSnapshot()).toEqual(before);
    await env.db.deleteFrom('villages').where('district_id', '=', districtId).execute();
    await env.db.deleteFrom('districts').where('id', '=', districtId).execute();
  });

  test('a chosen kecamatan is created with its villages and host, audited, and served on its host', async () => {
    const res = await send(admin, '/admin/kecamatan', { q: 'kramatwatu', district_code: '36.04.05', host: 'Kramatwatu.Test' });
    expect(res.status).toBe(303);
    const id = await idOf('36.04.05');
    expect(res.headers.location).toBe(`/admin/kecamatan/${id}`);
    const villages = await env.db.selectFrom('villages').select('code').where('district_id', '=', id).execute();
    expect(villages).toHaveLength(villagesOf('36.04.05').length);
    expect(await env.db.selectFrom('district_hosts').select('host').where('district_id', '=', id).execute()).toEqual([{ host: 'kramatwatu.test' }]);
    expect(await auditActions(env.db, 'district.provisioned')).toBe(1);
    const page = await admin.get(res.headers.location).set('Host', HOST);
    expect(page.text).toContain(`ditambahkan dengan ${villages.length} desa/kelurahan`);
    // The page is about the new kecamatan; the header still names the host's own.
    expect(page.text).toContain('<h1>Kecamatan Kramatwatu</h1>');
    expect(page.text).toContain('<a class="brand" href="/">Kecamatan Purworeja Klampok</a>');
    const site = await request(env.app).get('/').set('Host', 'kramatwatu.test');
    expect(site.status).toBe(200);
    expect(site.text).toContain('Kecamatan Kramatwatu');
  });
});

describe('host names', () => {
  test('adding a host: the kecamatan answers on it at once; audited', async () => {
    const res = await send(admin, `/admin/kecamatan/${w.dA}/domain`, { host: 'Klampok2.test' });
    expect([res.status, res.headers.location]).toEqual([303, `/admin/kecamatan/${w.dA}`]);
    expect((await env.db.selectFrom('district_hosts').select('host').where('district_id', '=', w.dA).orderBy('id').execute()).map((h) => h.host)).toEqual([HOST, 'klampok2.test']);
    const site = await request(env.app).get('/').set('Host', 'klampok2.test');
    expect(site.status).toBe(200);
    expect(site.text).toContain('Kecamatan Purworeja Klampok');
    expect(await auditActions(env.db, 'district.host_added')).toBe(1);
  });

  test('a host already used, here or elsewhere, or an invalid one is refused with a message; nothing changes', async () => {
    const before = await districtsSnapshot();
    const cases: [string, string][] = [
      ['klampok2.test', 'Nama domain klampok2.test sudah terdaftar untuk kecamatan ini.'],
      ['SUSUKAN.test', `Nama domain ${HOST_B} sudah dipakai kecamatan lain.`],
      ['http://klampok3.test/', 'Nama domain tidak valid.'],
      ['', 'Wajib diisi'],
    ];
    for (const [host, message] of cases) {
      const res = await send(admin, `/admin/kecamatan/${w.dA}/domain`, { host });
      expect([res.status, res.text.includes(message)]).toEqual([400, true]);
    }
    expect(await districtsSnapshot()).toEqual(before);
  });

  test('removing a host: gone at once; audited', async () => {
    const res = await send(admin, `/admin/kecamatan/${w.dA}/domain/hapus`, { host: 'klampok2.test' });
    expect(res.status).toBe(303);
    expect((await env.db.selectFrom('district_hosts').select('host').where('district_id', '=', w.dA).execute()).map((h) => h.host)).toEqual([HOST]);
    expect((await request(env.app).get('/').set('Host', 'klampok2.test')).status).toBe(404);
    expect(await auditActions(env.db, 'district.host_removed')).toBe(1);
  });

  test('the last host of a kecamatan on a multi-kecamatan install is refused with an explanation', async () => {
    const before = await districtsSnapshot();
    const res = await send(admin, `/admin/kecamatan/${w.dB}/domain/hapus`, { host: HOST_B });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`Nama domain ${HOST_B} adalah satu-satunya nama domain kecamatan ini.`);
    expect(res.text).toContain('tidak dapat dibuka sama sekali');
    const unknown = await send(admin, `/admin/kecamatan/${w.dB}/domain/hapus`, { host: HOST });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('tidak terdaftar untuk kecamatan ini');
    expect(await districtsSnapshot()).toEqual(before);
    expect((await request(env.app).get('/').set('Host', HOST_B)).status).toBe(200);
  });

  test('an unknown kecamatan is 404', async () => {
    expect((await admin.get('/admin/kecamatan/999999').set('Host', HOST)).status).toBe(404);
    expect((await send(admin, '/admin/kecamatan/999999/domain', { host: 'x.test' })).status).toBe(404);
    expect((await admin.get('/admin/kecamatan/abc').set('Host', HOST)).status).toBe(404);
  });
});

describe('the first camat-office account', () => {
  test('created with a password shown once, which works and must be changed at first login', async () => {
    const id = await idOf('36.04.05');
    const res = await send(admin, `/admin/kecamatan/${id}/akun`, { name: 'Kantor Camat Kramatwatu', username: 'Camat.Kramatwatu' });
    expect(res.status).toBe(201);
    const passwords = [...res.text.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);
    expect(passwords).toHaveLength(1);
    const password = passwords[0];
    expect(password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    const user = await env.db.selectFrom('users').selectAll().where('username', '=', 'camat.kramatwatu').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ district_id: id, village_id: null, role: 'district_admin', must_change_password: 1, disabled_at: null });
    expect(await env.db.selectFrom('audit_log').select(['action', 'district_id', 'target_id']).where('action', '=', 'user.created').where('target_id', '=', String(user.id)).execute()).toEqual([
      { action: 'user.created', district_id: id, target_id: String(user.id) },
    ]);
    // Shown once: the kecamatan's page does not show it again.
    expect((await admin.get(`/admin/kecamatan/${id}`).set('Host', HOST)).text).not.toContain(password);

    const agent = request.agent(env.app);
    const _csrf = csrfFrom((await agent.get('/masuk').set('Host', 'kramatwatu.test')).text);
    const login1 = await agent.post('/masuk').set('Host', 'kramatwatu.test').type('form').send({ _csrf, username: 'camat.kramatwatu', password });
    expect([login1.status, login1.headers.location]).toEqual([302, '/admin/akun/sandi']);
    const work = await agent.get('/admin').set('Host', 'kramatwatu.test');
    expect([work.status, work.headers.location]).toEqual([302, '/admin/akun/sandi']);

    // Once changed, the issued password no longer opens the account.
    const form = await agent.get('/admin/akun/sandi').set('Host', 'kramatwatu.test');
    const changed = await agent
      .post('/admin/akun/sandi')
      .set('Host', 'kramatwatu.test')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), current_password: password, new_password: PASSWORD, confirm_password: PASSWORD });
    expect(changed.status).toBe(303);
    expect((await env.db.selectFrom('users').select('must_change_password').where('id', '=', user.id).executeTakeFirstOrThrow()).must_change_password).toBe(0);
    const other = request.agent(env.app);
    const csrf2 = csrfFrom((await other.get('/masuk').set('Host', 'kramatwatu.test')).text);
    const old = await other.post('/masuk').set('Host', 'kramatwatu.test').type('form').send({ _csrf: csrf2, username: 'camat.kramatwatu', password });
    expect(old.status).toBe(401);
  });

  test('a second first account, or one for a kecamatan that has a camat office, is refused; a taken username too', async () => {
    const before = await districtsSnapshot();
    const again = await send(admin, `/admin/kecamatan/${await idOf('36.04.05')}/akun`, { name: 'Lagi', username: 'camat.lagi' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('Kecamatan ini sudah memiliki akun kantor camat (1).');
    expect((await send(admin, `/admin/kecamatan/${w.dA}/akun`, { name: 'Lagi', username: 'camat.lagi' })).status).toBe(400);
    await env.db.updateTable('users').set({ role: 'village_operator', village_id: w.v.b }).where('id', '=', w.u.camatB).execute();
    const taken = await send(admin, `/admin/kecamatan/${w.dB}/akun`, { name: 'Dinas', username: 'dinkominfo' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('Nama pengguna ini sudah dipakai.');
    const bad = await send(admin, `/admin/kecamatan/${w.dB}/akun`, { name: '', username: 'x' });
    expect(bad.status).toBe(400);
    await env.db.updateTable('users').set({ role: 'district_admin', village_id: null }).where('id', '=', w.u.camatB).execute();
    expect(await districtsSnapshot()).toEqual(before);
  });
});

describe('suspension', () => {
  test('a suspended kecamatan answers 503 with a maintenance page, also after its pages were cached', async () => {
    // Two anonymous reads store the beranda in the page cache.
    await request(env.app).get('/').set('Host', HOST);
    expect((await request(env.app).get('/').set('Host', HOST)).headers['x-cache']).toBe('hit');

    const res = await send(admin, `/admin/kecamatan/${w.dA}/tangguhkan`);
    expect([res.status, res.headers.location]).toEqual([303, `/admin/kecamatan/${w.dA}`]);
    expect((await env.db.selectFrom('districts').select('suspended_at').where('id', '=', w.dA).executeTakeFirstOrThrow()).suspended_at).not.toBeNull();
    expect(await env.db.selectFrom('audit_log').select(['action', 'district_id', 'username']).where('action', '=', 'district.suspended').execute()).toEqual([
      { action: 'district.suspended', district_id: w.dA, username: 'dinkominfo' },
    ]);

    for (const path of ['/', '/desa', '/berita', '/api/v1/villages', '/feed.xml']) {
      const page = await request(env.app).get(path).set('Host', HOST);
      expect([path, page.status]).toEqual([path, 503]);
      expect(page.headers['retry-after']).toBe('3600');
      expect(page.headers['x-cache']).not.toBe('hit');
    }
    const beranda = await request(env.app).get('/').set('Host', HOST);
    expect(beranda.text).toContain('Situs sedang dalam pemeliharaan');
    expect(beranda.text).toContain('Situs Kecamatan Purworeja Klampok untuk sementara tidak dapat dibuka');
    // Another kecamatan is not affected.
    expect((await request(env.app).get('/').set('Host', HOST_B)).status).toBe(200);
    expect(rowOf((await admin.get('/admin/kecamatan').set('Host', HOST)).text, '33.04.02').status).toBe('Ditangguhkan');
  });

  test('its staff can still log in and work', async () => {
    const staff = await login(env.app, HOST, 'camat', PASSWORD);
    const work = await staff.get('/admin').set('Host', HOST);
    expect(work.status).toBe(200);
    expect((await staff.get('/admin/berita').set('Host', HOST)).status).toBe(200);
    expect((await operator.get('/admin').set('Host', HOST)).status).toBe(200);
  });

  test('suspending twice changes nothing more; resuming brings the site back, audited', async () => {
    expect((await send(admin, `/admin/kecamatan/${w.dA}/tangguhkan`)).status).toBe(303);
    expect(await auditActions(env.db, 'district.suspended')).toBe(1);
    const res = await send(admin, `/admin/kecamatan/${w.dA}/aktifkan`);
    expect(res.status).toBe(303);
    expect(await auditActions(env.db, 'district.resumed')).toBe(1);
    const page = await request(env.app).get('/').set('Host', HOST);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('pemeliharaan');
    expect((await env.db.selectFrom('districts').select('suspended_at').where('id', '=', w.dA).executeTakeFirstOrThrow()).suspended_at).toBeNull();
  });

  test('a suspend form with unknown fields is refused', async () => {
    expect((await send(admin, `/admin/kecamatan/${w.dA}/tangguhkan`, { district_id: String(w.dB) })).status).toBe(400);
    expect(await auditActions(env.db, 'district.suspended')).toBe(1);
  });
});
