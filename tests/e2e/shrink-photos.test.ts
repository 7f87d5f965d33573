import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { e2eSite, phone } from '../support/browser';
import sharp from 'sharp';
import { type TestEnv, addUser, PASSWORD } from '../support/app';
import { photoJpeg } from '../support/images';

// A real Chromium at 360×740: with JavaScript on, a 12-megapixel phone photo is shrunk in the browser
// before it is sent (public/js/shrink-photos.js); with JavaScript off the same photo still uploads.
let env: TestEnv;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;
let tmp: string;
let bigPath: string;
let bigBytes: number;
/**
 * Content-Length of every multipart POST the server received, by path. Measured at the server because
 * Chromium does not hand a file-backed body to Playwright (request.postDataBuffer() is null there).
 */
const received: { path: string; bytes: number }[] = [];

beforeAll(async () => {
  let districtId: number;
  ({
    env,
    districtId,
    base,
    browser,
    close: stop,
  } = await e2eSite({
    listener: (app) => (req, res) => {
      if (req.method === 'POST' && String(req.headers['content-type']).startsWith('multipart/form-data')) {
        received.push({ path: String(req.url).split('?')[0], bytes: Number(req.headers['content-length']) });
      }
      app(req, res);
    },
  }));
  await addUser(env.db, {
    districtId,
    villageId: (await env.db.selectFrom('villages').select('id').where('name', '=', 'Pagak').executeTakeFirstOrThrow()).id,
    username: 'operator.pagak',
    role: 'village_operator',
  });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-shrink-'));
  const big = await photoJpeg(4000, 3000);
  bigBytes = big.length;
  bigPath = path.join(tmp, 'IMG_20261102_081500.jpg');
  await fs.writeFile(bigPath, big);
}, 60_000);

afterAll(async () => {
  await stop?.();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

/** A signed-in operator on a phone; every console error, page error and CSP report lands in `problems`. */
async function operatorPhone(javaScriptEnabled: boolean): Promise<{ page: Page; problems: string[] }> {
  const page = await phone(browser, javaScriptEnabled);
  const problems: string[] = [];
  page.on('console', (m) => {
    // The app serves no /favicon.ico yet; Chromium asks for it on its own. Anything else counts.
    if (m.location().url.endsWith('/favicon.ico')) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${base}/masuk`);
  await page.fill('#username', 'operator.pagak');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('main button[type=submit]')]);
  return { page, problems };
}

async function lastMedia() {
  return env.db.selectFrom('media').select(['id', 'original_name', 'width', 'height', 'kind']).orderBy('id', 'desc').executeTakeFirstOrThrow();
}

test('with JavaScript the photo is shrunk before it leaves the phone, with no error and no CSP violation', async () => {
  const { page, problems } = await operatorPhone(true);
  await page.goto(`${base}/admin/media/baru`);
  expect(await page.locator('script[src^="/static/js/shrink-photos."][src$=".js"]').count()).toBe(1);

  await page.fill('#alt', 'Balai desa Pagak');
  await page.setInputFiles('#file', bigPath);
  const hint = page.locator('#file + p.hint');
  await hint.filter({ hasText: 'diperkecil' }).waitFor({ timeout: 20_000 });
  expect(await hint.textContent()).toMatch(/^Foto diperkecil: \d+,\d MB → \d+,\d MB$/);
  const chosen = await page.$eval('#file', (el) => [...(el as HTMLInputElement).files!].map((f) => ({ name: f.name, type: f.type, size: f.size })));
  expect(chosen).toHaveLength(1);
  expect(chosen[0]).toMatchObject({ name: 'IMG_20261102_081500.jpg', type: 'image/jpeg' });
  expect(chosen[0].size).toBeLessThan(bigBytes / 2);
  expect(await page.locator('main button[type=submit]').isEnabled()).toBe(true);

  const before = received.length;
  await Promise.all([page.waitForURL(`${base}/admin/media`), page.click('main button[type=submit]')]);
  const sent = received.slice(before).find((r) => r.path === '/admin/media')!;
  console.log(`shrink-photos: original ${bigBytes} B, multipart body with JS ${sent.bytes} B`);
  expect(sent.bytes).toBeLessThan(bigBytes / 2);
  expect(sent.bytes).toBeGreaterThan(chosen[0].size);

  const row = await lastMedia();
  expect(row).toMatchObject({ kind: 'image', original_name: 'IMG_20261102_081500.jpg' });
  expect(row.width).toBeLessThanOrEqual(1280);
  expect(row.width! / row.height!).toBeCloseTo(4 / 3, 2);
  // Public pages do not load the script at all.
  await page.goto(`${base}/`);
  expect(await page.locator('script[src^="/static/js/shrink-photos."][src$=".js"]').count()).toBe(0);
  expect(problems).toEqual([]);
}, 90_000);

test('without JavaScript the same 12-megapixel photo uploads whole and the server copes', async () => {
  const { page, problems } = await operatorPhone(false);
  await page.goto(`${base}/admin/media/baru`);
  await page.fill('#alt', 'Balai desa Pagak, asli');
  await page.setInputFiles('#file', bigPath);
  const before = received.length;
  await Promise.all([page.waitForURL(`${base}/admin/media`, { timeout: 60_000 }), page.click('main button[type=submit]')]);
  const sent = received.slice(before).find((r) => r.path === '/admin/media')!;
  console.log(`shrink-photos: original ${bigBytes} B, multipart body without JS ${sent.bytes} B`);
  expect(sent.bytes).toBeGreaterThan(bigBytes);

  const row = await lastMedia();
  expect(row).toMatchObject({ kind: 'image', original_name: 'IMG_20261102_081500.jpg', width: 1280, height: 960 });
  expect(problems).toEqual([]);
}, 90_000);

test('several photos in one input: big ones shrink, a GIF and a small photo are left alone', async () => {
  const { page, problems } = await operatorPhone(true);
  await page.goto(`${base}/admin/produk/baru`);
  const gif = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c62828' } })
    .gif()
    .toBuffer();
  const small = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2e7d32' } })
    .jpeg()
    .toBuffer();
  const files: [string, Buffer][] = [
    ['kripik.gif', gif],
    ['kecil.jpeg', small],
    [
      'kemasan.png',
      await sharp(await photoJpeg(2600, 1200))
        .png()
        .toBuffer(),
    ],
  ];
  for (const [name, buffer] of files) await fs.writeFile(path.join(tmp, name), buffer);
  await page.setInputFiles('#photo_files', [bigPath, ...files.map(([name]) => path.join(tmp, name))]);
  const hint = page.locator('#photo_files + p.hint');
  await hint.filter({ hasText: 'diperkecil' }).waitFor({ timeout: 30_000 });
  expect(await hint.textContent()).toMatch(/^2 foto diperkecil: \d+,\d MB → \d+,\d MB$/);
  const chosen = await page.$eval('#photo_files', (el) => [...(el as HTMLInputElement).files!].map((f) => ({ name: f.name, type: f.type, size: f.size })));
  expect(chosen.map((f) => f.name)).toEqual(['IMG_20261102_081500.jpg', 'kripik.gif', 'kecil.jpeg', 'kemasan.jpg']);
  expect(chosen.map((f) => f.type)).toEqual(['image/jpeg', 'image/gif', 'image/jpeg', 'image/jpeg']);
  expect(chosen[1].size).toBe(gif.length);
  expect(chosen[2].size).toBe(small.length);
  expect(chosen[0].size).toBeLessThan(bigBytes / 2);
  // The cover input of the same form has no hint until something is chosen there.
  expect(await page.locator('#cover_file + p.hint').count()).toBe(0);
  const submits = page.locator('main form[enctype="multipart/form-data"] button[type=submit]');
  expect(await submits.count()).toBeGreaterThan(1);
  for (const b of await submits.all()) expect(await b.isEnabled()).toBe(true);

  // While a photo is being worked on, the form cannot be sent half-done; afterwards it can.
  const heldDuringWork = await page.evaluate(() => {
    const photos = document.querySelector<HTMLInputElement>('#photo_files')!;
    const cover = document.querySelector<HTMLInputElement>('#cover_file')!;
    const dt = new DataTransfer();
    dt.items.add(photos.files![0]);
    cover.files = dt.files;
    cover.dispatchEvent(new Event('change', { bubbles: true }));
    return [...cover.form!.querySelectorAll('button[type=submit]')].map((b) => (b as HTMLButtonElement).disabled);
  });
  expect(heldDuringWork.length).toBeGreaterThan(1);
  expect(heldDuringWork.every(Boolean)).toBe(true);
  await page.waitForFunction(() => [...document.querySelectorAll('form[enctype] button[type=submit]')].every((b) => !(b as HTMLButtonElement).disabled));
  expect(await page.$eval('#cover_file', (el) => (el as HTMLInputElement).files!.length)).toBe(1);
  expect(problems).toEqual([]);
}, 90_000);

test('a photo taken with the phone on its side comes out upright (the shrunk JPEG carries no EXIF to fix it later)', async () => {
  const { page, problems } = await operatorPhone(true);
  await page.goto(`${base}/admin/media/baru`);
  const sideways = await sharp(await photoJpeg(3000, 1500))
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const file = path.join(tmp, 'miring.jpg');
  await fs.writeFile(file, sideways);
  await page.setInputFiles('#file', file);
  await page.locator('#file + p.hint').filter({ hasText: 'diperkecil' }).waitFor({ timeout: 20_000 });
  const size = await page.$eval('#file', async (el) => {
    const bitmap = await createImageBitmap((el as HTMLInputElement).files![0]);
    return [bitmap.width, bitmap.height];
  });
  expect(size).toEqual([1024, 2048]);
  expect(problems).toEqual([]);
}, 90_000);
