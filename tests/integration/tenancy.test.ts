import express from 'express';
import { sql } from 'kysely';
import request from 'supertest';
import { MAX_PER_ACCOUNT_IP, MAX_PER_IP } from '../../src/auth/throttle';
import { errorHandler, notFoundHandler } from '../../src/http/error-handler';
import { HttpError } from '../../src/http/errors';
import { viewEngine } from '../../src/http/views';
import { VIEWS_DIR } from '../../src/paths';
import { PASSWORD, type TestEnv, addUser, auditActions, createTestEnv, csrfFrom, csrfOf, login, provision, villageId } from '../support/app';

const KLAMPOK = 'klampok.test';
const SERANG = 'kramatwatu.test';

const cookiesOf = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const sessionCookie = (res: request.Response) => cookiesOf(res).find((c) => c.startsWith('pendopo.sid='));
const csrfCookie = (res: request.Response) => cookiesOf(res).find((c) => c.startsWith('pendopo.csrf='));
const attrs = (cookie: string) =>
  cookie
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());

async function loginAttempts(env: TestEnv, ip: string) {
  return env.db.selectFrom('login_attempts').select(['username']).where('ip', '=', ip).execute();
}

describe('one kecamatan', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await provision(env.db, '33.04.02');
  });
  afterAll(() => env.close());

  test.each(['klampok.example.id', 'localhost:3000', '127.0.0.1', 'www.entah-apa.example'])('Host %s serves it', async (host) => {
    const res = await request(env.app).get('/').set('Host', host);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Kecamatan Purworeja Klampok</h1>');
    expect(res.text).toContain('Kabupaten Banjarnegara, Jawa Tengah');
  });

  test('an untrusted X-Forwarded-Proto does not mark the cookie Secure', async () => {
    const res = await request(env.app).get('/masuk').set('Host', KLAMPOK).set('X-Forwarded-Proto', 'https');
    const cookie = csrfCookie(res)!;
    expect(cookie).toBeDefined();
    expect(attrs(cookie)).not.toContain('secure');
  });
});

describe('two kecamatan on two hosts', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await provision(env.db, '33.04.02', KLAMPOK);
    await provision(env.db, '36.04.05', SERANG);
    const klampok = (await env.db.selectFrom('districts').select('id').where('code', '=', '33.04.02').executeTakeFirstOrThrow()).id;
    await addUser(env.db, { districtId: klampok, username: 'camat', role: 'district_admin' });
  });
  afterAll(() => env.close());

  test('each host serves its own kecamatan', async () => {
    const a = await request(env.app).get('/').set('Host', KLAMPOK);
    expect(a.status).toBe(200);
    expect(a.text).toContain('Kecamatan Purworeja Klampok');
    expect(a.text).not.toContain('Kramatwatu');
    const b = await request(env.app).get('/').set('Host', SERANG);
    expect(b.status).toBe(200);
    expect(b.text).toContain('Kecamatan Kramatwatu');
    expect(b.text).toContain('Kabupaten Serang');
    expect(b.text).not.toContain('Klampok');
  });

  test('the host is matched case-insensitively, without its port', async () => {
    const res = await request(env.app).get('/').set('Host', 'KLAMPOK.Test:8080');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kecamatan Purworeja Klampok');
  });

  test.each(['unknown.test', 'klampok.test.evil.example', 'bad_host!', ''])('an unknown host (%p) gets a plain-text 404', async (host) => {
    for (const path of ['/', '/desa', '/masuk']) {
      const res = await request(env.app).get(path).set('Host', host);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toBe('Not Found');
      expect(cookiesOf(res)).toEqual([]);
    }
  });

  test('a login on an unknown host is refused before anything is looked up', async () => {
    const before = await env.db.selectFrom('audit_log').select('id').execute();
    const res = await request(env.app).post('/masuk').set('Host', 'unknown.test').type('form').send({ username: 'camat', password: PASSWORD });
    expect(res.status).toBe(404);
    expect(await env.db.selectFrom('audit_log').select('id').execute()).toHaveLength(before.length);
  });

  test('/desa lists the villages of this kecamatan only', async () => {
    const res = await request(env.app).get('/desa').set('Host', KLAMPOK);
    expect(res.status).toBe(200);
    expect(res.text).toContain('8 desa/kelurahan di Kecamatan Purworeja Klampok');
    for (const [name, slug] of [
      ['Sirkandi', 'sirkandi'],
      ['Klampok', 'klampok'],
      ['Kaliwinasuh', 'kaliwinasuh'],
    ]) {
      expect(res.text).toContain(`<a href="/desa/${slug}">Desa ${name}</a>`);
    }
    expect(res.text.match(/<a href="\/desa\/[a-z0-9-]+">/g)).toHaveLength(8);
    expect(res.text).not.toContain('Margasana');
    const other = await request(env.app).get('/desa').set('Host', SERANG);
    expect(other.text).toContain('Margasana');
    expect(other.text).not.toContain('Sirkandi');
  });

  test('/desa/:slug shows a village of this kecamatan', async () => {
    const res = await request(env.app).get('/desa/klampok').set('Host', KLAMPOK);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Desa Klampok</h1>');
    expect(res.text).toContain('33.04.02.2005');
    expect(res.text).toContain('Desa di Kecamatan Purworeja Klampok, Kabupaten Banjarnegara');
  });

  test.each(['/desa/tidak-ada', '/desa/margasana', '/desa/KLAMPOK', '/desa/klampok%27--', '/tidak-ada'])('%s → Indonesian 404 page', async (path) => {
    // margasana exists, but in the other kecamatan: no village crosses hosts.
    const res = await request(env.app).get(path).set('Host', KLAMPOK);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<h1>Halaman tidak ditemukan</h1>');
    expect(res.text).toContain('Alamat yang Anda buka tidak ada atau sudah dipindahkan.');
    expect(res.text).not.toContain('Desa Margasana');
  });

  test('a session from one host does not log in on the other', async () => {
    const agent = await login(env.app, KLAMPOK, 'camat');
    expect((await agent.get('/admin').set('Host', KLAMPOK)).status).toBe(200);
    const other = await agent.get('/admin').set('Host', SERANG);
    expect(other.status).toBe(302);
    expect(other.headers.location).toMatch(/^\/masuk/);
  });

  test('/healthz and /readyz answer on any host', async () => {
    for (const host of [KLAMPOK, 'unknown.test']) {
      const health = await request(env.app).get('/healthz').set('Host', host);
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
      expect(health.headers['cache-control']).toBe('no-store');
      const ready = await request(env.app).get('/readyz').set('Host', host);
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ok', database: 'ok' });
      expect(cookiesOf(ready)).toEqual([]);
    }
  });

  test('security headers: strict CSP, no framing, no sniffing, no X-Powered-By', async () => {
    for (const path of ['/', '/masuk', '/desa/tidak-ada']) {
      const res = await request(env.app).get(path).set('Host', KLAMPOK);
      const csp = String(res.headers['content-security-policy']);
      const directives = Object.fromEntries(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([k, ...v]) => [k, v]),
      );
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['style-src']).toEqual(["'self'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['form-action']).toEqual(["'self'", 'https://wa.me', 'https://api.whatsapp.com']);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBeDefined();
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  test('pages contain no inline script, event handler or style attribute', async () => {
    const anon = request(env.app);
    const admin = await login(env.app, KLAMPOK, 'camat');
    const pages = [
      await anon.get('/').set('Host', KLAMPOK),
      await anon.get('/desa').set('Host', KLAMPOK),
      await anon.get('/desa/klampok').set('Host', KLAMPOK),
      await anon.get('/masuk').set('Host', KLAMPOK),
      await anon.get('/desa/tidak-ada').set('Host', KLAMPOK),
      await admin.get('/admin').set('Host', KLAMPOK),
      await admin.get('/admin/pengguna').set('Host', KLAMPOK),
      await admin.get('/admin/pengguna/baru').set('Host', KLAMPOK),
      await admin.get('/admin/audit').set('Host', KLAMPOK),
      await admin.get('/admin/akun/sandi').set('Host', KLAMPOK),
    ];
    expect(pages.map((res) => res.status)).toEqual([200, 200, 200, 200, 404, 200, 200, 200, 200, 200]);
    for (const res of pages) {
      expect(res.text).toContain('</html>');
      const scripts = res.text.match(/<script\b[^>]*>/gi) ?? [];
      // JSON-LD is data, not script: the CSP does not run it.
      expect(scripts.filter((s) => !/\ssrc=|type="application\/ld\+json"/i.test(s))).toEqual([]);
      expect(res.text).not.toMatch(/\son[a-z]+\s*=/i);
      expect(res.text).not.toMatch(/\sstyle\s*=/i);
      expect(res.text).not.toMatch(/javascript:/i);
    }
  });

  test('X-Request-Id: a sane incoming id is echoed, anything else replaced', async () => {
    const echoed = await request(env.app).get('/').set('Host', KLAMPOK).set('X-Request-Id', 'lb-req-0123456789');
    expect(echoed.headers['x-request-id']).toBe('lb-req-0123456789');
    const fresh = await request(env.app).get('/').set('Host', KLAMPOK);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const bad of ['short', 'x'.repeat(65), '<script>alert(1)</script>', 'abc def ghi jkl']) {
      const res = await request(env.app).get('/').set('Host', KLAMPOK).set('X-Request-Id', bad);
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    // The 404 page shows the id, so a villager can quote it to the camat office.
    const page = await request(env.app).get('/desa/tidak-ada').set('Host', KLAMPOK).set('X-Request-Id', 'lb-req-9876543210');
    expect(page.headers['x-request-id']).toBe('lb-req-9876543210');
    expect(page.text).toContain('Kode permintaan: lb-req-9876543210');
  });
});

describe('behind a TLS proxy (TRUST_PROXY=1)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ TRUST_PROXY: '1' });
    const { districtId } = await provision(env.db, '33.04.02', KLAMPOK);
    await addUser(env.db, { districtId, username: 'camat', role: 'district_admin' });
    await addUser(env.db, { districtId, villageId: await villageId(env.db, '33.04.02.2002'), username: 'operator.pagak', role: 'village_operator' });
  });
  afterAll(() => env.close());

  test('a login over https sets a Secure, HttpOnly, SameSite=Lax session cookie', async () => {
    // Done by hand: supertest's cookie jar would (rightly) not send a Secure cookie over http.
    // The login page sets no session cookie, only the login form's CSRF cookie (src/http/csrf.ts).
    const page = await request(env.app).get('/masuk').set('Host', KLAMPOK).set('X-Forwarded-Proto', 'https');
    expect(sessionCookie(page)).toBeUndefined();
    const first = csrfCookie(page)!;
    expect(attrs(first)).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
    const res = await request(env.app)
      .post('/masuk')
      .set('Host', KLAMPOK)
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', first.split(';')[0])
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'camat', password: PASSWORD });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin');
    const cookie = sessionCookie(res)!;
    expect(cookie).toBeDefined();
    expect(attrs(cookie)).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
    expect(attrs(cookie).some((a) => a.startsWith('expires='))).toBe(true);
    const admin = await request(env.app).get('/admin').set('Host', KLAMPOK).set('X-Forwarded-Proto', 'https').set('Cookie', cookie.split(';')[0]);
    expect(admin.status).toBe(200);
  });

  test('without TLS the cookie is not Secure (but still HttpOnly, SameSite=Lax)', async () => {
    const agent = request.agent(env.app);
    const page = await agent.get('/masuk').set('Host', KLAMPOK);
    const res = await agent
      .post('/masuk')
      .set('Host', KLAMPOK)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'camat', password: PASSWORD });
    expect(res.status).toBe(302);
    const cookie = sessionCookie(res)!;
    expect(attrs(cookie)).toEqual(expect.arrayContaining(['httponly', 'samesite=lax']));
    expect(attrs(cookie)).not.toContain('secure');
  });

  test('per account+IP: five failures lock that account on that IP only', async () => {
    const BAD_IP = '203.0.113.9';
    const agent = request.agent(env.app);
    const token = await csrfOf(agent, KLAMPOK);
    const attempt = (ip: string, password: string, username = 'operator.pagak') =>
      agent.post('/masuk').set('Host', KLAMPOK).set('X-Forwarded-For', ip).type('form').send({ _csrf: token, username, password });

    expect(MAX_PER_ACCOUNT_IP).toBe(5);
    for (let i = 0; i < MAX_PER_ACCOUNT_IP; i++) expect((await attempt(BAD_IP, `salah-${i}-xxxxxxxx`)).status).toBe(401);
    expect(await loginAttempts(env, BAD_IP)).toHaveLength(MAX_PER_ACCOUNT_IP);

    const throttledBefore = await auditActions(env.db, 'login.throttled');
    const refused = await attempt(BAD_IP, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.');
    expect(await auditActions(env.db, 'login.throttled')).toBe(throttledBefore + 1);
    const audit = await env.db.selectFrom('audit_log').select(['ip', 'username']).where('action', '=', 'login.throttled').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toEqual({ ip: BAD_IP, username: 'operator.pagak' });
    // A client-added X-Forwarded-For entry does not change the IP the proxy vouches for.
    expect((await attempt(`198.51.100.99, ${BAD_IP}`, PASSWORD)).status).toBe(429);

    // The real operator in the village office is not locked out by the attacker.
    const fromOffice = await attempt('198.51.100.7', PASSWORD);
    expect(fromOffice.status).toBe(302);
    expect(fromOffice.headers.location).toBe('/admin');
    // Nor is another account on the attacker's IP (5 failures are below the per-IP limit).
    const other = request.agent(env.app);
    const otherToken = await csrfOf(other, KLAMPOK);
    const camat = await other.post('/masuk').set('Host', KLAMPOK).set('X-Forwarded-For', BAD_IP).type('form').send({ _csrf: otherToken, username: 'camat', password: PASSWORD });
    expect(camat.status).toBe(302);
  });

  test(`per IP: ${MAX_PER_IP} failures over different names throttle that IP for every account`, async () => {
    const SPRAY_IP = '192.0.2.77';
    const agent = request.agent(env.app);
    const token = await csrfOf(agent, KLAMPOK);
    const attempt = (ip: string, username: string, password: string) => agent.post('/masuk').set('Host', KLAMPOK).set('X-Forwarded-For', ip).type('form').send({ _csrf: token, username, password });

    for (let i = 0; i < MAX_PER_IP; i++) expect((await attempt(SPRAY_IP, `tamu-${i}`, 'tebak-tebakan-123')).status).toBe(401);
    const rows = await loginAttempts(env, SPRAY_IP);
    expect(rows).toHaveLength(MAX_PER_IP);
    expect(new Set(rows.map((r) => r.username)).size).toBe(MAX_PER_IP);

    const refused = await attempt(SPRAY_IP, 'camat', PASSWORD);
    expect(refused.status).toBe(429);
    expect(cookiesOf(refused).filter((c) => c.startsWith('pendopo.sid=')).length).toBeLessThanOrEqual(1);
    expect((await agent.get('/admin').set('Host', KLAMPOK)).status).toBe(302);
    expect((await attempt('198.51.100.8', 'camat', PASSWORD)).status).toBe(302);
  });
});

describe('error pages', () => {
  async function hidden(env: TestEnv, table: 'villages' | 'district_hosts', run: () => Promise<void>) {
    // Hide a table so the next query fails like a lost database would.
    await sql`ALTER TABLE ${sql.table(table)} RENAME TO ${sql.table(`${table}_hilang`)}`.execute(env.db);
    try {
      await run();
    } finally {
      await sql`ALTER TABLE ${sql.table(`${table}_hilang`)} RENAME TO ${sql.table(table)}`.execute(env.db);
    }
  }
  const brokenVillages = (env: TestEnv, run: () => Promise<void>) => hidden(env, 'villages', run);

  test('in production a 500 shows the Indonesian page and no stack or error text', async () => {
    const env = await createTestEnv({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
    try {
      await provision(env.db, '33.04.02', KLAMPOK);
      await brokenVillages(env, async () => {
        const res = await request(env.app).get('/desa').set('Host', KLAMPOK).set('X-Request-Id', 'prod-err-00000001');
        expect(res.status).toBe(500);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('<h1>Terjadi kesalahan</h1>');
        expect(res.text).toContain('Kode permintaan: prod-err-00000001');
        expect(res.text).not.toContain('class="stack"');
        expect(res.text).not.toMatch(/villages|no such table|doesn't exist|\bat .+\.(ts|js):\d+/);
      });
      expect((await request(env.app).get('/desa').set('Host', KLAMPOK)).status).toBe(200);

      // Errors raised before the page locals exist still get the Indonesian page, not a bare code.
      // A host not asked before: the kecamatan of a known host would come from the tenant cache.
      await hidden(env, 'district_hosts', async () => {
        const res = await request(env.app).get('/').set('Host', `baru.${KLAMPOK}`);
        expect(res.status).toBe(500);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('<h1>Terjadi kesalahan</h1>');
        expect(res.text).not.toMatch(/district_hosts|no such table|doesn't exist/);
      });
      const before = await env.db.selectFrom('audit_log').select('id').execute();
      const tooBig = await request(env.app)
        .post('/masuk')
        .set('Host', KLAMPOK)
        .type('form')
        .send(`username=camat&password=${'x'.repeat(300_000)}`);
      expect(tooBig.status).toBe(413);
      expect(tooBig.headers['content-type']).toMatch(/^text\/html/);
      expect(tooBig.text).toContain('<h1>Permintaan tidak valid</h1>');
      expect(await env.db.selectFrom('audit_log').select('id').execute()).toHaveLength(before.length);
    } finally {
      await env.close();
    }
  });

  test('in development a 500 shows the stack', async () => {
    const env = await createTestEnv({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
    try {
      await provision(env.db, '33.04.02', KLAMPOK);
      // A failing query, thrown from this test's realm (a native driver's error class may belong to
      // another Jest context, which would hide the stack for a reason that does not exist in production).
      const selectFrom = env.db.selectFrom.bind(env.db);
      const spy = jest.spyOn(env.db, 'selectFrom').mockImplementation(((from: string) => {
        if (from === 'villages') throw new Error('rahasia-dev-xyz');
        return selectFrom(from as 'villages');
      }) as typeof env.db.selectFrom);
      try {
        const res = await request(env.app).get('/desa').set('Host', KLAMPOK);
        expect(res.status).toBe(500);
        expect(res.text).toContain('<h1>Terjadi kesalahan</h1>');
        expect(res.text).toContain('<pre class="stack">Error: rahasia-dev-xyz');
      } finally {
        spy.mockRestore();
      }
      expect((await request(env.app).get('/desa').set('Host', KLAMPOK)).status).toBe(200);
    } finally {
      await env.close();
    }
  });

  describe('the error handler on its own', () => {
    function tinyApp(showStack: boolean) {
      const app = express();
      app.engine('ejs', viewEngine({ cache: false, debug: true }));
      app.set('view engine', 'ejs');
      app.set('views', VIEWS_DIR);
      // No locals middleware: the handler must render on its own.
      app.get('/boom', () => {
        throw new Error('rahasia-internal-xyz');
      });
      app.get('/async-boom', async () => {
        await Promise.resolve();
        throw new Error('rahasia-async-xyz');
      });
      app.get('/forbidden', () => {
        throw new HttpError(403);
      });
      app.get('/teapot', () => {
        throw Object.assign(new Error('odd'), { status: 418 });
      });
      app.get('/bad-status', () => {
        throw Object.assign(new Error('odd'), { status: 99 });
      });
      app.use(notFoundHandler);
      app.use(errorHandler(showStack));
      return app;
    }

    test('production: "Terjadi kesalahan", no stack, no message', async () => {
      for (const path of ['/boom', '/async-boom']) {
        const res = await request(tinyApp(false)).get(path);
        expect(res.status).toBe(500);
        expect(res.text).toContain('Terjadi kesalahan');
        expect(res.text).toContain('Maaf, terjadi kesalahan di server.');
        expect(res.text).not.toContain('rahasia');
        expect(res.text).not.toContain('<pre');
      }
    });

    test('development: the stack is shown for a 500', async () => {
      const res = await request(tinyApp(true)).get('/boom');
      expect(res.status).toBe(500);
      expect(res.text).toContain('<pre class="stack">Error: rahasia-internal-xyz');
      expect(res.text).toMatch(/tenancy\.test\.ts:\d+/);
    });

    test('4xx pages never carry a stack, even in development', async () => {
      const app = tinyApp(true);
      const forbidden = await request(app).get('/forbidden');
      expect(forbidden.status).toBe(403);
      expect(forbidden.text).toContain('Akses ditolak');
      expect(forbidden.text).not.toContain('<pre');
      const missing = await request(app).get('/nope');
      expect(missing.status).toBe(404);
      expect(missing.text).toContain('Halaman tidak ditemukan');
      const teapot = await request(app).get('/teapot');
      expect(teapot.status).toBe(418);
      expect(teapot.text).toContain('Permintaan tidak valid');
      const bad = await request(app).get('/bad-status');
      expect(bad.status).toBe(500);
      expect(bad.text).toContain('Terjadi kesalahan');
    });
  });
});
