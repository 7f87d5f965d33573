// The portal's aggregates (published_counts, project_totals) stay exact: a seeded random sequence of
// creates, publish, return, archive, trash, restore, purge, edits of projects (year, status, budgets)
// and potensi (category), pending edits approved or returned, progress updates and backdating, checked
// at checkpoints against a full recount in plain SQL; the migration's backfill gives the same rows;
// /pembangunan, /desa, the beranda and /potensi show the recounted numbers.
import { type Kysely, sql } from 'kysely';
import request from 'supertest';
import { backfill } from '../../migrations/2026_12_02_0001_portal_aggregates';
import { backdate } from '../../src/cli/demo/place';
import type { ContentType, Database } from '../../src/db/schema';
import type { Ctx } from '../../src/domain/context';
import { formatDate } from '../../src/i18n';
import { createItem, updateItem } from '../../src/modules/content/content.service';
import type { SectionDef } from '../../src/modules/content/section';
import { snapshotOf } from '../../src/modules/content/snapshot';
import { changeStatus, trashAction } from '../../src/modules/content/workflow';
import { announcement, news } from '../../src/modules/sections/plain';
import { POTENTIAL_CATEGORIES, potential } from '../../src/modules/sections/potential';
import { FUNDING_SOURCES, PROJECT_STATUSES, budgetField, project } from '../../src/modules/sections/project';
import { addUpdate } from '../../src/modules/sections/project-updates';
import { type TestEnv, createTestEnv } from '../support/app';
import { HOST, type World, contentWorld, ctxFor } from '../support/content';

let env: TestEnv;
let w: World;
let camat: Ctx, kalilandak: Ctx, pagak: Ctx;
const DEFS: Record<string, SectionDef> = { project, potential, news, announcement } as Record<string, SectionDef>;

// mulberry32: the same sequence on every run and both dialects.
let seed = 20261202;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

function detailsOf(type: string): Record<string, unknown> {
  if (type === 'potential') return { category: pick(POTENTIAL_CATEGORIES), location_text: '', lat: null, lng: null, contact: '', opening_hours: '' };
  if (type !== 'project') return {};
  const budgets = Object.fromEntries(FUNDING_SOURCES.map((s) => [budgetField(s), rand() < 0.35 ? (1 + Math.floor(rand() * 50)) * 1_000_000 : 0]));
  return {
    fiscal_year: pick([2024, 2025, 2026]),
    location_text: 'RT 01',
    lat: null,
    lng: null,
    executor: 'TPK',
    output_volume: '',
    start_date: null,
    target_date: null,
    project_status: pick(PROJECT_STATUSES),
    ...budgets,
  };
}

async function create(n: number): Promise<string> {
  const type = pick(['project', 'project', 'project', 'potential', 'potential', 'news', 'announcement']);
  const author = type === 'announcement' ? camat : pick([camat, kalilandak, pagak]);
  const villageId = type === 'announcement' ? null : author === camat ? pick([w.v.kalilandak, w.v.pagak]) : author.user.village_id;
  const snapshot = { title: `${type} ${n}`, summary: '', body_source: 'Isi.', cover_media_id: null, cover_alt: '', media_ids: [], details: detailsOf(type) };
  const { id, status } = await createItem(author, DEFS[type], { snapshot, intent: pick(['publish', 'publish', 'publish', 'draft', 'submit']), villageId });
  // Items made in the same second share their published_at: most are dated back, so a village's latest is one item.
  if (status === 'published' && rand() < 0.8) await backdate(camat, id, Math.floor(rand() * 400));
  return `create ${type}`;
}

/** One operation valid for a random item's state; returns its name (for a failing test's message). */
async function step(n: number): Promise<string> {
  const rows = await env.db.selectFrom('content_items').selectAll().where('district_id', '=', w.dA).execute();
  if (rows.length < 8 || rand() < 0.3) return create(n);
  const item = pick(rows);
  const def = DEFS[item.type];
  if (item.deleted_at) {
    const action = pick(['restore', 'restore', 'purge'] as const);
    await trashAction(camat, def, item.id, action);
    return action;
  }
  const live = item.status === 'published';
  const choices = ['trash', 'edit', 'edit'];
  if (live) choices.push('archive', 'backdate', ...(item.type === 'project' ? ['progress'] : []), ...(item.pending_revision_id ? ['publish', 'return'] : []));
  else choices.push('publish', 'publish', ...(item.status === 'submitted' ? ['return'] : []));
  const action = pick(choices);
  if (action === 'trash') await trashAction(camat, def, item.id, 'delete');
  else if (action === 'publish' || action === 'return' || action === 'archive') await changeStatus(camat, def, item.id, action, action === 'return' ? 'Lengkapi.' : '');
  else if (action === 'backdate') await backdate(camat, item.id, 1 + Math.floor(rand() * 400));
  else if (action === 'progress') await addUpdate(camat, item.id, { update_date: '2025-06-01', percent: pick([0, 40, 100]), note: 'Progres', mediaIds: [] });
  else {
    // The village's operator when it has one here (pagak's edits of live items wait for review), else the camat office.
    const editor = item.village_id === w.v.pagak && rand() < 0.6 ? pagak : item.village_id === w.v.kalilandak && rand() < 0.5 ? kalilandak : camat;
    const snap = await snapshotOf(env.db, def, item);
    const details = item.type === 'project' || item.type === 'potential' ? { ...snap.details, ...detailsOf(item.type) } : snap.details;
    await updateItem(editor, def, item.id, item.version, { snapshot: { ...snap, details }, intent: pick(['publish', 'publish', 'draft']), villageId: item.village_id });
  }
  return `${action} ${item.type} ${item.status}`;
}

const PUBLIC = `ci.status = 'published' AND ci.deleted_at IS NULL`;
const COUNT_COLS = ['district_id', 'village_key', 'type', 'category', 'items', 'last_published_at'];
const TOTAL_COLS = ['district_id', 'filter_source', 'village_key', 'fiscal_year', 'project_status', 'source', 'projects', 'amount'];
/** SELECT of the expressions named as the aggregate's columns. */
const select = (cols: string[], exprs: string[]) => `SELECT ${exprs.map((e, i) => `${e} AS ${cols[i]}`).join(', ')}`;

async function rowsOf(db: Kysely<Database>, query: string): Promise<string[]> {
  const { rows } = await sql.raw<Record<string, unknown>>(query).execute(db);
  return rows.map((r) =>
    Object.values(r)
      .map((v) => (v === null ? '-' : typeof v === 'string' ? v : String(Number(v))))
      .join('|'),
  );
}

/** Every aggregate row as a recount in plain SQL has it (the same shape as stored() reads). */
async function recount(db: Kysely<Database>) {
  const village = 'COALESCE(ci.village_id, 0)';
  const category = "COALESCE(pt.category, '')";
  const counts = [
    ...(await rowsOf(
      db,
      `${select(COUNT_COLS, ['ci.district_id', village, 'ci.type', category, 'COUNT(*)', 'NULL'])}
      FROM content_items ci LEFT JOIN potential_details pt ON pt.item_id = ci.id WHERE ${PUBLIC} GROUP BY ci.district_id, ${village}, ci.type, ${category}`,
    )),
    ...(await rowsOf(
      db,
      `${select(COUNT_COLS, ['ci.district_id', village, "''", "''", 'COUNT(*)', 'MAX(ci.published_at)'])}
      FROM content_items ci WHERE ${PUBLIC} GROUP BY ci.district_id, ${village}`,
    )),
  ].sort();
  // Per project group: every project with its whole budget; per funding source; the projects funded by s, whole and per source.
  const from = `FROM content_items ci JOIN project_details pd ON pd.item_id = ci.id`;
  const whole = `(SELECT item_id, SUM(amount) AS total FROM project_budgets WHERE amount > 0 GROUP BY item_id) t ON t.item_id = ci.id`;
  const funded = (alias: string) => `project_budgets ${alias} ON ${alias}.item_id = ci.id AND ${alias}.amount > 0`;
  const where = `WHERE ci.type = 'project' AND ${PUBLIC} GROUP BY ci.district_id, ${village}, pd.fiscal_year, pd.project_status`;
  const group = (filter: string, source: string) => ['ci.district_id', filter, village, 'pd.fiscal_year', 'pd.project_status', source, 'COUNT(*)'];
  const totals = [
    ...(await rowsOf(db, `${select(TOTAL_COLS, [...group("''", "''"), 'COALESCE(SUM(t.total), 0)'])} ${from} LEFT JOIN ${whole} ${where}`)),
    ...(await rowsOf(db, `${select(TOTAL_COLS, [...group("''", 'b.source'), 'SUM(b.amount)'])} ${from} JOIN ${funded('b')} ${where}, b.source`)),
    ...(await rowsOf(db, `${select(TOTAL_COLS, [...group('s.source', "''"), 'SUM(t.total)'])} ${from} JOIN ${funded('s')} JOIN ${whole} ${where}, s.source`)),
    ...(await rowsOf(db, `${select(TOTAL_COLS, [...group('s.source', 'b.source'), 'SUM(b.amount)'])} ${from} JOIN ${funded('s')} JOIN ${funded('b')} ${where}, s.source, b.source`)),
  ].sort();
  return { counts, totals };
}

async function stored(db: Kysely<Database>) {
  return {
    counts: (await rowsOf(db, `SELECT ${COUNT_COLS.join(', ')} FROM published_counts`)).sort(),
    totals: (await rowsOf(db, `SELECT ${TOTAL_COLS.join(', ')} FROM project_totals`)).sort(),
  };
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  // Pagak is in review mode: its operator's publications and edits of live items wait for the camat office.
  await env.db.updateTable('villages').set({ review_required: 1 }).where('id', '=', w.v.pagak).execute();
  [camat, kalilandak, pagak] = await Promise.all([ctxFor(env.db, w.u.camat), ctxFor(env.db, w.u.kalilandak), ctxFor(env.db, w.u.pagak)]);
  // Another kecamatan's items must never be counted here.
  const opB = await ctxFor(env.db, w.u.opB);
  await createItem(opB, project, {
    snapshot: { title: 'Lain', summary: '', body_source: 'x', cover_media_id: null, cover_alt: '', media_ids: [], details: detailsOf('project') },
    intent: 'publish',
    villageId: w.v.b,
  });
});
afterAll(() => env.close());

test('after a random sequence of 90 operations the aggregates equal a full recount, at every checkpoint', async () => {
  const done: string[] = [];
  for (let n = 1; n <= 90; n++) {
    done.push(await step(n));
    if (n % 15 === 0) expect({ after: done.length, ...(await stored(env.db)) }).toEqual({ after: done.length, ...(await recount(env.db)) });
  }
  // The sequence went through every kind of change.
  for (const a of ['create project', 'create potential', 'publish', 'return', 'archive', 'trash', 'restore', 'purge', 'edit project', 'progress', 'backdate']) {
    expect(done.some((d) => d.startsWith(a))).toBe(true);
  }
  const live = await stored(env.db);
  expect(live.totals.length).toBeGreaterThan(20);
  // The migration's backfill recounts to the same rows.
  await backfill(env.db);
  expect(await stored(env.db)).toEqual(live);
});

const get = (path: string) => request(env.app).get(path).set('Host', HOST);
const amounts = (html: string, id: string) =>
  [...(/<table class="totals" id="per-(?:sumber|desa)">[\s\S]*?<\/table>/g.exec(html.slice(html.indexOf(`id="${id}"`) - 30)) ?? [''])[0].matchAll(/data-amount="(\d+)"/g)].map((m) => Number(m[1]));

test('/pembangunan shows the recounted totals and count under its filters', async () => {
  const villages = await env.db.selectFrom('villages').select(['id', 'slug']).where('id', 'in', [w.v.kalilandak, w.v.pagak]).execute();
  const projects = await env.db
    .selectFrom('content_items as ci')
    .innerJoin('project_details as pd', 'pd.item_id', 'ci.id')
    .select(['ci.id', 'ci.village_id', 'pd.fiscal_year', 'pd.project_status'])
    .where('ci.district_id', '=', w.dA)
    .where('ci.type', '=', 'project')
    .where('ci.status', '=', 'published')
    .where('ci.deleted_at', 'is', null)
    .execute();
  const budgets = await env.db.selectFrom('project_budgets').select(['item_id', 'source', 'amount']).where('amount', '>', 0).execute();
  const cases = [{}, { tahun: 2026 }, { tahun: 2025, status: 'berjalan' }, { sumber: 'dana_desa' }, { desa: 'pagak', sumber: 'swadaya' }, { tahun: 2024, desa: 'kalilandak' }];
  for (const f of cases as { tahun?: number; desa?: string; status?: string; sumber?: string }[]) {
    const village = villages.find((v) => v.slug === f.desa);
    const matching = projects.filter(
      (p) =>
        (f.tahun === undefined || Number(p.fiscal_year) === f.tahun) &&
        (f.desa === undefined || p.village_id === village?.id) &&
        (f.status === undefined || p.project_status === f.status) &&
        (f.sumber === undefined || budgets.some((b) => b.item_id === p.id && b.source === f.sumber)),
    );
    const of = (p: { id: number }) => budgets.filter((b) => b.item_id === p.id);
    const bySource = FUNDING_SOURCES.map((s) =>
      matching
        .flatMap(of)
        .filter((b) => b.source === s)
        .reduce((n, b) => n + Number(b.amount), 0),
    ).filter((x) => x > 0);
    const qs = new URLSearchParams(Object.entries(f).map(([k, v]) => [k, String(v)])).toString();
    const res = await get(`/pembangunan?${qs}`);
    expect(res.status).toBe(200);
    const shown = amounts(res.text, 'per-sumber');
    expect({ qs, bySource: shown.slice(0, -1), total: shown[shown.length - 1] }).toEqual({ qs, bySource, total: bySource.reduce((n, x) => n + x, 0) });
    const caption = /\((\d+) kegiatan\)/.exec(res.text);
    expect({ qs, count: caption ? Number(caption[1]) : 0 }).toEqual({ qs, count: matching.length });
    const perVillage = villages
      .map((v) =>
        matching
          .filter((p) => p.village_id === v.id)
          .flatMap(of)
          .reduce((n, b) => n + Number(b.amount), 0),
      )
      .filter((x) => x > 0);
    expect(amounts(res.text, 'per-desa').sort()).toEqual(perVillage.sort());
  }
});

test('/desa, a village page, the beranda and /potensi show the recounted counts and latest publication', async () => {
  const [desa, home, potensi] = await Promise.all([get('/desa'), get('/'), get('/potensi')]);
  for (const [slug, id] of [
    ['kalilandak', w.v.kalilandak],
    ['pagak', w.v.pagak],
  ] as const) {
    const count = async (type: ContentType) =>
      Number(
        (
          await env.db
            .selectFrom('content_items')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('village_id', '=', id)
            .where('type', '=', type)
            .where('status', '=', 'published')
            .where('deleted_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const last = await env.db
      .selectFrom('content_items')
      .select('published_at')
      .where('village_id', '=', id)
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .orderBy('published_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const line = `${await count('potential')} potensi · ${await count('product')} produk · ${await count('project')} proyek`;
    const card = desa.text.slice(desa.text.indexOf(`href="/desa/${slug}"`)).split('</li>')[0];
    expect(card).toContain(line);
    const posted = last?.published_at ? `Terakhir memuat ${formatDate(String(last.published_at), camat.district.timezone)}` : 'Belum ada publikasi';
    expect(card).toContain(posted);
    expect(home.text.slice(home.text.indexOf(`<li><a href="/desa/${slug}"`)).split('</li>')[0]).toContain(posted);
    expect((await get(`/desa/${slug}`)).text).toContain(`${line} · ${await count('news')} berita`);
  }
  const categories = await env.db
    .selectFrom('content_items as ci')
    .innerJoin('potential_details as pt', 'pt.item_id', 'ci.id')
    .select(['pt.category', (eb) => eb.fn.countAll<number>().as('n')])
    .where('ci.district_id', '=', w.dA)
    .where('ci.status', '=', 'published')
    .where('ci.deleted_at', 'is', null)
    .groupBy('pt.category')
    .execute();
  expect(categories.length).toBeGreaterThan(0);
  for (const c of categories) expect(potensi.text).toMatch(new RegExp(`kategori=${c.category}"[^>]*>[^<(]*\\(${Number(c.n)}\\)`));
});
