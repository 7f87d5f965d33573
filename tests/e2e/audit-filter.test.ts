import type { Browser } from 'playwright-core';
import { recordAudit } from '../../src/audit/record';
import { e2eSite, phone, signIn } from '../support/browser';
import { type TestEnv, addUser } from '../support/app';

// The camat office filters its audit log on a 360-px phone with JavaScript off: a GET form whose
// values stay chosen, with controls a thumb can hit.
let env: TestEnv;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  let districtId: number;
  ({ env, districtId, base, browser, close: stop } = await e2eSite());
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
  for (const name of ['siapa.saja', 'tamu.asing']) await recordAudit(env.db, { action: 'login.failed', districtId, username: name, detail: { attempted: name } });
}, 60_000);

afterAll(() => stop?.());

test('filtering by action and dates without JavaScript keeps the choices; controls are at least 44 px tall', async () => {
  const page = await phone(browser, false);
  await signIn(page, base, 'camat');

  await page.goto(`${base}/admin/audit`);
  await page.selectOption('#tindakan', 'login.failed');
  await page.fill('#dari', '2026-01-01');
  await page.fill('#sampai', '2099-12-31');
  await page.click('main form.audit-filters button[type=submit]');

  const url = new URL(page.url());
  expect(url.searchParams.get('tindakan')).toBe('login.failed');
  expect(await page.locator('main tbody tr').count()).toBe(2);
  expect(await page.textContent('main tbody')).toContain('Nama yang dicoba: tamu.asing');
  expect(await page.inputValue('#tindakan')).toBe('login.failed');
  expect(await page.inputValue('#dari')).toBe('2026-01-01');
  expect(await page.inputValue('#sampai')).toBe('2099-12-31');

  for (const selector of ['#desa', '#pengguna', '#tindakan', '#dari', '#sampai', 'form.audit-filters button', 'form.audit-filters a.button', 'a[href^="/admin/audit/unduh.csv"]']) {
    const box = await page.locator(selector).boundingBox();
    expect([selector, box!.height >= 44]).toEqual([selector, true]);
  }
  await page.context().close();
}, 60_000);
