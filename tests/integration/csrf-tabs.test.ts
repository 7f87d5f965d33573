// Several tabs opened at the same moment right after login all get the session's one CSRF token,
// and each tab's form is accepted.
import { type TestEnv, createTestEnv, csrfFrom, login } from '../support/app';
import { HOST, contentWorld, validFields } from '../support/content';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
});
afterAll(() => env.close());

const TABS = ['/admin/berita/baru', '/admin/produk/baru', '/admin/potensi/baru', '/admin/berita/baru', '/admin/media', '/admin'];

test('tabs opened at once after login share one token; the form of each is saved', async () => {
  const op = await login(env.app, HOST, 'op.kalilandak');
  const pages = await Promise.all(TABS.map((p) => op.get(p).set('Host', HOST)));
  expect(pages.map((p) => p.status)).toEqual(TABS.map(() => 200));
  const tokens = pages.map((p) => csrfFrom(p.text));
  expect(new Set(tokens).size).toBe(1);

  // Each tab posts with the token its own page holds (a multipart form: in the action URL).
  const titles = TABS.map((_, i) => `Kabar dari tab ${i + 1}`);
  const saves = await Promise.all(
    titles.map((title, i) => {
      const req = op.post(`/admin/berita?_csrf=${encodeURIComponent(tokens[i])}`).set('Host', HOST);
      for (const [k, v] of Object.entries({ ...validFields('berita', title), intent: 'draft' })) req.field(k, v);
      return req;
    }),
  );
  expect(saves.map((r) => r.status)).toEqual(TABS.map(() => 303));
  const stored = await env.db.selectFrom('content_items').select('title').where('title', 'in', titles).execute();
  expect(stored.map((r) => r.title).sort()).toEqual([...titles].sort());
});

test('the token stays the same for the whole session and changes with a new login', async () => {
  const op = await login(env.app, HOST, 'op.pagak');
  const first = csrfFrom((await op.get('/admin/berita/baru').set('Host', HOST)).text);
  expect(csrfFrom((await op.get('/admin').set('Host', HOST)).text)).toBe(first);
  const again = await login(env.app, HOST, 'op.pagak');
  expect(csrfFrom((await again.get('/admin').set('Host', HOST)).text)).not.toBe(first);
  // The first session's token does not work in the second session.
  const res = await again.post('/keluar').set('Host', HOST).type('form').send({ _csrf: first });
  expect(res.status).toBe(403);
});
