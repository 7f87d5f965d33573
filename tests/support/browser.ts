import { type RequestListener, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type Page, chromium } from 'playwright-core';
import { PASSWORD } from './app';
import { BROWSER_WS, CHROMIUM_OPTIONS } from './browser-server';

/**
 * The run's shared Chromium (tests/support/browser-server.ts), or one of this file's own when the run
 * has none. Closing it closes only what this file opened.
 */
export function launchChromium(): Promise<Browser> {
  const shared = process.env[BROWSER_WS];
  return shared ? chromium.connect(shared) : chromium.launch(CHROMIUM_OPTIONS);
}

export interface BrowserRun {
  /** http://localhost:<port>: provision(..., 'localhost') makes it the kecamatan's host. */
  base: string;
  browser: Browser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/** Serves the app on a loopback port and launches Chromium, for a test file's beforeAll. */
export async function serveToChromium(app: RequestListener): Promise<BrowserRun> {
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://localhost:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Logs `username` in through the real /masuk form (the test password of addUser). */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/masuk`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page.click('main button[type=submit]');
}
