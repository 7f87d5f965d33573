import type { Browser, Page } from 'playwright-core';
import { e2eSite, phone, signIn } from '../support/browser';
import { type TestEnv, addUser } from '../support/app';

// The monthly report in a real Chromium without JavaScript: on a 360-px phone the page itself never
// scrolls sideways (the wide tables scroll inside their own box), and printed it drops the
// navigation and keeps the tables.
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

async function reportOnPhone(): Promise<Page> {
  const page = await phone(browser, false);
  await signIn(page, base, 'camat');
  // On a phone the workspace menu is folded (views/partials/admin-nav.ejs): a tap on its summary opens it.
  await page.click('.subnav summary');
  await page.click('.subnav a[href="/admin/laporan"]');
  expect(new URL(page.url()).pathname).toBe('/admin/laporan');
  return page;
}

test('at 360 px the page does not scroll sideways; the village table scrolls in its own box', async () => {
  const page = await reportOnPhone();
  expect(await page.textContent('h1')).toContain('Laporan bulanan Kecamatan Purworeja Klampok');
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    table: document.querySelector('#report-rows')!.scrollWidth,
    box: document.querySelector('#report-rows')!.parentElement!.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  expect(widths.table).toBeGreaterThan(widths.box);
  // The month picker works without JavaScript: a GET form.
  await page.fill('#bulan', '2026-10');
  await page.click('form.filters button[type=submit]');
  expect(new URL(page.url()).search).toBe('?bulan=2026-10');
  expect(await page.textContent('.report-period')).toContain('Oktober 2026');
  // The download buttons are big enough to tap.
  const box = await page.locator('a[href^="/admin/laporan.xlsx"]').boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
}, 60_000);

test('printed: no navigation or form, the tables and the printing date visible', async () => {
  const page = await reportOnPhone();
  await page.emulateMedia({ media: 'print' });
  for (const selector of ['header.top', '.subnav', 'form.filters', 'footer.foot']) expect(await page.locator(selector).isVisible()).toBe(false);
  expect(await page.locator('#report-rows').isVisible()).toBe(true);
  expect(await page.locator('#report-rows tbody tr').count()).toBe(8);
  expect(await page.locator('.report-period .print-only').isVisible()).toBe(true);
  expect(await page.textContent('.report-period')).toMatch(/Dicetak \d{1,2} \w+ 20\d\d/);
  // On A4 landscape (277 mm between the margins, 1047 CSS px) the widest table fits the page.
  await page.setViewportSize({ width: 1047, height: 740 });
  const fit = await page.evaluate(() => [...document.querySelectorAll('table')].map((t) => t.scrollWidth));
  expect(Math.max(...fit)).toBeLessThanOrEqual(1047);
  await page.emulateMedia({ media: 'screen' });
  expect(await page.locator('.subnav').isVisible()).toBe(true);
}, 60_000);
