import fs from 'node:fs';
import path from 'node:path';
import type { GlobalConfig } from 'jest';
import { type BrowserServer, chromium } from 'playwright-core';

const SHELL = '/usr/bin/chromium-headless-shell';

/**
 * Debian's Chromium, headless, with the flags this closed network needs (never a downloaded browser).
 * By default its headless shell (package chromium-headless-shell, installed by .ci/run): the same
 * Blink without the desktop browser around it, for a quarter or more less CPU in the e2e files; `full`
 * (or a missing shell) is the whole browser.
 */
export function chromiumOptions(full = false) {
  return {
    executablePath: process.env.CHROME_PATH ?? (!full && fs.existsSync(SHELL) ? SHELL : '/usr/bin/chromium'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  };
}

/** The variable that names the shared Chromium's endpoint while the suite runs. */
export const BROWSER_WS = 'PENDOPO_TEST_BROWSER_WS';

const E2E = path.resolve(__dirname, '../e2e');
let server: BrowserServer | undefined;

/**
 * Jest's globalSetup (tests/support/global-setup.ts): when the run includes an e2e file, one Chromium
 * for the whole run. Each e2e file connects to it (launchChromium in tests/support/browser.ts) instead
 * of starting and stopping a browser of its own, and works in contexts of its own.
 */
export async function startBrowser(globalConfig: GlobalConfig): Promise<void> {
  const patterns = globalConfig.testPathPatterns.patterns;
  const files = fs.readdirSync(E2E).map((f) => path.join(E2E, f));
  if (patterns.length > 0 && !files.some((f) => patterns.some((p) => new RegExp(p, 'i').test(f)))) return;
  server = await chromium.launchServer(chromiumOptions());
  process.env[BROWSER_WS] = server.wsEndpoint();
}

/** Jest's globalTeardown: stops it. */
export async function stopBrowser(): Promise<void> {
  await server?.close();
}
