// Pembangunan items through the generic content routes: typed fields, budgets by funding source
// (rows in project_budgets), revisions that snapshot and restore budgets, validation re-renders.
import { type Agent, type TestEnv, addUser, createTestEnv, csrfFrom, login, provision, villageId } from '../support/app';

const A = 'klampok.test';
let env: TestEnv;
let v: { kalilandak: number; pagak: number };

beforeAll(async () => {
  env = await createTestEnv();
  const { districtId } = await provision(env.db, '33.04.02', A);
  v = { kalilandak: await villageId(env.db, '33.04.02.2006'), pagak: await villageId(env.db, '33.04.02.2002') };
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
  await addUser(env.db, { districtId, villageId: v.kalilandak, username: 'op.kalilandak', role: 'village_operator' });
  await addUser(env.db, { districtId, villageId: v.pagak, username: 'op.pagak', role: 'village_operator' });
});
afterAll(() => env.close());

/** The multipart action (with its ?_csrf=) of the content form on `page`. */
async function formAction(agent: Agent, page: string): Promise<string> {
  const res = await agent.get(page).set('Host', A);
  const m = res.text.match(/enctype="multipart\/form-data" action="([^"]+\?_csrf=[^"]+)"/);
  if (!m) throw new Error(`no content form on ${page} (status ${res.status})`);
  return m[1].replace(/&amp;/g, '&');
}

async function post(agent: Agent, action: string, fields: Record<string, string>) {
  const req = agent.post(action).set('Host', A);
  for (const [k, val] of Object.entries(fields)) req.field(k, val);
  return req;
}

const BASE_FIELDS = {
  title: 'Rabat beton jalan RT 02',
  summary: 'Jalan lingkungan RT 02 RW 01 dicor.',
  body_source: 'Pengecoran jalan sepanjang 250 meter.',
  fiscal_year: '2026',
  location_text: 'RT 02 RW 01, Dusun Kalilandak',
  lat: '-7.4231',
  lng: '109.4567',
  executor: 'TPK Desa Kalilandak',
  output_volume: '250 m × 3 m × 0,15 m',
  start_date: '2026-03-01',
  target_date: '2026-06-30',
  project_status: 'rencana',
  budget_dana_desa: 'Rp 150.000.000',
  budget_add: '25.000.000',
  budget_bk_provinsi: '',
  budget_bk_kabupaten: '0',
  budget_apbn: '',
  budget_swadaya: '5000000',
  budget_lainnya: '',
  intent: 'publish',
};

const budgets = async (itemId: number) =>
  (await env.db.selectFrom('project_budgets').select(['source', 'amount']).where('item_id', '=', itemId).orderBy('source').execute()).map((r) => ({ source: r.source, amount: Number(r.amount) }));
const revisions = (itemId: number) => env.db.selectFrom('content_revisions').select(['id', 'version', 'data']).where('item_id', '=', itemId).orderBy('id').execute();

describe('an operator records a development project', () => {
  let op: Agent;
  let id: number;

  beforeAll(async () => {
    op = await login(env.app, A, 'op.kalilandak');
  });

  test('creating it stores the typed fields and one budget row per funding source with an amount', async () => {
    const res = await post(op, await formAction(op, '/admin/pembangunan/baru'), BASE_FIELDS);
    expect(res.status).toBe(303);
    id = Number(res.headers.location.match(/\/admin\/pembangunan\/(\d+)\/ubah$/)?.[1]);
    const item = await env.db.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(item).toMatchObject({ type: 'project', village_id: v.kalilandak, status: 'published' });
    const details = await env.db.selectFrom('project_details').selectAll().where('item_id', '=', id).executeTakeFirstOrThrow();
    expect({ ...details, lat: Number(details.lat), lng: Number(details.lng) }).toMatchObject({
      fiscal_year: 2026,
      location_text: 'RT 02 RW 01, Dusun Kalilandak',
      lat: -7.4231,
      lng: 109.4567,
      executor: 'TPK Desa Kalilandak',
      output_volume: '250 m × 3 m × 0,15 m',
      start_date: '2026-03-01',
      target_date: '2026-06-30',
      project_status: 'rencana',
      progress: 0,
    });
    expect(await budgets(id)).toEqual([
      { source: 'add', amount: 25_000_000 },
      { source: 'dana_desa', amount: 150_000_000 },
      { source: 'swadaya', amount: 5_000_000 },
    ]);
    const sum = await env.db
      .selectFrom('project_budgets')
      .select((eb) => eb.fn.sum<number>('amount').as('total'))
      .where('item_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(sum.total)).toBe(180_000_000);
  });

  test('the edit form shows the budgets by source, their total and the link to the progress timeline', async () => {
    const res = await op.get(`/admin/pembangunan/${id}/ubah`).set('Host', A);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Dana Desa');
    expect(res.text).toContain('ADD (Alokasi Dana Desa)');
    expect(res.text).toContain('Bantuan Keuangan Provinsi');
    expect(res.text).toContain('Swadaya masyarakat');
    expect(res.text).toMatch(/name="budget_dana_desa" value="150000000"/);
    expect(res.text).toContain('Rp 180.000.000');
    expect(res.text).toContain(`href="/admin/pembangunan/${id}/progres"`);
    expect(res.text).not.toMatch(/name="progress"/);
  });

  test('an edit replaces the budget rows, keeps the progress, and its revision snapshots the budgets', async () => {
    await env.db.updateTable('project_details').set({ progress: 40 }).where('item_id', '=', id).execute();
    const action = await formAction(op, `/admin/pembangunan/${id}/ubah`);
    const res = await post(op, action, { ...BASE_FIELDS, version: '1', budget_dana_desa: '100000000', budget_add: '', budget_swadaya: '', budget_apbn: '50.000.000' });
    expect(res.status).toBe(303);
    expect(await budgets(id)).toEqual([
      { source: 'apbn', amount: 50_000_000 },
      { source: 'dana_desa', amount: 100_000_000 },
    ]);
    const details = await env.db.selectFrom('project_details').select(['progress']).where('item_id', '=', id).executeTakeFirstOrThrow();
    expect(details.progress).toBe(40);
    const revs = await revisions(id);
    expect(revs).toHaveLength(2);
    expect(JSON.parse(revs[0].data).details).toMatchObject({ budget_dana_desa: 150_000_000, budget_add: 25_000_000, budget_swadaya: 5_000_000, budget_apbn: 0 });
    expect(JSON.parse(revs[1].data).details).toMatchObject({ budget_dana_desa: 100_000_000, budget_add: 0, budget_swadaya: 0, budget_apbn: 50_000_000 });
    expect(JSON.parse(revs[1].data).details).not.toHaveProperty('progress');
  });

  test('restoring revision 1 brings its budgets back', async () => {
    const [first] = await revisions(id);
    const history = await op.get(`/admin/pembangunan/${id}/riwayat`).set('Host', A);
    expect(history.status).toBe(200);
    const res = await op
      .post(`/admin/pembangunan/${id}/riwayat/${first.id}/pulihkan`)
      .set('Host', A)
      .type('form')
      .send({ _csrf: csrfFrom(history.text) });
    expect(res.status).toBe(303);
    expect(await budgets(id)).toEqual([
      { source: 'add', amount: 25_000_000 },
      { source: 'dana_desa', amount: 150_000_000 },
      { source: 'swadaya', amount: 5_000_000 },
    ]);
    expect((await env.db.selectFrom('project_details').select('progress').where('item_id', '=', id).executeTakeFirstOrThrow()).progress).toBe(40);
  });

  test('a form with errors is shown again with everything typed, and nothing is stored', async () => {
    const before = await env.db
      .selectFrom('content_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const fields = { ...BASE_FIELDS, title: 'Drainase Dusun Krajan', fiscal_year: '1990', budget_apbn: 'lima juta', executor: 'CV Maju Jaya' };
    const res = await post(op, await formAction(op, '/admin/pembangunan/baru'), fields);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Tahun anggaran antara 2015 dan 2100.');
    expect(res.text).toContain('value="Drainase Dusun Krajan"');
    expect(res.text).toContain('value="1990"');
    expect(res.text).toContain('value="lima juta"');
    expect(res.text).toContain('value="CV Maju Jaya"');
    expect(res.text).toContain('value="Rp 150.000.000"');
    const after = await env.db
      .selectFrom('content_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test('a target date before the start date is refused next to the field', async () => {
    const res = await post(op, await formAction(op, '/admin/pembangunan/baru'), { ...BASE_FIELDS, start_date: '2026-05-01', target_date: '2026-04-01' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Target selesai tidak boleh sebelum tanggal mulai.');
    expect(res.text).toContain('value="2026-04-01"');
  });

  test('the spam guard reads the project fields too: a gambling executor name goes to review', async () => {
    const res = await post(op, await formAction(op, '/admin/pembangunan/baru'), { ...BASE_FIELDS, title: 'Talud sungai', executor: 'CV Slot Gacor 88' });
    expect(res.status).toBe(303);
    const item = await env.db.selectFrom('content_items').select(['status', 'spam_matches']).where('title', '=', 'Talud sungai').executeTakeFirstOrThrow();
    expect(item.status).toBe('submitted');
    expect(item.spam_matches).toContain('gacor');
  });

  test('an operator of another village can neither open nor change the project', async () => {
    const pagak = await login(env.app, A, 'op.pagak');
    expect((await pagak.get(`/admin/pembangunan/${id}/ubah`).set('Host', A)).status).toBe(404);
    const action = (await formAction(pagak, '/admin/pembangunan/baru')).replace('/admin/pembangunan?', `/admin/pembangunan/${id}?`);
    const res = await post(pagak, action, { ...BASE_FIELDS, version: '3', budget_dana_desa: '1' });
    expect(res.status).toBe(404);
    expect(await budgets(id)).toContainEqual({ source: 'dana_desa', amount: 150_000_000 });
  });
});
