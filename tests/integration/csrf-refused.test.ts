// A form refused for its CSRF token ("Formulir sudah kedaluwarsa") loses nothing: posted from this
// site's own page, it comes back with every typed field (never a password) and a valid token, and
// "Kirim lagi" saves it. A forged POST from another site gets the plain refusal, nothing to resend.
import type { Agent } from '../support/app';
import { type TestEnv, createTestEnv, csrfFrom, login } from '../support/app';
import { HOST, contentWorld, countItems, formOf, validFields } from '../support/content';

let env: TestEnv;
let op: Agent;

const TYPED = { title: 'Jembatan gantung Dusun Kidul selesai', body_source: 'Warga bergotong royong tiga minggu.\n\nPeresmian hari Sabtu.' };
const STALE = 'token-dari-sesi-sebelumnya';

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
});
afterAll(() => env.close());

/** A multipart content form as the browser sends it, the token in the action URL. */
function postMultipart(agent: Agent, action: string, fields: Record<string, string | string[]>, origin?: string) {
  const req = agent.post(action).set('Host', HOST);
  if (origin) req.set('Origin', origin);
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) req.field(k, one);
  return req;
}

const titled = (title: string) => env.db.selectFrom('content_items').select('body_source').where('title', '=', title).execute();

test('an expired token on this site: 403, the typed fields and a fresh token; "Kirim lagi" saves it', async () => {
  const items = await countItems(env.db);
  const res = await postMultipart(op, `/admin/berita?_csrf=${STALE}`, { ...validFields('berita'), ...TYPED, intent: 'draft' }, `http://${HOST}`);
  expect(res.status).toBe(403);
  expect(res.text).toContain('Formulir sudah kedaluwarsa');
  expect(res.headers['cache-control']).toBe('no-store');
  const kept = formOf(res.text);
  expect(kept.fields).toMatchObject({ ...TYPED, intent: 'draft' });
  expect(kept.action).toMatch(/^\/admin\/berita\?_csrf=/);
  expect(kept.action).not.toContain(STALE);
  expect(await countItems(env.db)).toBe(items);

  const sent = await postMultipart(op, kept.action, kept.fields, `http://${HOST}`);
  expect(sent.status).toBe(303);
  expect(await titled(TYPED.title)).toEqual([{ body_source: TYPED.body_source }]);
});

test('a urlencoded form: the fields come back with a fresh hidden token; passwords never do', async () => {
  const page = await op.get('/admin/akun/sandi').set('Host', HOST);
  const res = await op
    .post('/admin/akun/sandi')
    .set('Host', HOST)
    .set('Referer', `http://${HOST}/admin/akun/sandi`)
    .type('form')
    .send({ _csrf: STALE, current_password: 'Sandi-Lama-Rahasia-1', new_password: 'Sandi-Baru-Rahasia-2', confirm_password: 'Sandi-Baru-Rahasia-2' });
  expect(res.status).toBe(403);
  expect(res.text).not.toContain('Rahasia');
  // Nothing else was typed: no form to send again.
  expect(res.text).not.toContain('Kirim lagi');

  const named = await op
    .post('/admin/berita/1/status')
    .set('Host', HOST)
    .set('Origin', `http://${HOST}`)
    .type('form')
    .send({ _csrf: STALE, action: 'archive', note: 'Catatan penting untuk peninjau' });
  expect(named.status).toBe(403);
  expect(named.text).toContain('Catatan penting untuk peninjau');
  expect(csrfFrom(named.text)).toBe(csrfFrom(page.text));
});

test('a POST forged on another site: the plain refusal, nothing typed shown, nothing stored', async () => {
  const items = await countItems(env.db);
  for (const origin of ['http://evil.test', undefined]) {
    const res = await postMultipart(op, `/admin/berita?_csrf=${STALE}`, { ...validFields('berita', 'Titipan penyerang'), intent: 'publish' }, origin);
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir sudah kedaluwarsa atau tidak sah');
    expect(res.text).not.toContain('Titipan penyerang');
    expect(res.text).not.toContain('Kirim lagi');
  }
  expect(await countItems(env.db)).toBe(items);
});

test('a session that ended meanwhile: the text is kept, with a word to log in again elsewhere first', async () => {
  const other = await login(env.app, HOST, 'op.pagak');
  const token = csrfFrom((await other.get('/admin').set('Host', HOST)).text);
  await other.post('/keluar').set('Host', HOST).type('form').send({ _csrf: token });
  const res = await postMultipart(other, `/admin/berita?_csrf=${encodeURIComponent(token)}`, { ...validFields('berita'), ...TYPED, intent: 'draft' }, `http://${HOST}`);
  expect(res.status).toBe(403);
  expect(res.text).toContain('Sesi Anda sudah berakhir');
  expect(formOf(res.text).fields).toMatchObject(TYPED);
});
