import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { freePort } from '../../scripts/soak/server';
import { type TestEnv, createTestEnv, provision } from '../support/app';
import { e2eSite, phone } from '../support/browser';
import { solid } from '../support/images';

// A real Chromium on /peta whose tile server does not answer (MAP_TILE_URL on a closed loopback
// port): the points still show, and an Indonesian message says the base map could not load. With
// JavaScript off, the page is the list of points as links.
let env: TestEnv;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const closed = await freePort();
  ({ env, base, browser, close: stop } = await e2eSite({ env: { MAP_TILE_URL: `http://127.0.0.1:${closed}/{z}/{x}/{y}.png` } }));
  const pagak = await env.db.selectFrom('villages').select('id').where('name', '=', 'Pagak').executeTakeFirstOrThrow();
  await env.db
    .insertInto('village_profiles')
    .values({ village_id: pagak.id, head_name: '', address: '', phone: '', population_source: '', vision: '', mission: '', history: '', lat: -7.46, lng: 109.55, updated_at: '2026-01-01 00:00:00' })
    .execute();
}, 60_000);

afterAll(() => stop?.());

test('tiles that cannot load: the map shows its points, its legend and the Indonesian message', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  const refused: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && refused.push(m.text()));
  await page.goto(`${base}/peta`);
  const message = page.locator('#peta-pesan');
  await message.waitFor({ state: 'visible' });
  expect(await message.textContent()).toContain('Peta dasar tidak dapat dimuat');
  expect(await page.locator('#peta').isVisible()).toBe(true);
  expect(await page.locator('#peta-legenda').isVisible()).toBe(true);
  expect(await page.locator('#peta path.leaflet-interactive').count()).toBe(1);
  // The tile host was allowed by the CSP: the failure was the closed port, not the policy.
  expect(refused).toEqual([]);
  await page.close();
});

test('without JavaScript: no map, no message, the points as links', async () => {
  const page = await phone(browser, false);
  await page.goto(`${base}/peta`);
  expect(await page.locator('#peta').isVisible()).toBe(false);
  expect(await page.locator('#peta-pesan').isVisible()).toBe(false);
  // Playwright turns script execution off, not the parser's scripting flag, so <noscript> stays raw text here: its presence is what can be checked.
  expect(await page.content()).toMatch(/<noscript>.*Peta interaktif memerlukan JavaScript/s);
  await page.getByRole('link', { name: 'Desa Pagak' }).click();
  expect(new URL(page.url()).pathname).toBe('/desa/pagak');
  await page.context().close();
});

describe('a tile server that loses one tile', () => {
  let flaky: TestEnv;
  let tileServer: http.Server;
  let appServer: http.Server;
  let tileRequests = 0;

  beforeAll(async () => {
    const png = await solid(256, 256, '#dddddd').png().toBuffer();
    // The first tile asked for fails; every other one loads.
    tileServer = http.createServer((_req, res) => {
      tileRequests++;
      if (tileRequests === 1) return res.writeHead(500).end();
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
    });
    await new Promise<void>((r) => tileServer.listen(0, '127.0.0.1', () => r()));
    flaky = await createTestEnv({ MAP_TILE_URL: `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}/{z}/{x}/{y}.png` });
    await provision(flaky.db, '33.04.02', 'localhost');
    const pagak = await flaky.db.selectFrom('villages').select('id').where('name', '=', 'Pagak').executeTakeFirstOrThrow();
    await flaky.db
      .insertInto('village_profiles')
      .values({ village_id: pagak.id, head_name: '', address: '', phone: '', population_source: '', vision: '', mission: '', history: '', lat: -7.46, lng: 109.55, updated_at: '2026-01-01 00:00:00' })
      .execute();
    appServer = http.createServer(flaky.app);
    await new Promise<void>((r) => appServer.listen(0, '127.0.0.1', () => r()));
  }, 60_000);

  afterAll(async () => {
    await new Promise((r) => appServer?.close(r));
    await new Promise((r) => tileServer?.close(r));
    await flaky?.close();
  });

  test('one failed tile among loaded ones: no message', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`http://localhost:${(appServer.address() as AddressInfo).port}/peta`);
    await page.locator('#peta[data-tiles-settled]').waitFor({ state: 'attached' });
    expect(tileRequests).toBeGreaterThan(1);
    expect(await page.locator('#peta img.leaflet-tile-loaded').count()).toBeGreaterThan(0);
    expect(await page.locator('#peta-pesan').isVisible()).toBe(false);
    expect(await page.locator('#peta path.leaflet-interactive').count()).toBe(1);
    await page.close();
  });
});
