import { createHash } from 'node:crypto';
import request from 'supertest';
import { nowUtc } from '../../src/db/time';
import { SetupRaceError, completeSetup, issueSetupToken } from '../../src/modules/setup/setup.service';
import { PASSWORD, type Agent, type TestEnv, auditActions, createTestEnv, csrfFrom, login } from '../support/app';
import { rowCount } from '../support/db';

const HOST = 'klampok.example.id';
let env: TestEnv;
let token: string;
let spareToken: string;
let agent: Agent;
let csrf: string;

beforeAll(async () => {
  env = await createTestEnv();
  token = (await issueSetupToken(env.db))!;
  spareToken = (await issueSetupToken(env.db))!;
  agent = request.agent(env.app);
  csrf = csrfFrom((await agent.get(`/pasang?token=${token}`).set('Host', HOST)).text);
});
afterAll(() => env.close());

async function counts() {
  const n = (table: 'districts' | 'villages' | 'district_hosts' | 'users' | 'setup_tokens' | 'audit_log') => rowCount(env.db, table);
  return {
    districts: await n('districts'),
    villages: await n('villages'),
    hosts: await n('district_hosts'),
    users: await n('users'),
    tokens: await n('setup_tokens'),
    audit: await n('audit_log'),
  };
}
const EMPTY = { districts: 0, villages: 0, hosts: 0, users: 0, audit: 0 };

const validForm = () => ({
  _csrf: csrf,
  token,
  q: 'klampok',
  district_code: '33.04.02',
  host: 'Klampok.Example.ID',
  name: 'Budi Santoso',
  username: 'Camat.Klampok',
  password: PASSWORD,
  password_confirm: PASSWORD,
});

const post = (form: Record<string, string>) => agent.post('/pasang').set('Host', HOST).type('form').send(form);

describe('before setup', () => {
  test('tokens are issued and stored only as hashes', async () => {
    expect(token).toMatch(/^[\w-]{24}$/);
    expect(spareToken).not.toBe(token);
    const rows = await env.db.selectFrom('setup_tokens').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash).sort()).toEqual([token, spareToken].map((t) => createHash('sha256').update(t).digest('hex')).sort());
  });

  test.each(['/', '/desa', '/desa/klampok', '/masuk', '/admin', '/admin/pengguna', '/tidak-ada'])('GET %s redirects to /pasang', async (path) => {
    const res = await request(env.app).get(path).set('Host', HOST);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/pasang');
  });

  test('a POST elsewhere also redirects, and creates nothing', async () => {
    const res = await request(env.app).post('/masuk').set('Host', 'any.host.example').type('form').send({ username: 'x', password: 'y' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/pasang');
    expect(await counts()).toMatchObject(EMPTY);
  });

  test('health checks still answer', async () => {
    expect((await request(env.app).get('/healthz').set('Host', HOST)).status).toBe(200);
  });

  test('GET /pasang without a token shows only the token form', async () => {
    const res = await request(env.app).get('/pasang').set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Token pemasangan');
    expect(res.text).toContain('<input id="token" name="token"');
    expect(res.text).not.toContain('name="district_code"');
    expect(res.text).not.toContain('name="password"');
    expect(res.text).not.toContain('salah atau sudah tidak berlaku');
  });

  test('a wrong token is refused with an Indonesian message and no form', async () => {
    const res = await request(env.app).get('/pasang?token=bukan-token-yang-benar&q=klampok').set('Host', HOST);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Token pemasangan salah atau sudah tidak berlaku. Lihat log server.');
    expect(res.text).not.toContain('name="password"');
    expect(res.text).not.toContain('Purworeja Klampok');
  });

  test('with the token, the search lists Kecamatan Purworeja Klampok (33.04.02)', async () => {
    const res = await agent.get(`/pasang?token=${token}&q=klampok`).set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<strong>Kecamatan Purworeja Klampok</strong> (33.04.02)');
    expect(res.text).toContain('Kabupaten Banjarnegara, Jawa Tengah');
    expect(res.text).toMatch(/<input type="radio" name="district_code" value="33\.04\.02" checked>/);
    expect(res.text).toContain(`name="token" value="${token}"`);
    expect(res.text).toContain('name="password"');
    // The domain field is pre-filled with the host the browser used.
    expect(res.text).toContain(`name="host" value="${HOST}"`);
  });

  test('a search with no match says so', async () => {
    const res = await agent.get(`/pasang?token=${token}&q=zzqqxx`).set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Tidak ada kecamatan yang cocok dengan &#34;zzqqxx&#34;.');
    expect(res.text).not.toContain('name="district_code"');
  });
});

describe('refused setup attempts create nothing', () => {
  test.each([
    ['a wrong token', 'bukan-token-yang-benar'],
    ['an empty token', ''],
    ['a too short token', 'abc'],
  ])('POST with %s → 403', async (_what, bad) => {
    const res = await post({ ...validForm(), token: bad });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Token pemasangan salah atau sudah tidak berlaku');
    expect(res.text).not.toContain('name="password"');
    expect(await counts()).toMatchObject({ ...EMPTY, tokens: 2 });
  });

  test('a POST without _csrf → 403, even with the right token', async () => {
    const { _csrf, ...form } = validForm();
    expect(_csrf).toBeTruthy();
    const res = await post(form);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir sudah kedaluwarsa atau tidak sah');
    expect(await counts()).toMatchObject({ ...EMPTY, tokens: 2 });
  });

  test('a POST with the _csrf of another session → 403', async () => {
    const res = await request(env.app).post('/pasang').set('Host', HOST).type('form').send(validForm());
    expect(res.status).toBe(403);
    expect(await counts()).toMatchObject({ ...EMPTY, tokens: 2 });
  });

  test.each([
    ['a common password', { password: 'indonesia123', password_confirm: 'indonesia123' }, 'password', 'Kata sandi ini terlalu umum'],
    ['a short password', { password: 'Pendek-1', password_confirm: 'Pendek-1' }, 'password', 'Kata sandi minimal 10 karakter.'],
    ['a password containing the username', { password: 'camat.klampok-2026', password_confirm: 'camat.klampok-2026' }, 'password', 'Kata sandi tidak boleh sama dengan nama pengguna.'],
    ['a mismatched confirmation', { password_confirm: `${PASSWORD}x` }, 'password_confirm', 'Kedua kata sandi baru tidak sama.'],
    ['an unknown district code', { district_code: '99.99.99' }, 'district_code', 'Pilih kecamatan dari daftar resmi.'],
    ['a malformed district code', { district_code: '33.04' }, 'district_code', 'Pilih kecamatan dari daftar resmi.'],
    ['a bad host', { host: 'klampok_example!id' }, 'host', 'Nama domain tidak valid.'],
    ['a bad username', { username: 'Camat Klampok!' }, 'username', ''],
    ['an empty name', { name: '   ' }, 'name', 'Wajib diisi.'],
    ['an unknown field', { role: 'superadmin' }, '_form', 'Formulir berisi isian yang tidak dikenal.'],
  ] as [string, Record<string, string>, string, string][])('%s → 400, nothing created, typed values kept', async (_what, change, field, message) => {
    const form = { ...validForm(), ...change };
    const res = await post(form);
    expect(res.status).toBe(400);
    expect(res.text).toContain(`<p class="field-error" id="${field}-error">${message}`);
    // What was typed comes back (escaped), the passwords never do.
    expect(res.text).toContain(`name="name" value="${form.name}"`);
    // (the username comes back lowercased once it passed the schema)
    expect(res.text.toLowerCase()).toContain(`name="username" value="${form.username.toLowerCase()}"`);
    expect(res.text).toContain(`name="host" value="${form.host}"`);
    expect(res.text).toContain(`name="token" value="${token}"`);
    expect(res.text).not.toContain(form.password);
    expect(res.text).not.toContain(form.password_confirm);
    expect(await counts()).toMatchObject({ ...EMPTY, tokens: 2 });
  });

  test('typed values are escaped when re-rendered', async () => {
    const res = await post({ ...validForm(), name: 'Budi "><script>alert(1)</script>', password: 'password123', password_confirm: 'password123' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('value="Budi &#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(res.text).not.toContain('<script>alert(1)');
    expect(await counts()).toMatchObject({ ...EMPTY, tokens: 2 });
  });

  test('the chosen district stays selected after an error', async () => {
    const res = await post({ ...validForm(), q: '', password_confirm: 'lain-sekali-123' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<input type="radio" name="district_code" value="33\.04\.02" checked>/);
  });
});

describe('a correct setup', () => {
  test('creates the kecamatan, its 8 desa, the host and the first admin; spends every token; is audited', async () => {
    const res = await post(validForm());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/masuk');

    expect(await counts()).toEqual({ districts: 1, villages: 8, hosts: 1, users: 1, tokens: 0, audit: 1 });
    const district = await env.db.selectFrom('districts').selectAll().executeTakeFirstOrThrow();
    expect(district).toMatchObject({ code: '33.04.02', name: 'Purworeja Klampok', regency_name: 'Kabupaten Banjarnegara', timezone: 'WIB' });
    const villages = await env.db.selectFrom('villages').select(['name', 'kind', 'district_id']).orderBy('code').execute();
    expect(villages.map((v) => v.name)).toEqual(['Sirkandi', 'Pagak', 'Kecitran', 'Purwareja', 'Klampok', 'Kalilandak', 'Kalimandi', 'Kaliwinasuh']);
    expect(villages.every((v) => v.district_id === district.id && v.kind === 'desa')).toBe(true);
    const host = await env.db.selectFrom('district_hosts').selectAll().executeTakeFirstOrThrow();
    expect(host).toMatchObject({ host: HOST, district_id: district.id });

    const user = await env.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ username: 'camat.klampok', name: 'Budi Santoso', role: 'district_admin', district_id: district.id, village_id: null });
    expect(Number(user.must_change_password)).toBe(0);
    expect(user.password_hash).toMatch(/^\$argon2id\$/);

    const audit = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'setup.completed').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ district_id: district.id, username: 'camat.klampok', target_type: 'district', target_id: '33.04.02' });
    expect(JSON.parse(audit.detail!)).toEqual({ villages: 8, host: HOST, admin_user_id: user.id });

    const page = await agent.get('/masuk').set('Host', HOST);
    expect(page.text).toContain('Pemasangan selesai');
  });

  test('the new admin can log in, and must enrol a second factor first (a new kecamatan requires it)', async () => {
    const admin = await login(env.app, HOST, 'camat.klampok');
    const res = await admin.get('/admin').set('Host', HOST);
    expect([res.status, res.headers.location]).toEqual([302, '/admin/akun/2fa']);
    expect((await admin.get('/admin/akun/2fa').set('Host', HOST)).status).toBe(200);
    expect(await env.db.selectFrom('districts').select(['two_factor_admins', 'two_factor_operators']).executeTakeFirstOrThrow()).toEqual({ two_factor_admins: 1, two_factor_operators: 0 });
    expect(await auditActions(env.db, 'login.succeeded')).toBe(1);
  });

  test('the portal now serves the kecamatan', async () => {
    const res = await request(env.app).get('/').set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kecamatan Purworeja Klampok');
  });
});

describe('setup cannot run twice', () => {
  test('GET /pasang → 404, with or without a previously valid token', async () => {
    for (const path of ['/pasang', `/pasang?token=${token}`, `/pasang?token=${spareToken}&q=serang`]) {
      const res = await request(env.app).get(path).set('Host', HOST);
      expect(res.status).toBe(404);
      expect(res.text).toContain('Halaman tidak ditemukan');
    }
    expect(await issueSetupToken(env.db)).toBeNull();
  });

  test('POST /pasang → 404, even with a token that exists in the table', async () => {
    // Force a token in, as if one had survived: the route itself must still refuse.
    const forced = 'dipaksa-masuk-setelah-pemasangan';
    await env.db
      .insertInto('setup_tokens')
      .values({ token_hash: createHash('sha256').update(forced).digest('hex'), created_at: nowUtc() })
      .execute();
    const before = await counts();
    const other = request.agent(env.app);
    const csrf2 = csrfFrom((await other.get('/masuk').set('Host', HOST)).text);
    for (const t of [spareToken, forced]) {
      const res = await other
        .post('/pasang')
        .set('Host', HOST)
        .type('form')
        .send({ ...validForm(), _csrf: csrf2, token: t, district_code: '36.04.05', host: 'kedua.example.id', username: 'penyusup' });
      expect(res.status).toBe(404);
    }
    expect(await counts()).toEqual(before);
    expect(await env.db.selectFrom('users').select('username').execute()).toEqual([{ username: 'camat.klampok' }]);
    expect(await auditActions(env.db, 'setup.completed')).toBe(1);

    // The service refuses too, and its transaction leaves everything as it was.
    await expect(completeSetup(env.db, { token: forced, districtCode: '36.04.05', host: null, name: 'X', username: 'penyusup', password: PASSWORD, ip: '' })).rejects.toBeInstanceOf(SetupRaceError);
    expect(await counts()).toEqual(before);
  });
});
