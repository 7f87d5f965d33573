// Where notifications are mailed: each user's own choice on the account page, and the address the
// camat office keeps on the user form, within its own kecamatan only.
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, postForm } from '../support/content';

let env: TestEnv;
let w: World;
let opK: Agent;
let camat: Agent;

const prefsOf = (id: number) => env.db.selectFrom('users').select(['email', 'notify_mode']).where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  opK = await login(env.app, HOST, 'op.kalilandak');
  camat = await login(env.app, HOST, 'camat');
});
afterAll(() => env.close());

describe('the account page', () => {
  test('shows the default (each notification, no address) and says mail is not configured here', async () => {
    const res = await opK.get('/admin/akun/notifikasi').set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="each" checked');
    expect(res.text).toContain('belum diatur untuk mengirim email');
    expect(await prefsOf(w.u.kalilandak)).toEqual({ email: null, notify_mode: 'each' });
  });

  test('saves one’s own address and choice, audited', async () => {
    const res = await postForm(opK, '/admin/akun/notifikasi', { email: ' Op.Kalilandak@Example.ID ', notify_mode: 'digest' });
    expect(res.status).toBe(303);
    expect(await prefsOf(w.u.kalilandak)).toEqual({ email: 'op.kalilandak@example.id', notify_mode: 'digest' });
    const entry = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.notify_prefs').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ user_id: w.u.kalilandak, target_id: String(w.u.kalilandak) });
    expect((await opK.get('/admin/akun/notifikasi').set('Host', HOST)).text).toContain('value="digest" checked');
  });

  test('a bad address or mode gets an Indonesian message and changes nothing', async () => {
    const bodies: Record<string, string>[] = [
      { email: 'bukan-email', notify_mode: 'each' },
      { email: '', notify_mode: 'sering' },
      { email: '', notify_mode: 'each', role: 'district_admin' },
    ];
    for (const body of bodies) {
      const res = await postForm(opK, '/admin/akun/notifikasi', body);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/Alamat email tidak valid|Isian tidak valid|isian yang tidak dikenal/);
    }
    expect(await prefsOf(w.u.kalilandak)).toEqual({ email: 'op.kalilandak@example.id', notify_mode: 'digest' });
  });

  test('an empty address turns mail off; the POST needs the CSRF token', async () => {
    const forged = await opK.post('/admin/akun/notifikasi').set('Host', HOST).type('form').send({ _csrf: 'palsu', email: '', notify_mode: 'none' });
    expect(forged.status).toBe(403);
    expect((await prefsOf(w.u.kalilandak)).notify_mode).toBe('digest');
    await postForm(opK, '/admin/akun/notifikasi', { email: '', notify_mode: 'each' });
    expect(await prefsOf(w.u.kalilandak)).toEqual({ email: null, notify_mode: 'each' });
  });
});

describe('the user form of the camat office', () => {
  const edit = (agent: Agent, id: number, email: string, host = HOST) =>
    postForm(agent, `/admin/pengguna/${id}`, { name: 'Operator Pagak', role: 'village_operator', village_id: String(w.v.pagak), email }, host);

  test('sets an operator’s address, audited as a change', async () => {
    expect((await edit(camat, w.u.pagak, 'pagak@example.id')).status).toBe(303);
    expect((await prefsOf(w.u.pagak)).email).toBe('pagak@example.id');
    const entry = await env.db.selectFrom('audit_log').select('detail').where('action', '=', 'user.updated').where('target_id', '=', String(w.u.pagak)).executeTakeFirstOrThrow();
    expect(JSON.parse(entry.detail!).email).toEqual([null, 'pagak@example.id']);
    expect((await camat.get(`/admin/pengguna/${w.u.pagak}/ubah`).set('Host', HOST)).text).toContain('value="pagak@example.id"');
  });

  test('refuses a bad address with a message; another kecamatan’s camat cannot touch it', async () => {
    const bad = await edit(camat, w.u.pagak, 'pagak@');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Alamat email tidak valid');
    const camatB = await login(env.app, HOST_B, 'camat.susukan');
    expect((await edit(camatB, w.u.pagak, 'curian@example.id', HOST_B)).status).toBe(404);
    expect((await prefsOf(w.u.pagak)).email).toBe('pagak@example.id');
  });
});
