import type { Browser, Page } from 'playwright-core';
import { e2eSite, phone, signIn } from '../support/browser';
import { type TestEnv, addUser, villageId } from '../support/app';

// A real Chromium with JavaScript off on a 360-px phone: the camat office returns an operator's
// submission with a note; the operator sees the count in the navigation, reads the notification
// and marks it read with a button big enough to tap.
let env: TestEnv;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  let districtId: number;
  ({ env, districtId, base, browser, close: stop } = await e2eSite());
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
  const pagak = await villageId(env.db, '33.04.02.2002');
  await addUser(env.db, { districtId, villageId: pagak, username: 'op.pagak', role: 'village_operator' });
  // Pagak publishes through review: the operator can only send.
  await env.db.updateTable('villages').set({ review_required: 1 }).where('id', '=', pagak).execute();
}, 60_000);

afterAll(() => stop?.());

async function signedIn(username: string): Promise<Page> {
  const page = await phone(browser, false);
  await signIn(page, base, username);
  return page;
}

test('a returned submission reaches its operator, who marks it read, all without JavaScript', async () => {
  const operator = await signedIn('op.pagak');
  await operator.goto(`${base}/admin/berita/baru`);
  await operator.fill('#title', 'Kerja bakti Pagak');
  await operator.fill('#summary', 'Ringkasan kerja bakti');
  await operator.fill('#body_source', 'Warga membersihkan saluran.');
  await operator.click('button[name=intent][value=submit]');
  const item = await env.db.selectFrom('content_items').select('id').where('title', '=', 'Kerja bakti Pagak').executeTakeFirstOrThrow();

  const camat = await signedIn('camat');
  await camat.goto(`${base}/admin/notifikasi`);
  expect(await camat.textContent('main')).toContain('“Kerja bakti Pagak” dari Pagak menunggu tinjauan');
  await camat.goto(`${base}/admin/tinjauan/${item.id}`);
  await camat.fill('textarea[name=note]', 'Tambahkan foto kegiatan.');
  await camat.click('form:has(input[name=action][value=return]) button[type=submit]');

  await operator.goto(`${base}/admin`);
  expect(await operator.textContent('.subnav')).toContain('Pemberitahuan (1 belum dibaca)');
  // On a phone the workspace menu is folded (views/partials/admin-nav.ejs): its summary shows the count, a tap opens it.
  expect(await operator.textContent('.subnav summary')).toContain('1 baru');
  await operator.click('.subnav summary');
  await operator.click('.subnav a[href="/admin/notifikasi"]');
  const main = await operator.textContent('main');
  expect(main).toContain('“Kerja bakti Pagak” (Pagak) dikembalikan oleh Nama camat untuk diperbaiki.');
  expect(main).toContain('Tambahkan foto kegiatan.');
  const button = operator.locator('.notices button[type=submit]');
  expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await button.click();
  expect(await operator.textContent('main')).toContain('Pemberitahuan ditandai sudah dibaca.');
  expect(await operator.textContent('.subnav')).not.toContain('belum dibaca');
  const rows = await env.db.selectFrom('notifications').select(['kind', 'read_at']).where('item_id', '=', item.id).where('kind', '=', 'returned').execute();
  expect(rows).toHaveLength(1);
  expect(rows[0].read_at).not.toBeNull();
}, 90_000);
