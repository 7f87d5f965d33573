// The camat office's review queue: what waits, from every village, and nothing from elsewhere.
import { type Agent, type TestEnv, auditActions, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia, rowOrThrow, tokenOf, updateVia } from '../support/content';

let env: TestEnv;
let w: World;
let camat: Agent;
let opK: Agent;
let opP: Agent;
const ids: Record<string, number> = {};

const setReview = (villageId: number, on: boolean) =>
  env.db
    .updateTable('villages')
    .set({ review_required: on ? 1 : 0 })
    .where('id', '=', villageId)
    .execute();
const setUpdated = (id: number, at: string) => env.db.updateTable('content_items').set({ updated_at: at }).where('id', '=', id).execute();

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  camat = await login(env.app, HOST, 'camat');
  opK = await login(env.app, HOST, 'op.kalilandak');
  opP = await login(env.app, HOST, 'op.pagak');
  const opB = await login(env.app, HOST_B, 'op.susukan');

  ids.submittedK = await createItemVia(opK, 'produk', { title: 'Gula kelapa Kalilandak', intent: 'submit' });
  ids.draftK = await createItemVia(opK, 'berita', { title: 'Draf rahasia Kalilandak', intent: 'draft' });
  // A live item of Pagak, then Pagak goes under review and its operator edits it: the edit waits.
  ids.liveP = await createItemVia(opP, 'berita', { title: 'Panen salak Pagak', body_source: 'Baris satu\nBaris dua\nBaris tiga', intent: 'publish' });
  await setReview(w.v.pagak, true);
  const edit = await updateVia(opP, 'berita', ids.liveP, {
    title: 'Panen salak <script>alert(1)</script> Pagak',
    summary: 'Ringkasan baru',
    body_source: 'Baris satu\nBaris dua diubah\nBaris tiga',
    version: '1',
    intent: 'publish',
  });
  expect(edit.status).toBe(303);
  ids.spamP = await createItemVia(opP, 'berita', { title: 'Info slot gacor terbaru', intent: 'publish' });
  ids.otherB = await createItemVia(opB, 'berita', { title: 'Berita Susukan menunggu', intent: 'submit' }, HOST_B);

  await setUpdated(ids.liveP, '2026-01-01 08:00:00');
  await setUpdated(ids.submittedK, '2026-01-02 08:00:00');
  await setUpdated(ids.spamP, '2026-01-03 08:00:00');
});
afterAll(() => env.close());

describe('the queue', () => {
  test('lists submitted items and pending edits of every village, oldest first, and nothing from another kecamatan', async () => {
    const res = await camat.get('/admin/tinjauan').set('Host', HOST);
    expect(res.status).toBe(200);
    const at = (title: string) => res.text.indexOf(title);
    expect(at('Panen salak')).toBeGreaterThan(-1);
    expect(at('Gula kelapa Kalilandak')).toBeGreaterThan(at('Panen salak'));
    expect(at('terbaru')).toBeGreaterThan(at('Gula kelapa Kalilandak'));
    expect(res.text).toContain('Perubahan isi yang tayang');
    expect(res.text).toContain('Terbitan baru');
    expect(res.text).toContain('Kalilandak');
    expect(res.text).toContain('Pagak');
    expect(res.text).not.toContain('Draf rahasia');
    expect(res.text).not.toContain('Berita Susukan');
    expect(res.text).toContain('3 menunggu tinjauan');
  });

  test('spam matches are highlighted in the queue', async () => {
    const res = await camat.get('/admin/tinjauan').set('Host', HOST);
    expect(res.text).toMatch(/<mark class="spam-term">slot<\/mark>/);
    expect(res.text).toMatch(/Info <mark>slot<\/mark> <mark>gacor<\/mark> terbaru/);
  });

  test('the camat dashboard counts the queue', async () => {
    const res = await camat.get('/admin').set('Host', HOST);
    expect(res.text).toContain('3 isi menunggu tinjauan');
  });

  test('operators get 403 on the queue, a review page and the settings', async () => {
    for (const path of ['/admin/tinjauan', `/admin/tinjauan/${ids.submittedK}`, '/admin/pengaturan']) {
      expect((await opK.get(path).set('Host', HOST)).status).toBe(403);
    }
    const token = await tokenOf(opK);
    const post = await opK.post('/admin/pengaturan').set('Host', HOST).type('form').send({ _csrf: token, blocked_terms: '' });
    expect(post.status).toBe(403);
    expect((await opK.get('/admin').set('Host', HOST)).text).not.toContain('href="/admin/pengaturan"');
    expect((await camat.get('/admin').set('Host', HOST)).text).toContain('href="/admin/pengaturan"');
  });

  test('another kecamatan’s camat cannot open this one’s item', async () => {
    const camatB = await login(env.app, HOST_B, 'camat.susukan');
    expect((await camatB.get(`/admin/tinjauan/${ids.submittedK}`).set('Host', HOST_B)).status).toBe(404);
  });
});

describe('the review page', () => {
  test('a pending edit shows the live and the proposed text field by field, escaped, with a line diff of the body', async () => {
    const res = await camat.get(`/admin/tinjauan/${ids.liveP}`).set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Panen salak Pagak');
    expect(res.text).toContain('Panen salak &lt;script&gt;alert(1)&lt;/script&gt; Pagak');
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('Ringkasan baru');
    expect(res.text).toMatch(/<del>.*Baris dua\n?<\/del>/);
    expect(res.text).toMatch(/<ins>.*Baris dua diubah\n?<\/ins>/);
    expect(res.text).toContain(`action="/admin/berita/${ids.liveP}/status"`);
    expect(res.text).toContain('name="back" value="tinjauan"');
  });

  test('a new submission shows its rendered body and detail fields', async () => {
    const res = await camat.get(`/admin/tinjauan/${ids.submittedK}`).set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h2>Gula kelapa Kalilandak</h2>');
    expect(res.text).toContain('<p>Isi <strong>Contoh produk</strong> yang lengkap.</p>');
    expect(res.text).toContain('Makanan');
    expect(res.text).toContain('Rp 25.000');
    expect(res.text).toContain('Bu Sri');
  });

  test('an item no longer waiting sends the reviewer back to the queue', async () => {
    const res = await camat.get(`/admin/tinjauan/${ids.draftK}`).set('Host', HOST);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/tinjauan');
  });
});

describe('deciding', () => {
  const decide = async (section: string, id: number, body: Record<string, string>) =>
    camat
      .post(`/admin/${section}/${id}/status`)
      .set('Host', HOST)
      .type('form')
      .send({ _csrf: await tokenOf(camat), ...body });

  test('approving applies the pending edit: live columns change, the pending revision is cleared', async () => {
    const res = await decide('berita', ids.liveP, { action: 'publish' });
    expect(res.status).toBe(303);
    const item = await rowOrThrow(env.db, ids.liveP);
    expect(item).toMatchObject({ status: 'published', pending_revision_id: null, title: 'Panen salak <script>alert(1)</script> Pagak', summary: 'Ringkasan baru' });
    expect(item.body_source).toContain('Baris dua diubah');
    const queue = await camat.get('/admin/tinjauan').set('Host', HOST);
    expect(queue.text).not.toContain('Panen salak');
    expect(await auditActions(env.db, 'content.approve')).toBeGreaterThanOrEqual(1);
  });

  test('returning with a note: the operator sees it on the edit form and on their dashboard', async () => {
    const note = 'Foto belum ada & harga <b>belum</b> jelas.';
    const res = await decide('produk', ids.submittedK, { action: 'return', note });
    expect(res.status).toBe(303);
    expect(await rowOrThrow(env.db, ids.submittedK)).toMatchObject({ status: 'returned', review_note: note });
    const escaped = 'Foto belum ada &amp; harga &lt;b&gt;belum&lt;/b&gt; jelas.';
    expect((await opK.get(`/admin/produk/${ids.submittedK}/ubah`).set('Host', HOST)).text).toContain(escaped);
    const dash = await opK.get('/admin').set('Host', HOST);
    expect(dash.text).toContain(escaped);
    expect(dash.text).toContain('Gula kelapa Kalilandak');
  });

  test('the review page’s buttons (back=tinjauan) come back to the queue', async () => {
    const res = await decide('berita', ids.spamP, { action: 'publish', back: 'tinjauan' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/tinjauan');
    expect(await rowOrThrow(env.db, ids.spamP)).toMatchObject({ status: 'published', spam_matches: null });
    expect((await camat.get('/admin/tinjauan').set('Host', HOST)).text).toContain('Tidak ada yang menunggu tinjauan.');
  });
});
