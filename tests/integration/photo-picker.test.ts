// The photo picker of the content forms: a step of its own that carries what was typed, lists only
// the item's own village's photos a page at a time, and takes back only those. Both dialects.
import { createMedia } from '../../src/modules/media/media.service';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { solid } from '../support/images';
import { HOST, type World, contentWorld, createItemVia, ctxFor, formOf, itemMedia, multipart, postForm, rowOrThrow, validFields } from '../support/content';

let env: TestEnv;
let w: World;
let op: Agent;
let opPagak: Agent;
/** Kalilandak's photos, oldest first; one of Pagak's. */
const own: number[] = [];
let pagakPhoto: number;

const photo = async (userId: number, villageId: number, alt: string) => {
  const buffer = await solid(64, 48, '#8d6e63').jpeg().toBuffer();
  return (await createMedia(await ctxFor(env.db, userId), env.storage, { buffer, originalName: `${alt}.jpg`, alt, villageId })).id;
};
const checkboxIds = (html: string) => [...html.matchAll(/<input type="checkbox" name="media_ids" value="(\d+)"/g)].map((m) => Number(m[1]));
const hiddenIds = (html: string) => [...html.matchAll(/<input type="hidden" name="media_ids" value="(\d+)"/g)].map((m) => Number(m[1]));
const typed: Record<string, string> = { ...validFields('berita', 'Panen <b>Raya</b> "Kalilandak"'), summary: 'Ringkasan yang diketik', body_source: 'Isi panjang\nbaris kedua & ketiga' };

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  opPagak = await login(env.app, HOST, 'op.pagak');
  for (let i = 1; i <= 14; i++) own.push(await photo(w.u.kalilandak, w.v.kalilandak, `Sawah ${i}`));
  pagakPhoto = await photo(w.u.pagak, w.v.pagak, 'Rahasia Pagak');
}, 60_000);
afterAll(() => env.close());

test('the form lists no library checkboxes: it opens the picker and says how long a photo takes to send', async () => {
  const res = await op.get('/admin/berita/baru').set('Host', HOST);
  expect(res.status).toBe(200);
  expect(checkboxIds(res.text)).toEqual([]);
  expect(res.text).toMatch(/formaction="\/admin\/berita\/pustaka\?_csrf=[^"]+"/);
  expect(res.text).toContain('Di sinyal lemah, foto 5 MB butuh ± 2 menit untuk terkirim; foto 15 MB (batas) ± 6 menit.');
});

test('the picker carries every typed field and lists only this village’s photos, twelve a page, newest first', async () => {
  const res = await multipart(op, HOST, '/admin/berita/pustaka', { ...typed, media_ids: [String(own[0]), String(pagakPhoto)] });
  expect(res.status).toBe(200);
  expect(res.text).toContain('<input type="hidden" name="title" value="Panen &lt;b&gt;Raya&lt;/b&gt; &#34;Kalilandak&#34;">');
  expect(res.text).toContain('<input type="hidden" name="body_source" value="Isi panjang\nbaris kedua &amp; ketiga">');
  expect(checkboxIds(res.text)).toEqual(own.slice(2).reverse());
  // The chosen photo is not on this page: it is carried; Pagak's photo is neither listed nor carried.
  expect(hiddenIds(res.text)).toEqual([own[0]]);
  expect(res.text).not.toContain(`value="${pagakPhoto}"`);
  expect(res.text).not.toContain('Rahasia Pagak');
  expect(res.text).toMatch(/<img src="\/media\/[^"]+\.webp" alt="" width="160" height="120"/);

  // Page 2 (the picker's own post): the two oldest, the first one ticked.
  const page2 = await postForm(op, '/admin/berita/pustaka', { ...typed, media_ids: String(own[0]), page: '2' });
  expect(page2.status).toBe(200);
  expect(checkboxIds(page2.text)).toEqual([own[1], own[0]]);
  expect(page2.text).toContain(`<input type="checkbox" name="media_ids" value="${own[0]}" checked>`);
  expect(page2.text).toContain('value="Panen &lt;b&gt;Raya&lt;/b&gt; &#34;Kalilandak&#34;"');
});

test('"Pakai foto terpilih" brings back the form as typed with the choice; a crafted id of another village is dropped', async () => {
  const res = await postForm(op, '/admin/berita/pustaka', { ...typed, media_ids: [String(own[3]), String(pagakPhoto), String(own[5])] as unknown as string, back: '1' });
  expect(res.status).toBe(200);
  const form = formOf(res.text);
  expect(form.fields).toMatchObject({ title: typed.title, summary: typed.summary, body_source: typed.body_source, media_ids: [String(own[3]), String(own[5])] });
  expect(res.text).toContain('2 foto dipilih');
  expect(res.text).not.toContain(`value="${pagakPhoto}"`);
  const before = Number(
    (
      await env.db
        .selectFrom('content_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const saved = await multipart(op, HOST, '/admin/berita', { ...form.fields, intent: 'draft' });
  expect(saved.status).toBe(303);
  const id = Number(/\/(\d+)\/ubah$/.exec(saved.headers.location)![1]);
  expect((await rowOrThrow(env.db, id)).title).toBe(typed.title);
  expect((await itemMedia(env.db, id)).map((m) => m.media_id)).toEqual([own[3], own[5]]);
  // A save crafted with Pagak's photo is refused and stores nothing.
  const crafted = await multipart(op, HOST, '/admin/berita', { ...typed, media_ids: [String(pagakPhoto)], intent: 'draft' });
  expect(crafted.status).toBe(400);
  expect(
    Number(
      (
        await env.db
          .selectFrom('content_items')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  ).toBe(before + 1);
});

test('an edit keeps the version it started from through the picker, so a save in between ends in a conflict', async () => {
  const id = await createItemVia(op, 'berita', { title: 'Kabar awal', intent: 'draft' });
  const start = formOf((await op.get(`/admin/berita/${id}/ubah`).set('Host', HOST)).text);
  const back = await postForm(op, `/admin/berita/${id}/pustaka`, { ...(start.fields as Record<string, string>), title: 'Kabar saya', media_ids: String(own[2]), back: '1' });
  expect(back.status).toBe(200);
  const mine = formOf(back.text);
  expect(mine.fields.version).toBe(start.fields.version);
  // Someone else saves first.
  const theirs = await multipart(op, HOST, `/admin/berita/${id}`, { ...start.fields, title: 'Kabar mereka', intent: 'draft' });
  expect(theirs.status).toBe(303);
  const res = await multipart(op, HOST, `/admin/berita/${id}`, { ...mine.fields, intent: 'draft' });
  expect(res.status).toBe(409);
  expect((await rowOrThrow(env.db, id)).title).toBe('Kabar mereka');
});

test("another village's operator cannot open the picker of this item; the picker needs a CSRF token", async () => {
  const id = await createItemVia(op, 'berita', { title: 'Milik Kalilandak', intent: 'draft' });
  const res = await postForm(opPagak, `/admin/berita/${id}/pustaka`, { title: 'x' });
  expect([403, 404]).toContain(res.status);
  expect(res.text).not.toContain('Sawah');
  const noToken = await op.post('/admin/berita/pustaka').set('Host', HOST).type('form').send({ title: 'x' });
  expect(noToken.status).toBe(403);
  expect(noToken.text).not.toContain('Sawah 1');
});
