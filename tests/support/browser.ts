import type { Express } from 'express';
import { type RequestListener, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type Page, chromium } from 'playwright-core';
import { PASSWORD, type TestEnv, createTestEnv, provision } from './app';
import { BROWSER_WS, chromiumOptions } from './browser-server';

/**
 * The run's shared Chromium (tests/support/browser-server.ts), or one of this file's own when the run
 * has none or the file needs the full browser. Closing it closes only what this file opened.
 */
export function launchChromium(opts: { full?: boolean } = {}): Promise<Browser> {
  const shared = process.env[BROWSER_WS];
  return shared && !opts.full ? chromium.connect(shared) : chromium.launch(chromiumOptions(opts.full));
}

export interface BrowserRun {
  /** http://localhost:<port>: provision(..., 'localhost') makes it the kecamatan's host. */
  base: string;
  browser: Browser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/** Serves the app on a loopback port and launches Chromium, for a test file's beforeAll. */
export async function serveToChromium(app: RequestListener, opts: { full?: boolean } = {}): Promise<BrowserRun> {
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://localhost:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium(opts);
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

export interface E2eSite {
  env: TestEnv;
  districtId: number;
  base: string;
  browser: Browser;
  /** Closes the browser, the server, then the database. */
  close(): Promise<void>;
}

/**
 * The start of every e2e file: the app on a fresh database (createTestEnv with `env`), kecamatan
 * 33.04.02 on `localhost` (with `twoFactor` as provision takes it), served on a loopback port to the
 * run's Chromium (`fullChromium`: a whole browser of the file's own); `listener` wraps the app when a
 * file watches the requests it receives.
 */
export async function e2eSite(
  opts: { env?: Record<string, string>; twoFactor?: { admins?: boolean; operators?: boolean }; listener?: (app: Express) => RequestListener; fullChromium?: boolean } = {},
): Promise<E2eSite> {
  const env = await createTestEnv(opts.env);
  const { districtId } = await provision(env.db, '33.04.02', 'localhost', { twoFactor: opts.twoFactor });
  const run = await serveToChromium(opts.listener ? opts.listener(env.app) : env.app, { full: opts.fullChromium });
  return {
    env,
    districtId,
    base: run.base,
    browser: run.browser,
    close: async () => {
      await run.close();
      await env.close();
    },
  };
}

/** A page in a new context of its own (its own cookies): a phone's 740 px tall screen, 360 px wide unless told. */
export async function phone(browser: Browser, javaScriptEnabled: boolean, width = 360): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 740 }, javaScriptEnabled });
  return context.newPage();
}

/** Logs `username` in through the real /masuk form (the test password of addUser). */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/masuk`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('main button[type=submit]');
}
