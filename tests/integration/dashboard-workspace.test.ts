// The workspace home: an operator's own village's piles, the camat office's quiet villages.
import { toDbDate } from '../../src/db/time';
import { type Agent, type TestEnv, addUser, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, createItemVia, postForm, statusVia } from '../support/content';

let env: TestEnv;
let w: World;
let camat: Agent;
let opK: Agent;
let opP: Agent;

const daysAgo = (n: number) => toDbDate(new Date(Date.now() - n * 86_400_000));
const setPublished = (id: number, at: string) => env.db.updateTable('content_items').set({ published_at: at }).where('id', '=', id).execute();

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  camat = await login(env.app, HOST, 'camat');
  opK = await login(env.app, HOST, 'op.kalilandak');
  opP = await login(env.app, HOST, 'op.pagak');
  const opB = await login(env.app, HOST_B, 'op.susukan');

  // Kalilandak: a draft, a submission, a returned item, an old publication and a trashed newer one.
  await createItemVia(opK, 'berita', { title: 'Draf Kalilandak', intent: 'draft' });
  await createItemVia(opK, 'berita', { title: 'Menunggu Kalilandak', intent: 'submit' });
  const returned = await createItemVia(opK, 'produk', { title: 'Dikembalikan Kalilandak', intent: 'submit' });
  expect((await statusVia(camat, 'produk', returned, 'return', 'Tambahkan foto produk.')).status).toBe(303);
  const old = await createItemVia(opK, 'berita', { title: 'Terbit lama Kalilandak', intent: 'publish' });
  await setPublished(old, daysAgo(40));
  const trashed = await createItemVia(opK, 'berita', { title: 'Terbit lalu dibuang', intent: 'publish' });
  expect((await postForm(opK, `/admin/berita/${trashed}/hapus`)).status).toBe(303);
  // Pagak: a draft and a recent publication; its operator is the only one there.
  await createItemVia(opP, 'berita', { title: 'Draf Pagak', intent: 'draft' });
  const recent = await createItemVia(opP, 'potensi', { title: 'Wisata Pagak', intent: 'publish' });
  await setPublished(recent, daysAgo(10));
  // Another kecamatan publishes today; a disabled operator in Sirkandi counts for nothing.
  await createItemVia(opB, 'berita', { title: 'Susukan terbit', intent: 'publish' }, HOST_B);
  const sirkandi = (await env.db.selectFrom('villages').select('id').where('code', '=', '33.04.02.2001').executeTakeFirstOrThrow()).id;
  const off = await addUser(env.db, { districtId: w.dA, villageId: sirkandi, username: 'op.sirkandi', role: 'village_operator' });
  await env.db
    .updateTable('users')
    .set({ disabled_at: daysAgo(1) })
    .where('id', '=', off)
    .execute();
});
afterAll(() => env.close());

describe('an operator’s dashboard', () => {
  test('shows their village’s drafts, waiting, returned (with the note) and published items, and nothing of another village', async () => {
    const res = await opK.get('/admin').set('Host', HOST);
    expect(res.status).toBe(200);
    for (const title of ['Draf Kalilandak', 'Menunggu Kalilandak', 'Dikembalikan Kalilandak', 'Terbit lama Kalilandak']) expect(res.text).toContain(title);
    expect(res.text).toContain('Tambahkan foto produk.');
    expect(res.text).not.toContain('Draf Pagak');
    expect(res.text).not.toContain('Wisata Pagak');
    expect(res.text).not.toContain('Terbit lalu dibuang');
    expect(res.text).not.toContain('Desa yang sepi');
    const piles = (id: string) => new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(res.text)?.[0] ?? '';
    expect(piles('drafts')).toContain('Draf Kalilandak');
    expect(piles('waiting')).toContain('Menunggu Kalilandak');
    expect(piles('returned')).toContain('Dikembalikan Kalilandak');
    expect(piles('published')).toContain('Terbit lama Kalilandak');
    expect(piles('drafts')).not.toContain('Menunggu Kalilandak');
  });

  test('offers quick links to the sections of their village', async () => {
    const res = await opK.get('/admin').set('Host', HOST);
    expect(res.text).toContain('href="/admin/produk/baru"');
    expect(res.text).toContain('Tambah produk');
    expect(res.text).toContain('Tulis berita');
    expect(res.text).not.toContain('href="/admin/pengumuman/baru"');
  });
});

describe('the camat office’s dashboard', () => {
  test('lists every village quietest first, with last publication, count and flags', async () => {
    const res = await camat.get('/admin').set('Host', HOST);
    expect(res.status).toBe(200);
    const order = [...res.text.matchAll(/<tr class="village-row( flagged)?" data-village="([^"]+)"/g)].map((m) => ({ slug: m[2], flagged: Boolean(m[1]) }));
    expect(order).toHaveLength(8);
    const slugs = order.map((o) => o.slug);
    expect(slugs.slice(-2)).toEqual(['kalilandak', 'pagak']);
    expect(order.slice(0, 6).every((o) => o.flagged)).toBe(true);
    expect(order[6]).toEqual({ slug: 'kalilandak', flagged: true });
    expect(order[7]).toEqual({ slug: 'pagak', flagged: false });
    const rowOf = (slug: string) => new RegExp(`data-village="${slug}"[\\s\\S]*?</tr>`).exec(res.text)?.[0] ?? '';
    expect(rowOf('kalilandak')).toContain('sepi lebih dari 30 hari');
    expect(rowOf('sirkandi')).toContain('belum pernah terbit');
    expect(rowOf('sirkandi')).toContain('tanpa operator aktif');
    expect(rowOf('pagak')).not.toContain('tanpa operator aktif');
    expect(rowOf('pagak')).toMatch(/Jumlah terbit">1</);
    expect(rowOf('kalilandak')).toMatch(/Jumlah terbit">1</);
    expect(rowOf('kalilandak')).toMatch(/Operator aktif">1</);
    expect(rowOf('sirkandi')).toMatch(/Operator aktif">0</);
    expect(res.text).toContain('1 isi menunggu tinjauan');
    expect(res.text).not.toContain('Susukan');
  });
});
