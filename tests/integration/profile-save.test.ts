import request from 'supertest';
import { type Agent, type TestEnv, addUser, auditActions, createTestEnv, login, provision, villageId } from '../support/app';
import { jpegWithPayload } from '../support/images';

const HOST = 'klampok.test';
let env: TestEnv;
let v: { kalilandak: number; pagak: number };
let u: { camat: number; kalilandak: number; pagak: number };

beforeAll(async () => {
  env = await createTestEnv();
  const { districtId } = await provision(env.db, '33.04.02', HOST);
  v = { kalilandak: await villageId(env.db, '33.04.02.2006'), pagak: await villageId(env.db, '33.04.02.2002') };
  u = {
    camat: await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' }),
    kalilandak: await addUser(env.db, { districtId, villageId: v.kalilandak, username: 'op.kalilandak', role: 'village_operator' }),
    pagak: await addUser(env.db, { districtId, villageId: v.pagak, username: 'op.pagak', role: 'village_operator' }),
  };
});
afterAll(() => env.close());

/** The profile form's action URL (with its CSRF token) and its hidden version. */
async function formOf(agent: Agent, desa?: number) {
  const res = await agent.get(`/admin/profil-desa${desa ? `?desa=${desa}` : ''}`).set('Host', HOST);
  expect(res.status).toBe(200);
  const action = res.text.match(/action="(\/admin\/profil-desa\?desa=\d+&amp;_csrf=[^"]+)"/)?.[1].replace(/&amp;/g, '&');
  const version = res.text.match(/name="version" value="(\d+)"/)?.[1];
  if (!action || !version) throw new Error('no profile form');
  return { action, version, html: res.text };
}

/** Posts the form like a browser: every field as multipart text, then an optional file. */
function post(agent: Agent, action: string, fields: Record<string, string>, file?: { buffer: Buffer; name: string }) {
  const req = agent.post(action).set('Host', HOST);
  for (const [k, val] of Object.entries(fields)) req.field(k, val);
  if (file) req.attach('cover_file', file.buffer, { filename: file.name, contentType: 'image/jpeg' });
  else if (!('cover_media_id' in fields)) req.field('cover_media_id', '');
  return req;
}

const fields = (over: Record<string, string> = {}) => ({
  head_name: 'Slamet Riyadi',
  address: 'Jl. Raya Kalilandak No. 1',
  phone: '(0286) 479123',
  whatsapp: '0812-3456-7890',
  area_ha: '312,5',
  population: '5.432',
  households: '1650',
  population_as_of: '2026-06-30',
  population_source: 'Data kependudukan desa',
  vision: 'Desa yang maju',
  mission: 'Satu\nDua',
  history: 'Berdiri sejak dulu.',
  lat: '-7.4712',
  lng: '109.5583',
  ...over,
});

const profileOf = (id: number) => env.db.selectFrom('village_profiles').selectAll().where('village_id', '=', id).executeTakeFirst();

describe('an operator saves their village profile', () => {
  test('the row holds the normalised values, who entered the population, and an audit entry', async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const form = await formOf(op);
    expect(form.version).toBe('0');
    const versionBefore = (await env.db.selectFrom('districts').select('content_version').executeTakeFirstOrThrow()).content_version;
    const res = await post(op, form.action, { ...fields(), version: form.version });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/profil-desa?desa=${v.kalilandak}`);
    const row = await profileOf(v.kalilandak);
    expect(row).toMatchObject({
      head_name: 'Slamet Riyadi',
      whatsapp: '6281234567890',
      population: 5432,
      households: 1650,
      population_entered_by: u.kalilandak,
      updated_by: u.kalilandak,
      version: 1,
      mission: 'Satu\nDua',
    });
    expect(Number(row!.area_ha)).toBe(312.5);
    expect(Number(row!.lat)).toBeCloseTo(-7.4712);
    expect(await auditActions(env.db, 'village.profile_updated')).toBe(1);
    const audit = await env.db.selectFrom('audit_log').selectAll().where('action', '=', 'village.profile_updated').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ village_id: v.kalilandak, user_id: u.kalilandak });
    expect(JSON.parse(audit.detail!).fields).toEqual(expect.arrayContaining(['head_name', 'whatsapp', 'population']));
    const versionAfter = (await env.db.selectFrom('districts').select('content_version').executeTakeFirstOrThrow()).content_version;
    expect(Number(versionAfter)).toBe(Number(versionBefore) + 1);
  });

  test('the camat office changes the text only: population_entered_by stays the operator', async () => {
    const camat = await login(env.app, HOST, 'camat');
    const form = await formOf(camat, v.kalilandak);
    expect(form.version).toBe('1');
    const res = await post(camat, form.action, { ...fields({ head_name: 'H. Slamet Riyadi' }), version: form.version });
    expect(res.status).toBe(303);
    expect(await profileOf(v.kalilandak)).toMatchObject({ head_name: 'H. Slamet Riyadi', population_entered_by: u.kalilandak, updated_by: u.camat, version: 2 });
    const again = await formOf(camat, v.kalilandak);
    await post(camat, again.action, { ...fields({ head_name: 'H. Slamet Riyadi', population: '5500' }), version: again.version }).expect(303);
    expect(await profileOf(v.kalilandak)).toMatchObject({ population: 5500, population_entered_by: u.camat, version: 3 });
  });

  test('a validation error re-renders everything typed and writes nothing', async () => {
    const op = await login(env.app, HOST, 'op.pagak');
    const form = await formOf(op);
    const res = await post(op, form.action, { ...fields({ head_name: 'Tri Wahyuni', whatsapp: '12345', history: 'Sejarah panjang desa Pagak' }), version: form.version });
    expect(res.status).toBe(400);
    expect(res.text).toContain('value="Tri Wahyuni"');
    expect(res.text).toContain('Sejarah panjang desa Pagak');
    expect(res.text).toContain('Nomor WhatsApp tidak valid');
    expect(await profileOf(v.pagak)).toBeUndefined();
  });

  test.each([
    ['village_id', () => String(v.pagak)],
    ['population_entered_by', () => String(u.pagak)],
    ['version_bump', () => '9'],
  ])('a posted %s is refused and nothing changes', async (name, value) => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const before = await profileOf(v.kalilandak);
    const form = await formOf(op);
    const res = await post(op, form.action, { ...fields({ head_name: 'Disusupi' }), version: form.version, [name]: value() });
    expect(res.status).toBe(400);
    expect(res.text).toContain('value="Disusupi"');
    expect(await profileOf(v.kalilandak)).toEqual(before);
    expect(await profileOf(v.pagak)).toBeUndefined();
  });

  test('script in history and vision is shown escaped on the public village page', async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const form = await formOf(op);
    const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    await post(op, form.action, { ...fields({ vision: `Maju ${payload}`, history: `Baris satu\n${payload}`, head_name: `<b>Kades</b>` }), version: form.version }).expect(303);
    const page = await request(env.app).get('/desa/kalilandak').set('Host', HOST);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).not.toContain('<b>Kades</b>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('Baris satu\n&lt;script&gt;');
    expect(page.text).toContain('5.432 jiwa · 1.650 KK');
    expect(page.text).toContain('Data per 30 Juni 2026');
    expect(page.text).toContain('Data kependudukan desa');
    expect(page.text).toContain('https://wa.me/6281234567890');
    const admin = await formOf(op);
    expect(admin.html).not.toContain('<script>alert(1)');
  });
});

describe('the cover photo', () => {
  test('an uploaded cover is stored for the village and shown publicly', async () => {
    const op = await login(env.app, HOST, 'op.pagak');
    const form = await formOf(op);
    const res = await post(op, form.action, { ...fields({ head_name: 'Tri Wahyuni' }), version: form.version }, { buffer: await jpegWithPayload(), name: 'balai-desa.jpg' });
    expect(res.status).toBe(303);
    const media = await env.db.selectFrom('media').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(media).toMatchObject({ village_id: v.pagak, uploaded_by: u.pagak, original_name: 'balai-desa.jpg', alt: 'Foto Desa Pagak' });
    expect(await profileOf(v.pagak)).toMatchObject({ cover_media_id: media.id, version: 1 });
    const page = await request(env.app).get('/desa/pagak').set('Host', HOST);
    const src = page.text.match(/<img[^>]* src="(\/media\/[^"]+)"/)?.[1];
    expect(src).toBeDefined();
    expect((await request(env.app).get(src!).set('Host', HOST)).status).toBe(200);
  });

  test("a refused upload re-renders everything typed; another village's photo cannot be picked", async () => {
    const op = await login(env.app, HOST, 'op.kalilandak');
    const before = await profileOf(v.kalilandak);
    const form = await formOf(op);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const refused = await post(op, form.action, { ...fields({ head_name: 'Tetap Diketik' }), version: form.version }, { buffer: svg, name: 'logo.jpg' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('value="Tetap Diketik"');
    const pagakCover = (await profileOf(v.pagak))!.cover_media_id!;
    const stolen = await post(op, form.action, { ...fields(), version: form.version, cover_media_id: String(pagakCover) });
    expect(stolen.status).toBe(400);
    expect(await profileOf(v.kalilandak)).toEqual(before);
  });
});
