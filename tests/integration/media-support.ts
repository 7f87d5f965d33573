// Shared set-up of the media-*.test.ts files: two kecamatan, their people, and upload helpers.
import type { Kysely } from 'kysely';
import { defineAbilityFor } from '../../src/authz/ability';
import type { Database } from '../../src/db/schema';
import { nowUtc } from '../../src/db/time';
import type { Ctx } from '../../src/http/types';
import type { MediaStorage } from '../../src/media';
import { type Agent, type TestEnv, addUser, provision, villageId } from '../support/app';

export const A = 'klampok.test';
export const B = 'susukan.test';

export interface World {
  dA: number;
  dB: number;
  /** kalilandak, pagak (kecamatan A), b (a village of kecamatan B). */
  v: Record<'kalilandak' | 'pagak' | 'b', number>;
  /** camat, kalilandak, pagak (operators of A), camatB, opB. */
  u: Record<'camat' | 'kalilandak' | 'pagak' | 'camatB' | 'opB', number>;
}

export async function world(env: TestEnv): Promise<World> {
  const { districtId: dA } = await provision(env.db, '33.04.02', A);
  const { districtId: dB } = await provision(env.db, '33.04.01', B);
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

/** The upload form's action URL, which carries the CSRF token in its query. */
export async function uploadAction(agent: Agent, host: string): Promise<string> {
  const res = await agent.get('/admin/media/baru').set('Host', host);
  const m = res.text.match(/action="(\/admin\/media\?_csrf=[^"]+)"/);
  if (!m) throw new Error(`no upload form (status ${res.status})`);
  return m[1].replace(/&amp;/g, '&');
}

/** Posts the upload form like a browser: the text fields first, then the file. */
export async function upload(agent: Agent, host: string, file: Buffer, filename: string, fields: Record<string, string> = {}) {
  const req = agent.post(await uploadAction(agent, host)).set('Host', host);
  for (const [k, val] of Object.entries(fields)) req.field(k, val);
  // form-data sends `filepath` as is (a `filename` would be cut to its basename on the client side).
  const options = { filepath: filename, contentType: filename.endsWith('.pdf') ? 'application/pdf' : 'image/jpeg' };
  return req.attach('file', file, options as { filename?: string; contentType?: string });
}

export const mediaRows = (db: Kysely<Database>) => db.selectFrom('media').selectAll().orderBy('id').execute();
export const lastMedia = (db: Kysely<Database>) => db.selectFrom('media').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
export const keysOf = (row: { files: string }) => (JSON.parse(row.files) as { key: string }[]).map((f) => f.key);

export async function storedKeys(storage: MediaStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of storage.list()) keys.push(o.key);
  return keys.sort();
}

/** A Ctx exactly as ctxOf(req, db) builds it for this user on their kecamatan. */
export async function ctxFor(db: Kysely<Database>, userId: number): Promise<Ctx> {
  const user = await db
    .selectFrom('users')
    .leftJoin('villages', 'villages.id', 'users.village_id')
    .select([
      'users.id',
      'users.district_id',
      'users.village_id',
      'users.username',
      'users.name',
      'users.role',
      'users.must_change_password',
      'users.session_epoch',
      'villages.review_required',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const district = await db.selectFrom('districts').selectAll().where('id', '=', user.district_id!).executeTakeFirstOrThrow();
  const sessionUser = { ...user, village_review_required: Number(user.review_required ?? 0) };
  return { db, ability: defineAbilityFor(sessionUser), user: sessionUser, district, ip: '127.0.0.1' };
}

let slugSeq = 0;
/** A content item row (as the content module would write it), optionally with a cover. */
export async function insertItem(
  db: Kysely<Database>,
  w: { districtId: number; villageId: number | null; status: 'draft' | 'published'; coverMediaId?: number | null; deleted?: boolean },
): Promise<number> {
  const now = nowUtc();
  const res = await db
    .insertInto('content_items')
    .values({
      district_id: w.districtId,
      village_id: w.villageId,
      type: 'news',
      title: 'Kerja bakti',
      slug: `kerja-bakti-${++slugSeq}`,
      summary: '',
      body_source: 'Isi',
      body: '<p>Isi</p>',
      cover_media_id: w.coverMediaId ?? null,
      cover_alt: '',
      status: w.status,
      published_at: w.status === 'published' ? now : null,
      created_at: now,
      updated_at: now,
      deleted_at: w.deleted ? now : null,
    })
    .executeTakeFirstOrThrow();
  return Number(res.insertId);
}
