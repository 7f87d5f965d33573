import request from 'supertest';
import { type Agent, type TestEnv, addUser, createTestEnv, login, provision, villageId } from '../support/app';
import { jpegWithPayload } from '../support/images';
import { rowCount } from '../support/db';

const A = 'klampok.test';
const B = 'susukan.test';
let env: TestEnv;
let v: { kalilandak: number; pagak: number; b: number };

beforeAll(async () => {
  env = await createTestEnv();
  const { districtId: dA } = await provision(env.db, '33.04.02', A);
  const { districtId: dB } = await provision(env.db, '33.04.01', B);
  v = {
    kalilandak: await villageId(env.db, '33.04.02.2006'),
    pagak: await villageId(env.db, '33.04.02.2002'),
    b: (await env.db.selectFrom('villages').select('id').where('district_id', '=', dB).orderBy('id').executeTakeFirstOrThrow()).id,
  };
  await addUser(env.db, { districtId: dA, username: 'camat', role: 'district_admin' });
  await addUser(env.db, { districtId: dA, villageId: v.kalilandak, username: 'op.kalilandak', role: 'village_operator' });
  await addUser(env.db, { districtId: dA, villageId: v.pagak, username: 'op.pagak', role: 'village_operator' });
  await addUser(env.db, { districtId: dB, username: 'camat.susukan', role: 'district_admin' });
});
afterAll(() => env.close());

async function formOf(agent: Agent, host: string, desa?: number) {
  const res = await agent.get(`/admin/profil-desa${desa ? `?desa=${desa}` : ''}`).set('Host', host);
  const action = res.text.match(/action="(\/admin\/profil-desa\?desa=\d+&amp;_csrf=[^"]+)"/)?.[1].replace(/&amp;/g, '&');
  const version = res.text.match(/name="version" value="(\d+)"/)?.[1];
  if (!action || !version) throw new Error(`no profile form (${res.status})`);
  return { action, version };
}

function post(agent: Agent, host: string, action: string, fields: Record<string, string>, file?: Buffer) {
  const req = agent.post(action).set('Host', host);
  for (const [k, val] of Object.entries(fields)) req.field(k, val);
  if (file) req.attach('cover_file', file, { filename: 'foto.jpg', contentType: 'image/jpeg' });
  return req;
}

const profileOf = (id: number) => env.db.selectFrom('village_profiles').selectAll().where('village_id', '=', id).executeTakeFirst();
const mediaCount = () => rowCount(env.db, 'media');

describe('who may edit which profile', () => {
  test('an anonymous visitor is sent to the login page', async () => {
    const res = await request(env.app).get('/admin/profil-desa').set('Host', A);
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/masuk/);
  });

  test('an operator gets 404 for another village: the form, the save, an upload, and nothing changes', async () => {
    const pagak = await login(env.app, A, 'op.pagak');
    const own = await formOf(pagak, A);
    await post(pagak, A, own.action, { head_name: 'Kades Pagak', version: own.version }).expect(303);
    const before = await profileOf(v.pagak);
    const mediaBefore = await mediaCount();

    const op = await login(env.app, A, 'op.kalilandak');
    expect((await op.get(`/admin/profil-desa?desa=${v.pagak}`).set('Host', A)).status).toBe(404);
    const mine = await formOf(op, A);
    const other = mine.action.replace(`desa=${v.kalilandak}`, `desa=${v.pagak}`);
    const res = await post(op, A, other, { head_name: 'Disusupi', version: before!.version.toString() }, await jpegWithPayload());
    expect(res.status).toBe(404);
    expect(await profileOf(v.pagak)).toEqual(before);
    expect(await mediaCount()).toBe(mediaBefore);
  });

  test('junk in ?desa is a 404, not an error', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    for (const desa of ['abc', '0', '-1', '1e3', "1' or '1'='1"]) {
      expect((await op.get(`/admin/profil-desa?desa=${encodeURIComponent(desa)}`).set('Host', A)).status).toBe(404);
    }
  });

  test('the camat office chooses among its own villages only', async () => {
    const camat = await login(env.app, A, 'camat');
    const choose = await camat.get('/admin/profil-desa').set('Host', A);
    expect(choose.status).toBe(200);
    expect((choose.text.match(/href="\/admin\/profil-desa\?desa=\d+"/g) ?? []).length).toBe(8);
    expect((await camat.get(`/admin/profil-desa?desa=${v.b}`).set('Host', A)).status).toBe(404);
    const campB = await login(env.app, B, 'camat.susukan');
    expect((await campB.get(`/admin/profil-desa?desa=${v.kalilandak}`).set('Host', B)).status).toBe(404);
  });
});

describe('two people saving the same version', () => {
  test('the second gets a conflict page with both texts; nothing is lost and saving again is deliberate', async () => {
    const op = await login(env.app, A, 'op.kalilandak');
    const camat = await login(env.app, A, 'camat');
    const opForm = await formOf(op, A);
    const camatForm = await formOf(camat, A, v.kalilandak);
    expect(opForm.version).toBe(camatForm.version);

    await post(op, A, opForm.action, { head_name: 'Slamet', history: 'Versi operator tentang sejarah desa.', version: opForm.version }).expect(303);
    const saved = await profileOf(v.kalilandak);

    const stale = await post(camat, A, camatForm.action, { head_name: 'Slamet Riyadi', history: 'Versi kantor camat tentang sejarah desa.', version: camatForm.version });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Profil ini sudah diubah orang lain');
    expect(stale.text).toContain('Versi kantor camat tentang sejarah desa.');
    expect(stale.text).toContain('Versi operator tentang sejarah desa.');
    expect(stale.text).toContain('value="Slamet Riyadi"');
    expect(await profileOf(v.kalilandak)).toEqual(saved);

    const version = stale.text.match(/name="version" value="(\d+)"/)![1];
    expect(version).toBe(String(saved!.version));
    await post(camat, A, camatForm.action, { head_name: 'Slamet Riyadi', history: 'Versi kantor camat tentang sejarah desa.', version }).expect(303);
    expect(await profileOf(v.kalilandak)).toMatchObject({ head_name: 'Slamet Riyadi', version: saved!.version + 1 });
  });

  test('two first saves of an empty profile: the second is a conflict too', async () => {
    const camat = await login(env.app, A, 'camat');
    const klampok = await villageId(env.db, '33.04.02.2005');
    const first = await formOf(camat, A, klampok);
    const second = await formOf(camat, A, klampok);
    await post(camat, A, first.action, { head_name: 'Pertama', version: first.version }).expect(303);
    const res = await post(camat, A, second.action, { head_name: 'Kedua', version: second.version });
    expect(res.status).toBe(409);
    expect(await profileOf(klampok)).toMatchObject({ head_name: 'Pertama', version: 1 });
  });
});
