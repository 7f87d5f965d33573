import type { Browser, Page } from 'playwright-core';
import { loadDemoContent } from '../../src/cli/demo-content';
import { type TestEnv, addUser, PASSWORD } from '../support/app';
import { e2eSite, phone as newPhone } from '../support/browser';

// A real Chromium at 360×740, with JavaScript on and off: no page scrolls sideways, every control of
// the navigation and the main controls is at least 44×44 px, and the folded menus open without JavaScript.
let env: TestEnv;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;
let villageSlug: string;
let productSlug: string;

beforeAll(async () => {
  let districtId: number;
  ({ env, districtId, base, browser, close: stop } = await e2eSite());
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
  const villages = await env.db.selectFrom('villages').select(['id', 'slug']).where('district_id', '=', districtId).orderBy('code').execute();
  for (const v of villages) await addUser(env.db, { districtId, villageId: v.id, username: `operator.${v.slug}`, role: 'village_operator' });
  // Photos 400 px wide instead of 800 (a quarter of the processing), still wider than the phone.
  await loadDemoContent(env.db, { districtId, storage: env.storage, photoWidth: 400 });
  villageSlug = villages[0].slug;
  const product = await env.db.selectFrom('content_items').select('slug').where('type', '=', 'product').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
  productSlug = product.slug;
}, 120_000);

afterAll(() => stop?.());

/** Controls that must be easy to tap: the navigation, the section links, "see all" links, card titles and the forms' controls. */
const CONTROLS = [
  'header a',
  'header summary',
  'header button',
  '.subnav a',
  '.subnav summary',
  '.jump a',
  '.more a',
  '.pager a',
  '.cards h2 a',
  '.cards h3 a',
  '.villages-compact a',
  'main summary',
  'main button',
  'main select',
  'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])',
].join(',');

/** Every visible control smaller than 44×44 px, described for the failure message. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.$$eval(CONTROLS, (els) =>
    els
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ el, box }) => box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.classList.contains('skip'))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ el, box }) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
}

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/**
 * The small targets with every menu folded, then with each folded menu opened in turn by a tap on its
 * summary (the way a reader without JavaScript opens it) and folded again: the main menu drops down
 * over the page, so two open menus may overlap.
 */
async function smallTargetsOfEveryMenu(page: Page): Promise<string[]> {
  const found = await smallTargets(page);
  for (;;) {
    const summary = await page.$('details:not([open]):not([data-seen]) > summary:visible');
    if (!summary) break;
    await summary.click();
    expect(await summary.evaluate((el) => (el.parentElement as HTMLDetailsElement).open)).toBe(true);
    found.push(...(await smallTargets(page)));
    await summary.evaluate((el) => el.parentElement!.setAttribute('data-seen', ''));
    await summary.click();
  }
  return found;
}

const phone = (javaScriptEnabled: boolean, width = 360) => newPhone(browser, javaScriptEnabled, width);

async function signIn(page: Page) {
  await page.goto(`${base}/masuk`);
  await page.fill('#username', `operator.${villageSlug}`);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('main button[type=submit]')]);
}

describe.each([
  ['without JavaScript', false],
  ['with JavaScript', true],
])('a 360 px phone %s', (_label, js) => {
  test('public pages: no sideways scroll, tap targets of 44 px, the menu opens', async () => {
    const page = await phone(js);
    for (const path of ['/', `/desa/${villageSlug}`, '/produk', `/produk/${productSlug}`, '/desa', '/cari?q=kopi']) {
      await page.goto(`${base}${path}`);
      expect({ path, width: await scrollWidth(page) }).toEqual({ path, width: 360 });
      if (!js) console.log(`phone-layout: ${path} is ${await page.evaluate(() => document.documentElement.scrollHeight)} px long at 360 px`);
      const menuLink = page.locator('header nav a[href="/desa"]');
      expect(await menuLink.isVisible()).toBe(false);
      await page.click('header summary');
      expect(await menuLink.isVisible()).toBe(true);
      await page.click('header summary');
      expect({ path, small: await smallTargetsOfEveryMenu(page) }).toEqual({ path, small: [] });
      expect({ path, width: await scrollWidth(page) }).toEqual({ path, width: 360 });
    }
    await page.context().close();
  }, 120_000);

  test('home and village pages link to their sections; /produk folds its filters unless one is in use', async () => {
    const page = await phone(js);
    await page.goto(`${base}/`);
    for (const id of ['berita', 'produk', 'pembangunan']) {
      expect(await page.locator(`.jump a[href="#${id}"]`).count()).toBe(1);
      expect(await page.locator(`section#${id} .more a`).count()).toBe(1);
    }
    await page.goto(`${base}/desa/${villageSlug}`);
    for (const id of ['potensi', 'produk', 'pembangunan', 'berita']) {
      expect(await page.locator(`.jump a[href="#${id}"]`).count()).toBe(1);
      expect(await page.locator(`section#${id}`).count()).toBe(1);
      expect(await page.locator(`section#${id} .cards > li`).count()).toBeLessThanOrEqual(6);
    }
    await page.click('.jump a[href="#berita"]');
    expect(page.url()).toBe(`${base}/desa/${villageSlug}#berita`);

    await page.goto(`${base}/produk`);
    expect(await page.locator('details.filters-box').getAttribute('open')).toBeNull();
    expect(await page.locator('#f-q').isVisible()).toBe(false);
    await page.click('details.filters-box > summary');
    expect(await page.locator('#f-q').isVisible()).toBe(true);
    await page.goto(`${base}/produk?kategori=makanan`);
    expect(await page.locator('#f-q').isVisible()).toBe(true);
    await page.context().close();
  }, 60_000);

  test('the workspace dashboard: no sideways scroll, tap targets of 44 px, its menu opens', async () => {
    const page = await phone(js);
    await signIn(page);
    const mediaLink = page.locator('.subnav a[href="/admin/media"]');
    expect(await mediaLink.isVisible()).toBe(false);
    await page.click('.subnav summary');
    expect(await mediaLink.isVisible()).toBe(true);
    await page.click('.subnav summary');
    expect(await scrollWidth(page)).toBe(360);
    expect(await smallTargetsOfEveryMenu(page)).toEqual([]);
    await page.context().close();
  }, 60_000);
});

test('a wide screen shows the full navigation bar and the product filters without a tap', async () => {
  const page = await phone(false, 1024);
  await page.goto(`${base}/produk`);
  expect(await page.locator('header summary').isVisible()).toBe(false);
  expect(await page.locator('header nav a[href="/desa"]').isVisible()).toBe(true);
  expect(await page.locator('#f-q').isVisible()).toBe(true);
  await page.context().close();
}, 60_000);

test('the home page stays under 30 KB before images', async () => {
  const res = await fetch(`${base}/`, { headers: { 'accept-encoding': 'identity' } });
  const html = await res.text();
  expect(Buffer.byteLength(html)).toBeLessThanOrEqual(30 * 1024);
});
