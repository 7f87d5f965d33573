// Shared set-up of the media-*.test.ts files: two kecamatan, their people, and upload helpers.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema';
import { nowUtc } from '../../src/db/time';
import type { MediaStorage } from '../../src/files';
import type { Agent } from '../support/app';

// The two-kecamatan world and the Ctx builder are the content tests' own.
export { HOST as A, HOST_B as B, type World, contentWorld as world, ctxFor } from '../support/content';

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
