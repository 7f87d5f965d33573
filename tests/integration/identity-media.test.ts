// The kecamatan's identity and the media library it draws from: deleting or re-labelling an image
// the identity uses, and a stored identity the public pages cannot fully read.
import request from 'supertest';
import { districtsChanged } from '../../src/modules/districts/hosts';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, postForm, tokenOf } from '../support/content';
import { solid } from '../support/images';

let env: TestEnv;
let w: World;
let camat: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  camat = await login(env.app, HOST, 'camat');
});
afterAll(() => env.close());

const identityOf = () => env.db.selectFrom('district_identity').selectAll().where('district_id', '=', w.dA).executeTakeFirstOrThrow();
const version = async () => Number((await env.db.selectFrom('districts').select('content_version').where('id', '=', w.dA).executeTakeFirstOrThrow()).content_version);
const png = (colour: string) => solid(300, 300, colour).png().toBuffer();

/** The identity form as the browser holds it: every field, hidden image ids included. */
async function openForm(): Promise<Record<string, string>> {
  const html = (await camat.get('/admin/pengaturan/identitas').set('Host', HOST)).text;
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input (?:type="hidden" )?(?:id="[^"]*" )?name="([a-z_]+)" value="([^"]*)"/g)) fields[m[1]] = m[2];
  for (const m of html.matchAll(/<textarea id="[^"]*" name="([a-z_]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]] = m[2];
  return fields;
}

async function save(fields: Record<string, string>, logo?: Buffer) {
  const req = camat.post(`/admin/pengaturan/identitas?_csrf=${encodeURIComponent(await tokenOf(camat))}`).set('Host', HOST);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  if (logo) req.attach('logo_file', logo, { filename: 'logo.png', contentType: 'image/png' });
  return req;
}

test('deleting the logo in the media library clears it from the identity; the open form still saves', async () => {
  expect((await save({ camat_name: 'Drs. Slamet', address: 'Jl. Lama 1' }, await png('#0b5d3b'))).status).toBe(303);
  const logoId = Number((await identityOf()).logo_media_id);
  expect(logoId).toBeGreaterThan(0);
  const form = await openForm();
  expect(form.logo_media_id).toBe(String(logoId));

  const v0 = await version();
  expect((await postForm(camat, `/admin/media/${logoId}/hapus`)).status).toBe(303);
  expect((await identityOf()).logo_media_id).toBeNull();
  expect(await version()).toBe(v0 + 1);
  expect((await request(env.app).get('/').set('Host', HOST)).text).not.toMatch(/<img class="emblem"/);

  // The form opened before the delete still posts the old id.
  const res = await save({ ...form, address: 'Jl. Raya Klampok 12' });
  expect(res.status).toBe(303);
  expect(await identityOf()).toMatchObject({ address: 'Jl. Raya Klampok 12', logo_media_id: null, camat_name: 'Drs. Slamet' });
});

test('a stored reference to an image deleted earlier (before deletes cleared it) does not block a save', async () => {
  expect((await save({ camat_name: 'Drs. Slamet', address: 'Jl. Raya Klampok 12' }, await png('#123456'))).status).toBe(303);
  const logoId = Number((await identityOf()).logo_media_id);
  await env.db.updateTable('media').set({ deleted_at: '2026-12-01 00:00:00' }).where('id', '=', logoId).execute();
  const form = await openForm();
  const res = await save({ ...form, logo_media_id: String(logoId), address: 'Jl. Baru 3' });
  expect(res.status).toBe(303);
  expect(await identityOf()).toMatchObject({ address: 'Jl. Baru 3', logo_media_id: null });
});

/** A write around the app (import, hand edit): the next request sees a new content version. */
async function writeDirectly(values: { social_links: string }) {
  await env.db.updateTable('district_identity').set(values).where('district_id', '=', w.dA).execute();
  await env.db
    .updateTable('districts')
    .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
    .where('id', '=', w.dA)
    .execute();
  districtsChanged();
}

test('a social link that cannot be read is skipped; the public pages and the other links still show', async () => {
  await writeDirectly({ social_links: 'https://www.instagram.com/kecamatanklampok\nbukan alamat ::\njavascript:alert(1)\n\nhttps://web.example.go.id/klampok' });
  for (const path of ['/', '/desa']) {
    const res = await request(env.app).get(path).set('Host', HOST);
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="https://www.instagram.com/kecamatanklampok"');
    expect(res.text).toContain('>web.example.go.id</a>');
    expect(res.text).not.toContain('bukan alamat');
    expect(res.text).not.toContain('javascript:');
  }
});

test('an identity that cannot be loaded: the public page still answers, with the default identity', async () => {
  // Kecamatan B, whose identity this process has never read (nothing to fall back on but the default).
  await env.db.schema.alterTable('district_identity').renameTo('district_identity_hidden').execute();
  try {
    const res = await request(env.app).get('/').set('Host', HOST_B);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<span class="emblem emblem-text" aria-hidden="true">[A-Z]+<\/span>/);
  } finally {
    await env.db.schema.alterTable('district_identity_hidden').renameTo('district_identity').execute();
  }
});

test('a new alt text of the hero shows on the cached home page at once', async () => {
  const hero = await solid(1600, 900, '#8d6e63').jpeg().toBuffer();
  const req = camat.post(`/admin/pengaturan/identitas?_csrf=${encodeURIComponent(await tokenOf(camat))}`).set('Host', HOST);
  req.field('camat_name', 'Drs. Slamet');
  expect((await req.attach('hero_file', hero, { filename: 'kantor.jpg', contentType: 'image/jpeg' })).status).toBe(303);
  const heroId = Number((await identityOf()).hero_media_id);
  const first = await request(env.app).get('/').set('Host', HOST);
  expect(first.text).toMatch(/<img class="hero-img"[^>]* alt="Foto Kecamatan Purworeja Klampok">/);
  expect((await request(env.app).get('/').set('Host', HOST)).headers['x-cache']).toBe('hit');

  const v0 = await version();
  expect((await postForm(camat, `/admin/media/${heroId}`, { alt: 'Pendopo kecamatan di pagi hari' })).status).toBe(303);
  expect(await version()).toBe(v0 + 1);
  const after = await request(env.app).get('/').set('Host', HOST);
  expect(after.text).toMatch(/<img class="hero-img"[^>]* alt="Pendopo kecamatan di pagi hari">/);
});
