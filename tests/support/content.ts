// Shared set-up of the content-*.test.ts files: two kecamatan on two hosts, their people, a valid
// form per content type, the sections from the type registry (src/modules/sections/index.ts), and
// helpers that post the workspace forms like a browser does.
import type { Kysely } from 'kysely';
import { defineAbilityFor } from '../../src/authz/ability';
import type { ContentType, Database } from '../../src/db/schema';
import type { Ctx } from '../../src/domain/context';
import type { SectionDef } from '../../src/modules/content/section';
import { SECTIONS } from '../../src/modules/sections';
import { type Agent, type TestEnv, addUser, csrfFrom, provision, villageId } from './app';

export const HOST = 'klampok.test';
export const HOST_B = 'susukan.test';

/** A workspace section of the type registry (a SectionDef's `section`: 'potensi', 'pembangunan', …), as the helpers take it. */
export type Section = SectionDef['section'];

const DEF_OF = new Map(SECTIONS.map((d) => [d.section, d]));
/** The definition behind a workspace section; an unknown section throws, so a typo cannot pass as an empty case. */
export function defOf(section: Section): SectionDef {
  const def = DEF_OF.get(section);
  if (!def) throw new Error(`no content type has the workspace section '${section}'`);
  return def;
}

/** A type with village-level items is tested as a village's operator; a kecamatan-only type as the camat office. */
export const villageLevel = (def: SectionDef) => def.levels.includes('village');
/** Sections with village-level items (an operator writes them), in menu order. */
export const VILLAGE_SECTIONS: Section[] = SECTIONS.filter(villageLevel).map((d) => d.section);
/** Sections of the kecamatan only (the camat office writes them; an operator gets 403). */
export const DISTRICT_SECTIONS: Section[] = SECTIONS.filter((d) => !villageLevel(d)).map((d) => d.section);

const common = (title: string) => ({ title, summary: `Ringkasan ${title}`, body_source: `Isi **${title}** yang lengkap.` });

/** The detail fields of a valid pembangunan form. */
const PROJECT_DETAILS = {
  fiscal_year: '2026',
  location_text: 'RT 02',
  lat: '-7.4231',
  lng: '109.4567',
  executor: 'TPK Desa',
  output_volume: '250 m',
  start_date: '2026-03-01',
  target_date: '2026-06-30',
  project_status: 'berjalan',
  budget_dana_desa: 'Rp 150.000.000',
};

/**
 * A valid workspace form of every content type (strings, as a browser posts them). Keyed by
 * ContentType: a new type fails `npm run typecheck` here until the tests know how to fill its form.
 */
export const VALID_FORMS: Record<ContentType, (title: string) => Record<string, string>> = {
  potential: (title) => ({ ...common(title), category: 'wisata', location_text: 'Dusun Kalibening', lat: '-7.4167', lng: '109.5114', contact: '0812 2222 3333', opening_hours: '07.00–17.00' }),
  product: (title) => ({ ...common(title), price: 'Rp 25.000', unit: 'bungkus', seller_name: 'Bu Sri', whatsapp: '0812-3456-7890', category: 'makanan', availability: 'tersedia' }),
  project: (title) => ({ ...common(title), ...PROJECT_DETAILS }),
  news: common,
  announcement: common,
  event: (title) => ({ ...common(title), starts_on: '2026-12-01', start_time: '08.00', place: 'Pendopo Kecamatan' }),
  page: common,
  service: (title) => ({
    ...common(title),
    audience: 'Calon pengantin',
    requirements: 'Fotokopi KTP\nSurat pengantar desa',
    steps: 'Ambil nomor antrean\nSerahkan berkas di loket',
    duration: '1 hari kerja',
    cost: 'gratis',
    place: 'Loket Pelayanan Kantor Kecamatan',
    contact: '0812-3456-7890',
  }),
};

/** A valid form for a section (strings, as a browser posts them). */
export function validFields(section: Section, title = `Contoh ${section}`): Record<string, string> {
  return VALID_FORMS[defOf(section).type](title);
}

/** The fields of a valid pembangunan project form. */
export const PROJECT_FIELDS: Record<string, string> = {
  title: 'Rabat beton jalan RT 02',
  summary: 'Jalan lingkungan dicor.',
  body_source: 'Pengecoran jalan.',
  ...PROJECT_DETAILS,
};

export interface World {
  dA: number;
  dB: number;
  /** kalilandak and pagak (kecamatan A), b (a village of kecamatan B). */
  v: Record<'kalilandak' | 'pagak' | 'b', number>;
  u: Record<'camat' | 'kalilandak' | 'pagak' | 'camatB' | 'opB', number>;
}

export async function contentWorld(env: TestEnv): Promise<World> {
  const { districtId: dA } = await provision(env.db, '33.04.02', HOST);
  const { districtId: dB } = await provision(env.db, '33.04.01', HOST_B);
  const v = {
    kalilandak: await villageId(env.db, '33.04.02.2006'),
    pagak: await villageId(env.db, '33.04.02.2002'),
    b: (await env.db.selectFrom('villages').select('id').where('district_id', '=', dB).orderBy('id').executeTakeFirstOrThrow()).id,
  };
  const u = {
    camat: await addUser(env.db, { districtId: dA, username: 'camat', role: 'district_admin' }),
    kalilandak: await addUser(env.db, { districtId: dA, villageId: v.kalilandak, username: 'op.kalilandak', role: 'village_operator' }),
    pagak: await addUser(env.db, { districtId: dA, villageId: v.pagak, username: 'op.pagak', role: 'village_operator' }),
    camatB: await addUser(env.db, { districtId: dB, username: 'camat.susukan', role: 'district_admin' }),
    opB: await addUser(env.db, { districtId: dB, villageId: v.b, username: 'op.susukan', role: 'village_operator' }),
  };
  return { dA, dB, v, u };
}

/** A Ctx as ctxOf(req, db) builds it for this user on their own kecamatan. */
export async function ctxFor(db: Kysely<Database>, userId: number): Promise<Ctx> {
  const user = await db
    .selectFrom('users')
    .leftJoin('villages', 'villages.id', 'users.village_id')
    .select(['users.id', 'users.district_id', 'users.village_id', 'users.username', 'users.name', 'users.role', 'users.must_change_password', 'users.session_epoch', 'villages.review_required'])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const district = await db.selectFrom('districts').selectAll().where('id', '=', user.district_id!).executeTakeFirstOrThrow();
  const sessionUser = { ...user, village_review_required: Number(user.review_required ?? 0) };
  return { db, ability: defineAbilityFor(sessionUser), user: sessionUser, district, ip: '127.0.0.1' };
}

const tokens = new WeakMap<Agent, string>();
/** The session's CSRF token (one per session), read once from a workspace page. */
export async function tokenOf(agent: Agent, host = HOST): Promise<string> {
  const known = tokens.get(agent);
  if (known) return known;
  const token = csrfFrom((await agent.get('/admin').set('Host', host)).text);
  tokens.set(agent, token);
  return token;
}

export interface FileSpec {
  field: 'cover_file' | 'photo_files';
  buffer: Buffer;
  name: string;
}

/** Posts a multipart content form (the token in the action URL, as the form does). */
export async function multipart(agent: Agent, host: string, path: string, fields: Record<string, string | string[]>, files: FileSpec[] = []) {
  const req = agent.post(`${path}?_csrf=${encodeURIComponent(await tokenOf(agent, host))}`).set('Host', host);
  for (const [k, val] of Object.entries(fields)) for (const one of Array.isArray(val) ? val : [val]) req.field(k, one);
  for (const f of files) req.attach(f.field, f.buffer, { filepath: f.name, contentType: 'image/jpeg' } as { filename?: string; contentType?: string });
  return req;
}

export const createVia = (agent: Agent, section: Section, fields: Record<string, string | string[]>, files: FileSpec[] = [], host = HOST) => multipart(agent, host, `/admin/${section}`, fields, files);

export const updateVia = (agent: Agent, section: Section, id: number, fields: Record<string, string | string[]>, files: FileSpec[] = [], host = HOST) =>
  multipart(agent, host, `/admin/${section}/${id}`, fields, files);

/** The id of the item a create redirected to (throws with the page if it did not). */
export function createdId(res: { status: number; headers: Record<string, string>; text: string }): number {
  const m = res.status === 303 ? /\/(\d+)\/ubah$/.exec(res.headers.location ?? '') : null;
  if (!m) throw new Error(`create answered ${res.status}: ${res.text.slice(0, 2000)}`);
  return Number(m[1]);
}

/** Creates an item over HTTP and returns its id. */
export async function createItemVia(agent: Agent, section: Section, fields: Record<string, string | string[]> = {}, host = HOST): Promise<number> {
  return createdId(await createVia(agent, section, { ...validFields(section), ...fields }, [], host));
}

/** A urlencoded POST with the session's token (status, trash, restore a revision). */
export async function postForm(agent: Agent, path: string, body: Record<string, string> = {}, host = HOST) {
  return agent
    .post(path)
    .set('Host', host)
    .type('form')
    .send({ _csrf: await tokenOf(agent, host), ...body });
}

export const statusVia = (agent: Agent, section: Section, id: number, action: string, note = '', host = HOST) => postForm(agent, `/admin/${section}/${id}/status`, { action, note }, host);

export const row = (db: Kysely<Database>, id: number) => db.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirst();
export const rowOrThrow = (db: Kysely<Database>, id: number) => db.selectFrom('content_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
export const revisions = (db: Kysely<Database>, id: number) => db.selectFrom('content_revisions').selectAll().where('item_id', '=', id).orderBy('id').execute();
export const itemMedia = (db: Kysely<Database>, id: number) => db.selectFrom('item_media').selectAll().where('item_id', '=', id).orderBy('position').execute();

/** An item's detail fields as its type stores them (the definition's loadDetails: detail row, project budgets). */
export function details(db: Kysely<Database>, section: Section, id: number): Promise<unknown> {
  return defOf(section).loadDetails(db, id);
}

/** Everything stored about one item: row, detail row, revisions, gallery. */
export async function everything(db: Kysely<Database>, section: Section, id: number) {
  return { row: await row(db, id), details: await details(db, section, id), revisions: await revisions(db, id), media: await itemMedia(db, id) };
}

export async function countItems(db: Kysely<Database>): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('content_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

export async function auditOf(db: Kysely<Database>, action: string, targetId: number) {
  return db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_type', '=', 'content').where('target_id', '=', String(targetId)).execute();
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The action and fields of the first multipart form of a page, as a browser would send them (no file, first button's intent). */
export function formOf(html: string): { action: string; fields: Record<string, string | string[]> } {
  const form = /<form method="post" enctype="multipart\/form-data" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('no multipart form in page');
  const fields: Record<string, string | string[]> = {};
  const add = (k: string, val: string) => {
    const prev = fields[k];
    fields[k] = prev === undefined ? val : [...(Array.isArray(prev) ? prev : [prev]), val];
  };
  const body = form[2];
  for (const m of body.matchAll(/<input ([^>]*)>/g)) {
    const name = /name="([^"]+)"/.exec(m[1])?.[1];
    const type = /type="([^"]+)"/.exec(m[1])?.[1] ?? 'text';
    if (!name || type === 'file' || (type === 'checkbox' && !/ checked/.test(m[1]))) continue;
    add(name, unescape(/value="([^"]*)"/.exec(m[1])?.[1] ?? ''));
  }
  for (const m of body.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(m[1], unescape(m[2]));
  for (const m of body.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)"[^>]*selected/.exec(m[2]) ?? /<option value="([^"]*)"/.exec(m[2]);
    if (chosen) add(m[1], unescape(chosen[1]));
  }
  const intent = /<button type="submit" name="intent" value="([^"]+)"/.exec(body);
  if (intent) add('intent', intent[1]);
  return { action: unescape(form[1]), fields };
}
