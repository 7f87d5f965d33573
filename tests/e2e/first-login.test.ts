import type { Browser } from 'playwright-core';
import { e2eSite, phone as newPhone, signIn } from '../support/browser';
import { type TestEnv, addUser } from '../support/app';

// A real Chromium with JavaScript off: the camat office creates an operator on a 360-px phone,
// the operator signs in with the issued password and must replace it before anything else.
let env: TestEnv;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  let districtId: number;
  ({ env, districtId, base, browser, close: stop } = await e2eSite());
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
}, 60_000);

afterAll(() => stop?.());

async function phone() {
  return newPhone(browser, false);
}

test('an operator account is issued, used once and replaced, all without JavaScript', async () => {
  const admin = await phone();
  await signIn(admin, base, 'camat');
  expect(new URL(admin.url()).pathname).toBe('/admin');

  await admin.goto(`${base}/admin/pengguna/baru`);
  await admin.fill('#name', 'Siti Operator');
  await admin.fill('#username', 'operator.pagak');
  await admin.selectOption('#village_id', { label: 'Desa Pagak' });
  await admin.click('main button[type=submit]');
  const issued = (await admin.textContent('.issued code'))!.trim();
  expect(issued).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);

  const operator = await phone();
  await operator.goto(`${base}/admin`);
  expect(new URL(operator.url()).pathname).toBe('/masuk');
  await operator.fill('#username', 'operator.pagak');
  await operator.fill('#password', issued);
  await operator.click('main button[type=submit]');
  expect(new URL(operator.url()).pathname).toBe('/admin/akun/sandi');
  await operator.goto(`${base}/admin/pengguna`);
  expect(new URL(operator.url()).pathname).toBe('/admin/akun/sandi');

  await operator.fill('#current_password', issued);
  await operator.fill('#new_password', 'Gula-Jawa-Pagak-77');
  await operator.fill('#confirm_password', 'Gula-Jawa-Pagak-77');
  await operator.click('main button[type=submit]');
  expect(new URL(operator.url()).pathname).toBe('/admin');
  expect(await operator.textContent('main')).toContain('Kata sandi berhasil diganti.');

  // The operator's workspace has no user management at all.
  expect(await operator.locator('a[href="/admin/pengguna"]').count()).toBe(0);
  const denied = await operator.goto(`${base}/admin/pengguna`);
  expect(denied?.status()).toBe(403);

  const row = await env.db.selectFrom('users').select(['must_change_password', 'village_id']).where('username', '=', 'operator.pagak').executeTakeFirstOrThrow();
  expect(row.must_change_password).toBe(0);
  const pagak = await env.db.selectFrom('villages').select('id').where('name', '=', 'Pagak').executeTakeFirstOrThrow();
  expect(row.village_id).toBe(pagak.id);
}, 60_000);
