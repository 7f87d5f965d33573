// The kecamatan's identity (/admin/pengaturan/identitas): who may edit it, how bad input is refused,
// and how it shows on the public pages (home, footer, share tags, JSON-LD), escaped and cached right.
import request from 'supertest';
import { type Agent, type TestEnv, auditActions, createTestEnv, login } from '../support/app';
import { HOST, HOST_B, type World, contentWorld, tokenOf } from '../support/content';
import { HTML_AS_JPG, pdfBytes, solid } from '../support/images';
import { bumpContentVersion } from '../../src/modules/content/content-version';

let env: TestEnv;
let w: World;
let camat: Agent;
let camatB: Agent;
let opK: Agent;

beforeAll(async () => {
  // 1 MB uploads, so an oversized logo is cheap to make.
  env = await createTestEnv({ UPLOAD_MAX_MB: '1' });
  w = await contentWorld(env);
  camat = await login(env.app, HOST, 'camat');
  camatB = await login(env.app, HOST_B, 'camat.susukan');
  opK = await login(env.app, HOST, 'op.kalilandak');
});
afterAll(() => env.close());

const FIELDS = {
  camat_name: 'Drs. Slamet Widodo',
  welcome_source: 'Selamat datang di **Kecamatan Klampok**.',
  address: 'Jl. Raya Klampok No. 12\nBanjarnegara 53474',
  hours: 'Senin–Kamis 08.00–15.30\nJumat 08.00–11.00',
  phone: '(0286) 479123',
  whatsapp: '0812-3456-7890',
  email: 'Kec.Klampok@banjarnegarakab.go.id',
  social_links: 'https://www.instagram.com/kecamatanklampok\nhttps://web.example.go.id/klampok',
};

type File = { field: 'logo_file' | 'hero_file' | 'camat_photo_file'; buffer: Buffer; name: string; type?: string };

async function save(agent: Agent, fields: Record<string, string>, files: File[] = [], host = HOST) {
  const req = agent.post(`/admin/pengaturan/identitas?_csrf=${encodeURIComponent(await tokenOf(agent, host))}`).set('Host', host);
  for (const [k, v] of Object.entries(fields)) req.field(k, v);
  for (const f of files) req.attach(f.field, f.buffer, { filename: f.name, contentType: f.type ?? 'image/png' });
  return req;
}

const identityOf = (districtId: number) => env.db.selectFrom('district_identity').selectAll().where('district_id', '=', districtId).executeTakeFirst();
const mediaCount = async () =>
  Number(
    (
      await env.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const home = (host = HOST) => request(env.app).get('/').set('Host', host);
const png = (w = 400, h = 400, colour = '#0b5d3b') => solid(w, h, colour).png().toBuffer();

test('defaults: without an identity the home page has a text emblem and no empty welcome or contact block', async () => {
  const res = await home();
  expect(res.status).toBe(200);
  expect(res.text).toMatch(/<span class="emblem emblem-text" aria-hidden="true">PK<\/span>/);
  expect(res.text).not.toContain('Sambutan Camat');
  expect(res.text).not.toContain('Kantor Kecamatan</h2>');
  expect(res.text).not.toContain('foot-contact');
  expect(res.text).not.toMatch(/<img[^>]+src=""/);
  expect(res.text).not.toContain('og:image');
  const ld = JSON.parse(res.text.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1]);
  expect(ld).toMatchObject({ '@type': 'GovernmentOrganization', name: 'Kecamatan Purworeja Klampok' });
  expect(ld).not.toHaveProperty('logo');
  expect(ld).not.toHaveProperty('telephone');
  expect(ld).not.toHaveProperty('sameAs');
});

test('the camat office saves the identity: normalised, audited, shown on home, footer, share tags and JSON-LD', async () => {
  const before = await auditActions(env.db, 'settings.identity');
  const logo = await png();
  const hero = await solid(1600, 900, '#8d6e63').jpeg().toBuffer();
  const res = await save(camat, FIELDS, [
    { field: 'logo_file', buffer: logo, name: 'logo.png' },
    { field: 'hero_file', buffer: hero, name: 'kantor.jpg', type: 'image/jpeg' },
  ]);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/admin/pengaturan/identitas');
  const row = await identityOf(w.dA);
  expect(row).toMatchObject({
    camat_name: 'Drs. Slamet Widodo',
    phone: '0286479123',
    whatsapp: '6281234567890',
    email: 'kec.klampok@banjarnegarakab.go.id',
    hours: FIELDS.hours,
    address: FIELDS.address,
  });
  expect(row!.logo_media_id).not.toBeNull();
  expect(row!.hero_media_id).not.toBeNull();
  const logoRow = await env.db.selectFrom('media').selectAll().where('id', '=', Number(row!.logo_media_id)).executeTakeFirstOrThrow();
  expect(logoRow).toMatchObject({ district_id: w.dA, village_id: null, kind: 'image' });
  expect(await auditActions(env.db, 'settings.identity')).toBe(before + 1);

  const page = await home();
  expect(page.text).toContain('class="hero hero-photo"');
  expect(page.text).toMatch(/<img class="hero-img" src="\/media\/[^"]+" srcset="[^"]+ \d+w[^"]*" sizes="[^"]+" width="\d+" height="\d+" fetchpriority="high" alt="Foto Kecamatan Purworeja Klampok">/);
  expect(page.text).toMatch(/<img class="emblem" src="\/media\/[^"]+" width="72" height="72" alt="Logo Kecamatan Purworeja Klampok">/);
  expect(page.text).toContain('<strong>Kecamatan Klampok</strong>');
  expect(page.text).toContain('Drs. Slamet Widodo');
  expect(page.text).toContain('<a href="tel:+62286479123">0286479123</a>');
  expect(page.text).toContain('href="https://wa.me/6281234567890"');
  expect(page.text).toContain('>Instagram</a>');
  expect(page.text).toContain('>web.example.go.id</a>');
  expect(page.text).toMatch(/<meta property="og:image" content="http:\/\/klampok\.test\/media\/[^"]+-share-jpeg\.jpg">/);
  const ld = JSON.parse(page.text.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1]);
  expect(ld).toMatchObject({
    telephone: '+62286479123',
    email: 'kec.klampok@banjarnegarakab.go.id',
    sameAs: ['https://www.instagram.com/kecamatanklampok', 'https://web.example.go.id/klampok'],
    address: { streetAddress: 'Jl. Raya Klampok No. 12, Banjarnegara 53474' },
  });
  expect(ld.logo).toMatch(/^http:\/\/klampok\.test\/media\//);
  // The identity's images are public: served to anonymous readers.
  // Lighthouse budget: the home page's HTML stays small (images are separate requests).
  expect(Buffer.byteLength(page.text)).toBeLessThan(30 * 1024);
  expect(page.text.match(/<img [^>]*>/g)!.every((img) => /width="\d+"/.test(img) && /height="\d+"/.test(img) && /alt="[^"]+"/.test(img))).toBe(true);
  const logoUrl = page.text.match(/<img class="emblem" src="(\/media\/[^"]+)"/)![1];
  expect((await request(env.app).get(logoUrl).set('Host', HOST)).status).toBe(200);

  // Another public page: the footer carries the office's contacts, and og:image falls back to the hero.
  const villages = await request(env.app).get('/desa').set('Host', HOST);
  expect(villages.text).toMatch(/<address class="foot-contact">[\s\S]*Jl\. Raya Klampok No\. 12[\s\S]*Senin–Kamis 08\.00–15\.30; Jumat 08\.00–11\.00[\s\S]*tel:\+62286479123/);
  expect(villages.text).toMatch(/<meta property="og:image" content="http:\/\/klampok\.test\/media\/[^"]+-share-jpeg\.jpg">/);

  // Kecamatan B is untouched.
  expect(await identityOf(w.dB)).toBeUndefined();
  expect((await home(HOST_B)).text).not.toContain('Slamet Widodo');
});

test('the cached home page changes after a save (the save bumps the content version)', async () => {
  const first = await home();
  const again = await home();
  expect(again.headers['x-cache']).toBe('hit');
  expect(first.text).toContain('Drs. Slamet Widodo');
  const version = async () => (await env.db.selectFrom('districts').select('content_version').where('id', '=', w.dA).executeTakeFirstOrThrow()).content_version;
  const v0 = Number(await version());
  const current = await identityOf(w.dA);
  const res = await save(camat, { ...FIELDS, camat_name: 'Hj. Sri Rahayu', logo_media_id: String(current!.logo_media_id), hero_media_id: String(current!.hero_media_id) });
  expect(res.status).toBe(303);
  expect(Number(await version())).toBe(v0 + 1);
  const after = await home();
  expect(after.headers['x-cache']).toBe('miss');
  expect(after.text).toContain('Hj. Sri Rahayu');
  expect(after.text).not.toContain('Drs. Slamet Widodo');
  // The images were kept by their hidden ids.
  expect(await identityOf(w.dA)).toMatchObject({ logo_media_id: current!.logo_media_id, hero_media_id: current!.hero_media_id });
});

describe('bad input is refused in Indonesian, nothing saved, the typed text kept', () => {
  const unchanged = async <T>(fn: () => Promise<T>) => {
    const before = await identityOf(w.dA);
    const audits = await auditActions(env.db, 'settings.identity');
    const result = await fn();
    expect(await identityOf(w.dA)).toEqual(before);
    expect(await auditActions(env.db, 'settings.identity')).toBe(audits);
    return result;
  };
  const typed = { ...FIELDS, camat_name: 'Nama Baru Yang Diketik' };

  test.each([
    ['a javascript: social link', { social_links: 'javascript:alert(1)' }, 'diawali https://'],
    ['an http:// social link', { social_links: 'http://facebook.com/klampok' }, 'diawali https://'],
    ['a phone that is no Indonesian number', { phone: '12ab' }, 'Nomor telepon tidak dikenali'],
    ['a foreign WhatsApp number', { whatsapp: '+1 202 555 0100' }, 'WhatsApp'],
    ['a bad e-mail', { email: 'kantor@' }, 'Alamat e-mail tidak dikenali'],
  ])('%s', async (_name, over, message) => {
    const res = await unchanged(() => save(camat, { ...typed, ...over }));
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(res.text).toContain('value="Nama Baru Yang Diketik"');
  });

  test('a PDF or a file that is no image as the logo: refused, no media stored', async () => {
    for (const [buffer, name, message] of [
      [pdfBytes(), 'logo.pdf', 'bukan PDF'],
      [HTML_AS_JPG, 'logo.jpg', ''],
    ] as const) {
      const media = await mediaCount();
      const res = await unchanged(() => save(camat, typed, [{ field: 'logo_file', buffer, name, type: 'image/jpeg' }]));
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/class="field-error" id="logo_file-error">[^<]+/);
      if (message) expect(res.text).toContain(message);
      expect(res.text).toContain('value="Nama Baru Yang Diketik"');
      expect(await mediaCount()).toBe(media);
    }
  });

  test('an oversized logo: 413 with the limit named, nothing stored', async () => {
    const media = await mediaCount();
    const big = Buffer.alloc(1024 * 1024 + 10, 1);
    const res = await unchanged(() => save(camat, typed, [{ field: 'logo_file', buffer: big, name: 'logo.png' }]));
    expect(res.status).toBe(413);
    expect(res.text).toMatch(/1 MB/);
    expect(await mediaCount()).toBe(media);
  });

  test('another kecamatan’s media id cannot be taken as the logo', async () => {
    const b = await save(camatB, { camat_name: 'Camat Susukan' }, [{ field: 'logo_file', buffer: await png(200, 200, '#123456'), name: 'b.png' }], HOST_B);
    expect(b.status).toBe(303);
    const bLogo = (await identityOf(w.dB))!.logo_media_id;
    const res = await unchanged(() => save(camat, { ...typed, logo_media_id: String(bLogo) }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Gambar ini tidak dapat dipakai');
  });

  test('an unknown field (updated_by, district_id) refuses the whole form', async () => {
    const res = await unchanged(() => save(camat, { ...typed, district_id: String(w.dB) }));
    expect(res.status).toBe(400);
  });
});

test('operators cannot see or change the identity (403), and nothing changes', async () => {
  const before = await identityOf(w.dA);
  expect((await opK.get('/admin/pengaturan/identitas').set('Host', HOST)).status).toBe(403);
  const res = await save(opK, { camat_name: 'Operator' }, [{ field: 'logo_file', buffer: await png(), name: 'x.png' }]);
  expect(res.status).toBe(403);
  expect(await identityOf(w.dA)).toEqual(before);
});

test('a save without the CSRF token is refused', async () => {
  const before = await identityOf(w.dA);
  const res = await camat.post('/admin/pengaturan/identitas').set('Host', HOST).field('camat_name', 'Tanpa token');
  expect(res.status).toBe(403);
  expect(await identityOf(w.dA)).toEqual(before);
});

test('every identity field is escaped on the home page, footer and JSON-LD', async () => {
  const evil = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';
  const current = await identityOf(w.dA);
  const res = await save(camat, {
    camat_name: evil,
    welcome_source: `${evil}\n\n[klik](javascript:alert(3))`,
    address: evil,
    hours: evil,
    phone: '',
    whatsapp: '',
    email: '',
    social_links: 'https://example.com/"><script>alert(4)</script>',
    logo_media_id: String(current!.logo_media_id),
  });
  expect(res.status).toBe(303);
  const page = await home();
  expect(page.text).not.toMatch(/<script>alert/);
  expect(page.text).not.toMatch(/<img src=x/);
  expect(page.text).not.toMatch(/href="javascript/);
  expect(page.text).toContain('&lt;/script&gt;&lt;script&gt;alert(1)');
  const ld = page.text.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1];
  expect(ld).not.toContain('</script');
  expect(ld).not.toContain('<');
  expect(JSON.parse(ld).address.streetAddress).toBe(evil);
  expect(JSON.parse(ld).sameAs[0]).toBe('https://example.com/%22%3E%3Cscript%3Ealert(4)%3C/script%3E');
  const footer = page.text.slice(page.text.indexOf('<footer'));
  expect(footer).toContain('&lt;img src=x onerror=alert(2)&gt;');
});

test('a village page shows its head and office block only from what its profile has', async () => {
  const page = () => request(env.app).get('/desa/kalilandak').set('Host', HOST);
  expect((await page()).text).not.toContain('Pemerintahan dan kontak');
  await env.db
    .insertInto('village_profiles')
    .values({
      village_id: w.v.kalilandak,
      head_name: 'Slamet <b>Riyadi</b>',
      address: '',
      phone: '',
      whatsapp: '6281234567890',
      population_source: '',
      vision: '',
      mission: '',
      history: '',
      updated_at: '2026-01-01 00:00:00',
    })
    .execute();
  // A direct insert is not a save: bump the content version as the profile service does.
  await bumpContentVersion({ db: env.db, district: await env.db.selectFrom('districts').selectAll().where('id', '=', w.dA).executeTakeFirstOrThrow() });
  const res = await page();
  expect(res.text).toMatch(/<h2 id="kantor-heading">Pemerintahan dan kontak<\/h2>/);
  expect(res.text).toContain('<dt>Kepala desa</dt><dd>Slamet &lt;b&gt;Riyadi&lt;/b&gt;</dd>');
  expect(res.text).toContain('href="https://wa.me/6281234567890"');
  expect(res.text).not.toContain('<dt>Alamat</dt>');
});
