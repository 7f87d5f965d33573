import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type TestEnv, addUser, PASSWORD } from '../support/app';
import { e2eSite, phone } from '../support/browser';

// A real Chromium at 360 px on a throttled upload: with JavaScript the product form shows how much of
// its photo has been sent (public/js/upload-progress.js) and lands on the saved item; without it the
// form says beforehand how long a photo takes on a weak signal.
let env: TestEnv;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;
let tmp: string;
let photoPath: string;

beforeAll(async () => {
  let districtId: number;
  ({ env, districtId, base, browser, close: stop } = await e2eSite());
  const village = await env.db.selectFrom('villages').select('id').where('name', '=', 'Pagak').executeTakeFirstOrThrow();
  await addUser(env.db, { districtId, villageId: village.id, username: 'operator.pagak', role: 'village_operator' });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-progress-'));
  // A GIF is left alone by shrink-photos.js, so the whole file goes up the throttled line. Noise
  // keeps it ~165 KB (about 3 s at 60 KB/s); effort 1 without dithering encodes it in a tenth of the time.
  photoPath = path.join(tmp, 'pasar.gif');
  await fs.writeFile(
    photoPath,
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .gif({ effort: 1, dither: 0 })
      .toBuffer(),
  );
}, 60_000);

afterAll(async () => {
  await stop?.();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

async function operatorPhone(javaScriptEnabled: boolean): Promise<{ page: Page; problems: string[] }> {
  const page = await phone(browser, javaScriptEnabled);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.location().url.endsWith('/favicon.ico')) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${base}/masuk`);
  await page.fill('#username', 'operator.pagak');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('main button[type=submit]')]);
  return { page, problems };
}

async function fillProduct(page: Page, title: string) {
  await page.goto(`${base}/admin/produk/baru`);
  await page.fill('#title', title);
  await page.fill('#price', '15000');
  await page.fill('#unit', 'bungkus');
  await page.fill('#seller_name', 'Bu Sri');
}

test('with JavaScript: a progress bar while the photo goes up a slow line, then the saved item', async () => {
  const { page, problems } = await operatorPhone(true);
  await fillProduct(page, 'Keripik Pasar Pagak');
  expect(await page.locator('#upload-time').isVisible()).toBe(false);
  await page.setInputFiles('#photo_files', photoPath);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: 1_000_000, uploadThroughput: 60_000 });
  await page.click('main .buttons button[name=intent]');
  const bar = page.locator('progress.upload-progress');
  await bar.waitFor({ timeout: 10_000 });
  // Part of the photo has gone up and the page says how much.
  await page.waitForFunction(() => /Mengirim foto… [1-9]\d*%/.test(document.querySelector('.upload-box [role=status]')?.textContent ?? ''), undefined, { timeout: 30_000 });
  expect(await bar.evaluate((el) => (el as HTMLProgressElement).value)).toBeGreaterThan(0);
  await page.waitForURL(/\/admin\/produk\/\d+\/ubah$/, { timeout: 60_000 });
  const item = await env.db.selectFrom('content_items').select('id').where('title', '=', 'Keripik Pasar Pagak').executeTakeFirstOrThrow();
  expect(await env.db.selectFrom('item_media').select('media_id').where('item_id', '=', item.id).execute()).toHaveLength(1);
  expect(problems).toEqual([]);
}, 120_000);

test('without JavaScript: the form says how long a photo takes on a weak signal, and saves', async () => {
  const { page, problems } = await operatorPhone(false);
  await fillProduct(page, 'Keripik Tanpa Skrip');
  expect(await page.locator('#upload-time').textContent()).toContain('Di sinyal lemah, foto 5 MB butuh ± 2 menit');
  await page.setInputFiles('#photo_files', photoPath);
  await Promise.all([page.waitForURL(/\/admin\/produk\/\d+\/ubah$/, { timeout: 60_000 }), page.click('main .buttons button[name=intent]')]);
  expect(await env.db.selectFrom('content_items').select('id').where('title', '=', 'Keripik Tanpa Skrip').executeTakeFirst()).toBeDefined();
  expect(problems).toEqual([]);
}, 120_000);
