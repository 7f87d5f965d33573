import { toDbDate } from '../../src/db/time';
import { mediaKey, newMediaId } from '../../src/files';
import { createMedia } from '../../src/modules/media/media.service';
import { sweepMedia } from '../../src/modules/media/sweep';
import { type TestEnv, createTestEnv } from '../support/app';
import { pdfBytes, solid } from '../support/images';
import { type World, ctxFor, insertItem, storedKeys, world } from './media-support';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

const DAY = 24 * 3600_000;
const daysAgo = (n: number) => toDbDate(new Date(Date.now() - n * DAY));
const rowOf = (id: number) => env.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();

test('the sweep removes orphans and long-deleted media, and keeps live, recent and referenced rows', async () => {
  const ctx = await ctxFor(env.db, w.u.kalilandak);
  const jpeg = await solid(700, 500).jpeg().toBuffer();
  const make = () => createMedia(ctx, env.storage, { buffer: jpeg, originalName: 'a.jpg', alt: '' });
  const [live, recentlyDeleted, oldDeleted, oldReferenced] = [await make(), await make(), await make(), await make()];
  const doc = await createMedia(ctx, env.storage, { buffer: pdfBytes(), originalName: 'a.pdf', alt: '' });
  await env.db
    .updateTable('media')
    .set({ deleted_at: daysAgo(3) })
    .where('id', '=', recentlyDeleted.id)
    .execute();
  await env.db
    .updateTable('media')
    .set({ deleted_at: daysAgo(40) })
    .where('id', 'in', [oldDeleted.id, oldReferenced.id])
    .execute();
  await insertItem(env.db, { districtId: w.dA, villageId: w.v.kalilandak, status: 'draft', coverMediaId: oldReferenced.id });
  // A file no row knows: an upload whose insert never happened.
  const orphan = mediaKey(newMediaId(), 'w320', 'webp');
  await env.storage.put(orphan, Buffer.from('x'), 'image/webp');

  // Today: media deleted 40 days ago goes; a fresh orphan stays (it may be an upload in progress).
  const today = await sweepMedia(env.db, env.storage, { orphanAgeMs: DAY, purgeAfterMs: 30 * DAY });
  expect(today).toMatchObject({ orphansDeleted: 0, purgedRows: 1, keptReferenced: 1, failedDeletes: [] });
  expect(today.purgedFiles).toBe(oldDeleted.files.length + oldReferenced.files.length);
  expect(await env.storage.exists(orphan)).toBe(true);

  // Two days on, the orphan is old enough.
  const later = new Date(Date.now() + 2 * DAY);
  const report = await sweepMedia(env.db, env.storage, { orphanAgeMs: DAY, purgeAfterMs: 30 * DAY, now: later });
  expect(report).toMatchObject({ orphansDeleted: 1, purgedFiles: 0, purgedRows: 0, keptReferenced: 0, failedDeletes: [] });
  expect(await env.storage.exists(orphan)).toBe(false);

  const keys = await storedKeys(env.storage);
  const keysOf = (m: { files: { key: string }[] }) => m.files.map((f) => f.key);
  for (const m of [live, recentlyDeleted, doc]) expect(keys).toEqual(expect.arrayContaining(keysOf(m)));
  for (const m of [oldDeleted, oldReferenced]) for (const k of keysOf(m)) expect(keys).not.toContain(k);
  expect(keys).toHaveLength(keysOf(live).length + keysOf(recentlyDeleted).length + keysOf(doc).length);

  expect(await rowOf(oldDeleted.id)).toBeUndefined();
  expect(await rowOf(oldReferenced.id)).toMatchObject({ files: '[]' });
  expect(await rowOf(recentlyDeleted.id)).toBeDefined();

  // A second run finds nothing more to do.
  const again = await sweepMedia(env.db, env.storage, { orphanAgeMs: DAY, purgeAfterMs: 30 * DAY, now: later });
  expect(again).toMatchObject({ orphansDeleted: 0, purgedFiles: 0, purgedRows: 0, keptReferenced: 0 });
});
