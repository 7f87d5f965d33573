import type { Browser, Page } from 'playwright-core';
import { PERIOD, codeAt } from '../../src/auth/totp';
import { e2eSite, phone as newPhone, signIn } from '../support/browser';
import { type TestEnv, PASSWORD, addUser } from '../support/app';
import { awayFromStepEdge } from '../support/step-clock';

// A real Chromium with JavaScript off, on a phone-sized screen: the camat office of a kecamatan that
// requires the second factor is sent to enrol, scans (here: reads) the key, confirms a code, keeps the
// recovery codes, and logs in again with the password and a code.
let env: TestEnv;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  let districtId: number;
  ({ env, districtId, base, browser, close: stop } = await e2eSite({ twoFactor: { admins: true } }));
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
}, 60_000);

afterAll(() => stop?.());

async function phone(): Promise<Page> {
  return newPhone(browser, false);
}

const path = (page: Page) => new URL(page.url()).pathname;
const step = () => Math.floor(Date.now() / 1000 / PERIOD);

test('the camat office enrols when required, then logs in with a code, all without JavaScript', async () => {
  const page = await phone();
  await signIn(page, base, 'camat');
  expect(path(page)).toBe('/admin/akun/2fa');
  expect(await page.textContent('main')).toContain('wajib memakai verifikasi dua langkah');

  await page.click('main form[action="/admin/akun/2fa/mulai"] button');
  expect(path(page)).toBe('/admin/akun/2fa');
  expect(await page.locator('main figure.qr svg').count()).toBe(1);
  const uri = await page.inputValue('#otpauth-uri');
  expect(uri).toMatch(/^otpauth:\/\/totp\/Pendopo:camat%40.*issuer=Pendopo/);
  const secret = (await page.textContent('#secret'))!.replace(/\s/g, '');
  expect(uri).toContain(`secret=${secret}`);

  awayFromStepEdge();
  await page.fill('#code', codeAt(secret, Date.now() / 1000));
  await page.click('main form[action="/admin/akun/2fa/aktifkan"] button');
  const codes = await page.locator('main .recovery-codes code').allTextContents();
  expect(codes).toHaveLength(10);
  await page.click('main a.button');
  expect(path(page)).toBe('/admin');

  const again = await phone();
  await again.goto(`${base}/admin/pengguna`);
  await again.fill('#username', 'camat');
  await again.fill('#password', PASSWORD);
  await again.click('main button[type=submit]');
  expect(path(again)).toBe('/masuk/kode');
  // The code step is not a login: the workspace still sends this browser to /masuk.
  const peek = await phone();
  await peek.context().addCookies(await again.context().cookies());
  await peek.goto(`${base}/admin`);
  expect(path(peek)).toBe('/masuk');

  // The enrolment used this step's code; the next step's is within the accepted drift.
  await again.fill('#code', codeAt(secret, (step() + 1) * PERIOD + 1));
  await again.click('main button[type=submit]');
  expect(path(again)).toBe('/admin/pengguna');
  expect(await again.locator('main h1').textContent()).toBe('Pengguna');
}, 90_000);
