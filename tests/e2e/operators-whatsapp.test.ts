import type { Browser, Page } from 'playwright-core';
import { toDbDate } from '../../src/db/time';
import { e2eSite, phone, signIn } from '../support/browser';
import { type TestEnv, addUser, villageId } from '../support/app';

// A real Chromium with JavaScript off on a 360-px phone: the camat office's reminder button leaves
// the site for wa.me through the strict CSP (form-action), and the operators of every village are
// created at once, their credential sheet printable on A4.
let env: TestEnv;
let stop: () => Promise<void>;
let browser: Browser;
let base: string;
let pagak: number;

beforeAll(async () => {
  let districtId: number;
  // The full browser: in the headless shell Playwright's route never sees the target of the app's
  // redirect to wa.me, which then goes to the network instead of the answer below.
  ({ env, districtId, base, browser, close: stop } = await e2eSite({ fullChromium: true }));
  await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
  pagak = await villageId(env.db, '33.04.02.2002');
  const op = await addUser(env.db, { districtId, villageId: pagak, username: 'op.pagak', role: 'village_operator' });
  await env.db
    .updateTable('users')
    .set({ whatsapp: '6281234567890', last_login_at: toDbDate(new Date()) })
    .where('id', '=', op)
    .execute();
}, 60_000);

afterAll(() => stop?.());

async function camatOnPhone(): Promise<Page> {
  const page = await phone(browser, false);
  await signIn(page, base, 'camat');
  expect(new URL(page.url()).pathname).toBe('/admin');
  return page;
}

test('"Ingatkan lewat WhatsApp" is recorded and the browser arrives at wa.me with the message', async () => {
  const page = await camatOnPhone();
  const reached: string[] = [];
  // wa.me itself is not reachable from the test machine: the browser's request to it is answered here.
  await page.context().route('https://wa.me/**', (route) => {
    reached.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>WhatsApp</p>' });
  });
  const button = page.locator('tr[data-village="pagak"] .remind-form button');
  const box = (await button.boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  await button.click();
  await page.waitForURL(/^https:\/\/wa\.me\//, { timeout: 10_000 });
  expect(reached).toHaveLength(1);
  const url = new URL(reached[0]);
  expect(url.pathname).toBe('/6281234567890');
  expect(url.searchParams.get('text')).toContain('Desa Pagak belum pernah menerbitkan');
  expect(await env.db.selectFrom('village_reminders').select('village_id').execute()).toEqual([{ village_id: pagak }]);
  await page.goto(`${base}/admin`);
  expect(await page.textContent('tr[data-village="pagak"]')).toMatch(/Diingatkan .* oleh Nama camat/);
}, 60_000);

test('the operators of every village are created at once; the sheet prints one block per village without the navigation', async () => {
  const page = await camatOnPhone();
  await page.goto(`${base}/admin/pengguna`);
  await page.click('a[href="/admin/pengguna/operator-desa"]');
  await page.click('main form button[type=submit]');
  const blocks = page.locator('.credential');
  expect(await blocks.count()).toBe(7);
  expect(await page.textContent('.credential-url')).toBe(`${base}/masuk`);
  await page.emulateMedia({ media: 'print' });
  const display = (selector: string) => page.evaluate((s) => getComputedStyle(document.querySelector(s)!).display, selector);
  expect([await display('.subnav'), await display('header.top'), await display('footer.foot')]).toEqual(['none', 'none', 'none']);
  expect(await display('.credential')).toBe('block');
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');

  // Disabling asks first: the list's link opens a confirmation page, its button disables.
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${base}/admin/pengguna`);
  await page.click('tr[data-user="op.pagak"] a[href$="/nonaktifkan"]');
  expect(new URL(page.url()).pathname).toMatch(/\/nonaktifkan$/);
  const confirm = page.locator('main form button[type=submit]');
  expect((await confirm.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await confirm.click();
  expect(new URL(page.url()).pathname).toBe('/admin/pengguna');
  const row = await env.db.selectFrom('users').select('disabled_at').where('username', '=', 'op.pagak').executeTakeFirstOrThrow();
  expect(row.disabled_at).not.toBeNull();
}, 60_000);
