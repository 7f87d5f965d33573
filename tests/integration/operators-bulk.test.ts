// Operators at scale: every missing village operator created at once with a credential sheet shown
// once, the users list's last login and last publication, and the confirmation before disabling
// or resetting a user.
import request from 'supertest';
import { verifyPassword } from '../../src/auth/password';
import { type Agent, type TestEnv, PASSWORD, TOTP_SECRET, addUser, auditActions, createTestEnv, csrfFrom, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia, postForm } from '../support/content';

let env: TestEnv;
let w: World;
let camat: Agent;

const usersOf = (districtId: number) => env.db.selectFrom('users').selectAll().where('district_id', '=', districtId).orderBy('id').execute();
const userRow = (id: number) => env.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const villagesOf = (districtId: number) => env.db.selectFrom('villages').select(['id', 'slug']).where('district_id', '=', districtId).orderBy('id').execute();

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  // Pagak's only operator is disabled: Pagak needs one, and op.pagak is taken. A superadmin holds
  // op.sirkandi, a name no account of the kecamatan may take either.
  await env.db.updateTable('users').set({ disabled_at: '2026-01-01 00:00:00' }).where('id', '=', w.u.pagak).execute();
  await addUser(env.db, { districtId: null, username: 'op.sirkandi', role: 'superadmin' });
  camat = await login(env.app, HOST, 'camat');
});
afterAll(() => env.close());

/** The credential blocks of a sheet: village id, username and password, in page order. */
function credentials(html: string) {
  return [
    ...html.matchAll(
      /<section class="credential" data-village-id="(\d+)">[\s\S]*?class="credential-url">([^<]*)<[\s\S]*?class="credential-username">([^<]*)<[\s\S]*?class="credential-password">([^<]*)</g,
    ),
  ].map((m) => ({
    villageId: Number(m[1]),
    url: m[2],
    username: m[3],
    password: m[4],
  }));
}

describe('creating the missing operators at once', () => {
  test('an operator gets 403 on the form and its POST; a POST without the CSRF token creates nothing', async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const before = await usersOf(w.dA);
    expect((await op.get('/admin/pengguna/operator-desa').set('Host', HOST)).status).toBe(403);
    expect((await postForm(op, '/admin/pengguna/operator-desa')).status).toBe(403);
    const noToken = await camat.post('/admin/pengguna/operator-desa').set('Host', HOST).type('form').send({});
    expect(noToken.status).toBe(403);
    expect(noToken.text).not.toContain('credential-password');
    expect(await usersOf(w.dA)).toEqual(before);
    expect(await auditActions(env.db, 'user.created')).toBe(0);
  });

  test('the form lists exactly the villages without an active operator, with free usernames', async () => {
    const res = await camat.get('/admin/pengguna/operator-desa').set('Host', HOST);
    expect(res.status).toBe(200);
    const listed = [...res.text.matchAll(/<tr data-village-id="(\d+)">[\s\S]*?<code>([^<]*)<\/code>/g)].map((m) => [Number(m[1]), m[2]] as const);
    const villages = await villagesOf(w.dA);
    expect(listed.map(([id]) => id).sort((a, b) => a - b)).toEqual(villages.filter((v) => v.id !== w.v.kalilandak).map((v) => v.id));
    const names = new Map(listed);
    expect(names.get(w.v.pagak)).toBe('op.pagak-2');
    const sirkandi = villages.find((v) => v.slug === 'sirkandi')!.id;
    expect(names.get(sirkandi)).toBe('op.sirkandi-2');
    expect(res.text).toContain('Buat 7 akun operator');
  });

  test('creates one operator per missing village, with hashed passwords that must be changed, audited, on a sheet shown once', async () => {
    const before = await usersOf(w.dA);
    const beforeB = await usersOf(w.dB);
    const page = await camat.get('/admin/pengguna/operator-desa').set('Host', HOST);
    const res = await camat
      .post('/admin/pengguna/operator-desa')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toMatch(/<link rel="stylesheet" href="\/static\/css\/credentials\.[0-9a-f]{10}\.css">/);

    const sheet = credentials(res.text);
    expect(sheet).toHaveLength(7);
    const after = await usersOf(w.dA);
    // The accounts that existed are untouched; kecamatan B is untouched.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(await usersOf(w.dB)).toEqual(beforeB);
    const created = after.slice(before.length);
    expect(created).toHaveLength(7);
    const villages = await villagesOf(w.dA);
    expect(created.map((u) => u.village_id).sort((a, b) => a! - b!)).toEqual(villages.filter((v) => v.id !== w.v.kalilandak).map((v) => v.id));
    for (const u of created) {
      const block = sheet.find((c) => c.username === u.username)!;
      expect(block).toMatchObject({ villageId: u.village_id, url: 'http://klampok.test/masuk' });
      expect(block.password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
      expect(u).toMatchObject({ role: 'village_operator', district_id: w.dA, must_change_password: 1, disabled_at: null });
      expect(u.password_hash).not.toContain(block.password);
      expect(await verifyPassword(u.password_hash, block.password)).toBe(true);
      const [entry] = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.created').where('target_id', '=', String(u.id)).execute();
      expect(entry).toMatchObject({ user_id: w.u.camat, district_id: w.dA, target_type: 'user' });
      expect(JSON.parse(entry.detail!)).toEqual({ username: u.username, role: 'village_operator', village_id: u.village_id, bulk: true });
    }
    expect(new Set(sheet.map((c) => c.password)).size).toBe(7);
    expect(sheet.find((c) => c.villageId === w.v.pagak)!.username).toBe('op.pagak-2');
    expect(await auditActions(env.db, 'user.created')).toBe(7);

    // No password is kept anywhere: not in a session, not on any page that can be loaded again.
    const sessions = await env.db.selectFrom('sessions').select('data').execute();
    for (const { password } of sheet) for (const s of sessions) expect(s.data).not.toContain(password);
    for (const path of ['/admin/pengguna/operator-desa', '/admin/pengguna', '/admin']) {
      const again = await camat.get(path).set('Host', HOST);
      for (const { password } of sheet) expect(again.text).not.toContain(password);
    }

    // Sending the form again (a reload) creates nothing and shows no password.
    const reload = await camat
      .post('/admin/pengguna/operator-desa')
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) });
    expect(reload.status).toBe(200);
    expect(reload.text).toContain('Tidak ada akun baru');
    expect(credentials(reload.text)).toEqual([]);
    for (const { password } of sheet) expect(reload.text).not.toContain(password);
    expect(await usersOf(w.dA)).toEqual(after);
    expect(await auditActions(env.db, 'user.created')).toBe(7);
    expect((await camat.get('/admin/pengguna/operator-desa').set('Host', HOST)).text).toContain('Semua desa/kelurahan sudah punya operator aktif.');

    // A sheet's password logs in once, straight to the forced change.
    const first = sheet[0];
    const agent = request.agent(env.app);
    const token = csrfFrom((await agent.get('/masuk').set('Host', HOST)).text);
    const loginRes = await agent.post('/masuk').set('Host', HOST).type('form').send({ _csrf: token, username: first.username, password: first.password });
    expect([loginRes.status, loginRes.headers.location]).toEqual([302, '/admin/akun/sandi']);
  });
});

describe('two runs at the same moment', () => {
  test('still give every village exactly one new operator, each password on exactly one sheet', async () => {
    const camatB = await login(env.app, HOST_B, 'camat.susukan');
    const token = csrfFrom((await camatB.get('/admin/pengguna/operator-desa').set('Host', HOST_B)).text);
    const before = await usersOf(w.dB);
    const post = () => camatB.post('/admin/pengguna/operator-desa').set('Host', HOST_B).type('form').send({ _csrf: token });
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status, b.status].every((s) => s === 200 || s === 201)).toBe(true);
    const sheets = [...credentials(a.text), ...credentials(b.text)];
    const created = (await usersOf(w.dB)).slice(before.length);
    const villages = await villagesOf(w.dB);
    expect(created.map((u) => u.village_id).sort((x, y) => x! - y!)).toEqual(villages.filter((v) => v.id !== w.v.b).map((v) => v.id));
    expect(sheets.map((c) => c.username).sort()).toEqual(created.map((u) => u.username).sort());
    for (const u of created) expect(await verifyPassword(u.password_hash, sheets.find((c) => c.username === u.username)!.password)).toBe(true);
  });
});

describe('the users list', () => {
  test('shows each user’s last login and last publication of a live item they wrote', async () => {
    const opK = await login(env.app, HOST, 'op.kalilandak');
    const older = await createItemVia(opK, 'berita', { title: 'Berita lama', intent: 'publish' });
    const newer = await createItemVia(opK, 'potensi', { title: 'Potensi baru', intent: 'publish' });
    const trashed = await createItemVia(opK, 'berita', { title: 'Dibuang', intent: 'publish' });
    const at = (id: number, published_at: string) => env.db.updateTable('content_items').set({ published_at }).where('id', '=', id).execute();
    await at(older, '2026-02-01 03:00:00');
    await at(newer, '2026-03-05 03:00:00');
    await at(trashed, '2026-04-20 03:00:00');
    expect((await postForm(opK, `/admin/berita/${trashed}/hapus`)).status).toBe(303);
    // Kecamatan B's operator published later; it is not theirs to show, nor anyone's here.
    const opB = await login(env.app, HOST_B, 'op.susukan');
    await createItemVia(opB, 'berita', { title: 'Susukan', intent: 'publish' }, HOST_B);
    await env.db.updateTable('users').set({ last_login_at: '2026-04-01 01:00:00' }).where('id', '=', w.u.kalilandak).execute();
    await env.db.updateTable('users').set({ last_login_at: null }).where('id', '=', w.u.pagak).execute();

    const res = await camat.get('/admin/pengguna').set('Host', HOST);
    expect(res.status).toBe(200);
    const rowOf = (username: string) => new RegExp(`<tr data-user="${username.replace('.', '\\.')}">[\\s\\S]*?</tr>`).exec(res.text)?.[0] ?? '';
    expect(rowOf('op.kalilandak')).toMatch(/class="last-login">1 April 2026 08\.00 WIB</);
    expect(rowOf('op.kalilandak')).toMatch(/class="last-published">5 Maret 2026</);
    expect(rowOf('op.pagak')).toMatch(/class="last-login">Belum pernah</);
    expect(rowOf('op.pagak')).toMatch(/class="last-published">Belum pernah</);
    expect(rowOf('camat')).toMatch(/class="last-published">Belum pernah</);
    expect(res.text).not.toContain('op.susukan');
  });
});

describe('disabling and resetting ask first', () => {
  test('the list links to a confirmation page whose button sends the confirmation', async () => {
    const list = await camat.get('/admin/pengguna').set('Host', HOST);
    expect(list.text).toContain(`href="/admin/pengguna/${w.u.kalilandak}/nonaktifkan"`);
    expect(list.text).not.toContain(`action="/admin/pengguna/${w.u.kalilandak}/nonaktifkan"`);
    for (const action of ['nonaktifkan', 'reset-sandi', 'reset-2fa']) {
      const page = await camat.get(`/admin/pengguna/${w.u.kalilandak}/${action}`).set('Host', HOST);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`action="/admin/pengguna/${w.u.kalilandak}/${action}"`);
      expect(page.text).toContain('name="confirm" value="ya"');
      expect(page.text).toContain('op.kalilandak');
    }
  });

  test('a POST without the confirmation changes nothing and shows the confirmation page', async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const before = await userRow(w.u.kalilandak);
    const sessions = async () => (await env.db.selectFrom('sessions').select('sid').where('user_id', '=', w.u.kalilandak).execute()).length;
    const sessionCount = await sessions();
    expect(sessionCount).toBeGreaterThan(0);
    const audits = [await auditActions(env.db, 'user.disabled'), await auditActions(env.db, 'user.password_reset'), await auditActions(env.db, 'user.two_factor_reset')];
    await env.db.insertInto('user_totp').values({ user_id: w.u.kalilandak, secret: TOTP_SECRET, pending_secret: null, pending_at: null, last_step: null, enabled_at: '2026-01-01 00:00:00' }).execute();
    for (const action of ['nonaktifkan', 'reset-sandi', 'reset-2fa']) {
      for (const body of [{}, { confirm: '' }, { confirm: 'tidak' }, { confirm: 'YA ' }] as Record<string, string>[]) {
        const res = await postForm(camat, `/admin/pengguna/${w.u.kalilandak}/${action}`, body);
        expect(res.status).toBe(400);
        expect(res.text).toContain('Tindakan belum dijalankan: konfirmasikan dulu di halaman ini.');
        expect(res.text).not.toMatch(/<code>/);
      }
    }
    expect(await userRow(w.u.kalilandak)).toEqual(before);
    expect(await sessions()).toBe(sessionCount);
    expect([await auditActions(env.db, 'user.disabled'), await auditActions(env.db, 'user.password_reset'), await auditActions(env.db, 'user.two_factor_reset')]).toEqual(audits);
    expect(await env.db.selectFrom('user_totp').select('secret').where('user_id', '=', w.u.kalilandak).execute()).toEqual([{ secret: TOTP_SECRET }]);
    expect((await op.get('/admin').set('Host', HOST)).status).toBe(200);
    await env.db.deleteFrom('user_totp').where('user_id', '=', w.u.kalilandak).execute();
  });

  test('the confirmed POST needs its CSRF token; an operator gets 403 and another kecamatan’s user 404', async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const before = await userRow(w.u.kalilandak);
    const noToken = await camat.post(`/admin/pengguna/${w.u.kalilandak}/nonaktifkan`).set('Host', HOST).type('form').send({ confirm: 'ya' });
    expect(noToken.status).toBe(403);
    expect((await op.get(`/admin/pengguna/${w.u.camat}/nonaktifkan`).set('Host', HOST)).status).toBe(403);
    expect((await postForm(op, `/admin/pengguna/${w.u.camat}/nonaktifkan`, { confirm: 'ya' })).status).toBe(403);
    expect((await camat.get(`/admin/pengguna/${w.u.opB}/nonaktifkan`).set('Host', HOST)).status).toBe(404);
    expect((await camat.get(`/admin/pengguna/${w.u.opB}/reset-sandi`).set('Host', HOST)).status).toBe(404);
    expect(await userRow(w.u.kalilandak)).toEqual(before);
    expect((await userRow(w.u.camat)).disabled_at).toBeNull();
  });

  test('confirmed, the operator is disabled; one’s own account has no confirmation page', async () => {
    const res = await postForm(camat, `/admin/pengguna/${w.u.kalilandak}/nonaktifkan`, { confirm: 'ya' });
    expect([res.status, res.headers.location]).toEqual([303, '/admin/pengguna']);
    expect((await userRow(w.u.kalilandak)).disabled_at).not.toBeNull();
    const self = await camat.get(`/admin/pengguna/${w.u.camat}/nonaktifkan`).set('Host', HOST);
    expect([self.status, self.headers.location]).toEqual([303, '/admin/pengguna']);
    expect((await camat.get('/admin/pengguna').set('Host', HOST)).text).toContain('Anda tidak dapat menonaktifkan akun Anda sendiri.');
    expect((await userRow(w.u.camat)).disabled_at).toBeNull();
    // Their password still works for nobody while disabled; enabling stays one tap.
    expect((await postForm(camat, `/admin/pengguna/${w.u.kalilandak}/aktifkan`)).status).toBe(303);
    expect((await userRow(w.u.kalilandak)).disabled_at).toBeNull();
    await login(env.app, HOST, 'op.kalilandak', PASSWORD);
  });
});
