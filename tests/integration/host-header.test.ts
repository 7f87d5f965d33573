// Absolute links (canonical, og:url, og:image, share links, JSON-LD, feeds, sitemap, robots.txt, the
// API, the CSV and the GeoJSON) come from the kecamatan's registered host or from PUBLIC_URL, never
// from a Host header nobody registered, so a proxy cannot be made to cache a page that links
// elsewhere (README, "Hosts and multi-tenancy"). The rules: src/modules/districts/site-origin.ts.
import request from 'supertest';
import { type TestEnv, addUser, createTestEnv, login, provision, villageId } from '../support/app';
import { PROJECT_FIELDS, createVia, createdId, createItemVia, validFields } from '../support/content';
import { solid } from '../support/images';

// Each site logs in and processes two photos; the first test makes 84 requests: room on a busy machine.
const SLOW = 90_000;
const KLAMPOK = 'klampok.test';
const EVIL = 'evil.test';

// Origins of others that pages and documents name (share targets, vocabularies, XML namespaces).
const OTHERS = /^https?:\/\/([a-z0-9-]+\.)*(schema\.org|wa\.me|facebook\.com|openstreetmap\.org|w3\.org|sitemaps\.org|google\.com)(\/|$)/;

/** The origins of every absolute link in a body, share links' encoded URLs included, others' left out. */
function originsIn(text: string): string[] {
  const decoded = text.replace(/%[0-9A-F]{2}/gi, (m) => String.fromCharCode(parseInt(m.slice(1), 16)));
  const urls = decoded.match(/https?:\/\/[^\s"'<>\\)]+/g) ?? [];
  return [...new Set(urls.filter((u) => !OTHERS.test(u)).map((u) => new URL(u).origin))].sort();
}

interface Site {
  env: TestEnv;
  slugs: Record<'news' | 'product' | 'potential' | 'project', string>;
}

/** One kecamatan (or two) with a published berita with a cover, a produk with a photo, a potensi and a project. */
async function site(envVars: Record<string, string>, hosts: (string | undefined)[] = [KLAMPOK]): Promise<Site> {
  const env = await createTestEnv(envVars);
  const { districtId } = await provision(env.db, '33.04.02', hosts[0]);
  if (hosts.length > 1) await provision(env.db, '36.04.05', hosts[1]);
  const village = await villageId(env.db, '33.04.02.2006');
  await addUser(env.db, { districtId, villageId: village, username: 'op.kalilandak', role: 'village_operator' });
  // Logged in on a registered host, or on whatever host a single kecamatan answers.
  const host = hosts[0] ?? 'localhost';
  const op = await login(env.app, host, 'op.kalilandak');
  const jpeg = await solid(640, 480).jpeg().toBuffer();
  const slugOf = async (id: number) => (await env.db.selectFrom('content_items').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  const news = createdId(
    await createVia(op, 'berita', { ...validFields('berita', 'Panen Salak'), cover_alt: 'Panen', intent: 'publish' }, [{ field: 'cover_file', buffer: jpeg, name: 'a.jpg' }], host),
  );
  const product = createdId(await createVia(op, 'produk', { ...validFields('produk', 'Keripik Salak'), intent: 'publish' }, [{ field: 'photo_files', buffer: jpeg, name: 'b.jpg' }], host));
  const potential = await createItemVia(op, 'potensi', { intent: 'publish' }, host);
  const project = await createItemVia(op, 'pembangunan', { ...PROJECT_FIELDS, intent: 'publish' }, host);
  return { env, slugs: { news: await slugOf(news), product: await slugOf(product), potential: await slugOf(potential), project: await slugOf(project) } };
}

/** Every public URL whose answer carries absolute links. */
const allPages = (s: Site['slugs']) => [
  '/',
  '/desa',
  '/desa/kalilandak',
  '/desa/kalilandak/berita',
  '/berita',
  `/berita/${s.news}`,
  '/produk',
  `/produk/${s.product}`,
  '/potensi',
  `/potensi/${s.potential}`,
  '/pembangunan',
  `/pembangunan/${s.project}`,
  '/pembangunan.csv',
  '/peta.geojson',
  '/pengumuman',
  '/agenda',
  '/feed.xml',
  '/desa/kalilandak/feed.xml',
  '/sitemap.xml',
  '/sitemap-halaman.xml',
  '/sitemap-isi-0.xml',
  '/robots.txt',
  '/api/v1/openapi.json',
  '/api/v1/news',
  '/api/v1/villages',
  '/api/v1/products',
  '/api/v1/potentials',
  '/api/v1/projects',
];
/** A few with every kind of absolute link. */
const somePages = (s: Site['slugs']) => [`/berita/${s.news}`, `/produk/${s.product}`, '/feed.xml', '/sitemap-halaman.xml', '/robots.txt', '/api/v1/news', '/pembangunan.csv'];

describe('one kecamatan with a registered host', () => {
  let s: Site;
  const get = (path: string, host: string) => request(s.env.app).get(path).set('Host', host);
  beforeAll(async () => {
    s = await site({}, [KLAMPOK]);
  }, SLOW);
  afterAll(() => s.env.close());

  test(
    'a page asked for on evil.test links to the registered host, and the cache keeps no evil.test for anyone',
    async () => {
      for (const path of allPages(s.slugs)) {
        const first = await get(path, EVIL);
        const again = await get(path, EVIL);
        const normal = await get(path, KLAMPOK);
        for (const [which, res] of [
          ['evil', first],
          ['evil again', again],
          ['normal', normal],
        ] as const) {
          expect([path, which, res.status]).toEqual([path, which, 200]);
          expect([path, which, res.text.includes('evil')]).toEqual([path, which, false]);
          expect([path, which, originsIn(res.text)]).toEqual([path, which, ['http://klampok.test']]);
        }
        // The second evil.test request came from the page cache: what it stored was clean too.
        expect([path, again.headers['x-cache']]).toEqual([path, 'hit']);
      }
    },
    SLOW,
  );

  test('canonical, og:url, og:image, share links and JSON-LD of an item are on the registered host', async () => {
    const path = `/produk/${s.slugs.product}`;
    const text = (await get(path, `${EVIL}:8080`)).text;
    const url = `http://${KLAMPOK}${path}`;
    expect(text).toContain(`<link rel="canonical" href="${url}">`);
    expect(text).toContain(`<meta property="og:url" content="${url}">`);
    expect(text).toMatch(new RegExp(`<meta property="og:image" content="http://${KLAMPOK}/media/`));
    expect(text).toContain(`https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`);
    expect(text).toContain(`"url":"${url}"`);
    expect(text).not.toContain('8080');
  });

  test('the registered host keeps the port it was asked on; an unregistered one does not lend its port', async () => {
    const path = `/berita/${s.slugs.news}`;
    expect((await get(path, `${KLAMPOK}:8080`)).text).toContain(`<link rel="canonical" href="http://${KLAMPOK}:8080${path}">`);
    expect((await get(path, 'KLAMPOK.test.')).text).toContain(`<link rel="canonical" href="http://${KLAMPOK}${path}">`);
    const sitemap = (await get('/sitemap.xml', `${EVIL}:8080`)).text;
    expect(originsIn(sitemap)).toEqual(['http://klampok.test']);
  });

  test('documents carry the registered host: sitemap, robots.txt, feed, API links, OpenAPI server, CSV and GeoJSON', async () => {
    expect((await get('/robots.txt', EVIL)).text).toContain(`Sitemap: http://${KLAMPOK}/sitemap.xml`);
    expect((await get('/sitemap.xml', EVIL)).text).toContain(`<loc>http://${KLAMPOK}/sitemap-halaman.xml</loc>`);
    expect((await get('/feed.xml', EVIL)).text).toContain(`<link rel="alternate" href="http://${KLAMPOK}/berita/${s.slugs.news}"/>`);
    const api = (await get('/api/v1/news', EVIL)).body;
    expect(api.links.self).toBe(`http://${KLAMPOK}/api/v1/news?page=1`);
    expect(api.data[0].url).toBe(`http://${KLAMPOK}/berita/${s.slugs.news}`);
    expect((await get('/api/v1/openapi.json', EVIL)).body.servers).toEqual([{ url: `http://${KLAMPOK}/api/v1` }]);
    expect((await get('/pembangunan.csv', EVIL)).text).toContain(`http://${KLAMPOK}/pembangunan/${s.slugs.project}`);
    const geo = JSON.parse((await get('/peta.geojson', EVIL)).text);
    expect(geo.features.map((f: { properties: { url: string } }) => new URL(f.properties.url).origin)).toEqual(expect.arrayContaining([`http://${KLAMPOK}`]));
  });

  test('X-Forwarded-Host and X-Forwarded-Proto are not believed without TRUST_PROXY', async () => {
    const res = await get(`/berita/${s.slugs.news}`, EVIL).set('X-Forwarded-Host', EVIL).set('X-Forwarded-Proto', 'https');
    expect(originsIn(res.text)).toEqual(['http://klampok.test']);
  });
});

describe('behind a proxy (TRUST_PROXY=1)', () => {
  let s: Site;
  beforeAll(async () => {
    s = await site({ TRUST_PROXY: '1' }, [KLAMPOK]);
  }, SLOW);
  afterAll(() => s.env.close());

  test("the registered host with the proxy's scheme; X-Forwarded-Host is still not a host", async () => {
    for (const path of somePages(s.slugs)) {
      const res = await request(s.env.app).get(path).set('Host', EVIL).set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', EVIL);
      expect([path, res.status, res.text.includes('evil'), originsIn(res.text)]).toEqual([path, 200, false, ['https://klampok.test']]);
    }
  });
});

describe('one kecamatan with PUBLIC_URL', () => {
  let s: Site;
  beforeAll(async () => {
    s = await site({ PUBLIC_URL: 'https://Klampok.Example.ID/' }, [KLAMPOK]);
  }, SLOW);
  afterAll(() => s.env.close());

  test('PUBLIC_URL wins over any Host, registered or not', async () => {
    for (const host of [EVIL, KLAMPOK, 'localhost:3000'])
      for (const path of somePages(s.slugs)) {
        const res = await request(s.env.app).get(path).set('Host', host);
        expect([host, path, res.status, originsIn(res.text)]).toEqual([host, path, 200, ['https://klampok.example.id']]);
      }
    expect((await request(s.env.app).get('/robots.txt').set('Host', EVIL)).text).toContain('Sitemap: https://klampok.example.id/sitemap.xml');
  });
});

describe('one kecamatan without a host name or PUBLIC_URL', () => {
  let s: Site;
  const get = (path: string, host: string) => request(s.env.app).get(path).set('Host', host);
  beforeAll(async () => {
    s = await site({}, [undefined]);
  }, SLOW);
  afterAll(() => s.env.close());

  test('on a loopback host (a trial on this machine) links follow the host and its port', async () => {
    for (const host of ['localhost:3000', '127.0.0.1:8080'])
      for (const path of somePages(s.slugs)) {
        const res = await get(path, host);
        expect([host, path, res.status, originsIn(res.text)]).toEqual([host, path, 200, [`http://${host}`]]);
      }
  });

  test(
    'on any other host no absolute link is written: pages link by path, sitemap and feeds wait for a host',
    async () => {
      const path = `/berita/${s.slugs.news}`;
      for (const host of [EVIL, 'klampok.example.id', '203.0.113.5:3000']) {
        const page = await get(path, host);
        expect([host, page.status, originsIn(page.text)]).toEqual([host, 200, []]);
        expect(page.text).not.toContain('rel="canonical"');
        expect(page.text).not.toContain('og:url');
        expect(page.text).not.toContain('wa.me/?text');
        const api = (await get('/api/v1/news', host)).body;
        expect(api.data[0].url).toBe(`/berita/${s.slugs.news}`);
        expect(api.links.self).toBe('/api/v1/news?page=1');
        for (const doc of ['/sitemap.xml', '/sitemap-halaman.xml', '/sitemap-isi-0.xml', '/feed.xml', '/desa/kalilandak/feed.xml'])
          expect([host, doc, (await get(doc, host)).status]).toEqual([host, doc, 404]);
        const robots = await get('/robots.txt', host);
        expect(robots.text).toContain('Disallow: /admin');
        expect(robots.text).not.toContain('Sitemap:');
        for (const p of ['/pembangunan.csv', '/peta.geojson', '/api/v1/openapi.json', `/produk/${s.slugs.product}`, '/'])
          expect([host, p, originsIn((await get(p, host)).text)]).toEqual([host, p, []]);
      }
    },
    SLOW,
  );

  test('a host registered later is used at once, cached pages included', async () => {
    const path = `/berita/${s.slugs.news}`;
    expect(originsIn((await get(path, EVIL)).text)).toEqual([]);
    await provision(s.env.db, '33.04.02', 'klampok.example.id');
    for (const host of [EVIL, 'klampok.example.id']) expect([host, originsIn((await get(path, host)).text)]).toEqual([host, ['http://klampok.example.id']]);
    expect((await get('/sitemap.xml', EVIL)).status).toBe(200);
  });
});

describe('the demo: only "localhost" registered', () => {
  let s: Site;
  beforeAll(async () => {
    s = await site({}, ['localhost']);
  }, SLOW);
  afterAll(() => s.env.close());

  test('localhost keeps its port; another host gets no localhost links and no links of its own', async () => {
    const path = `/berita/${s.slugs.news}`;
    expect(originsIn((await request(s.env.app).get(path).set('Host', 'localhost:3000')).text)).toEqual(['http://localhost:3000']);
    for (const host of [EVIL, '192.168.1.5:3000']) expect([host, originsIn((await request(s.env.app).get(path).set('Host', host)).text)]).toEqual([host, []]);
  });
});

describe('two kecamatan', () => {
  let s: Site;
  beforeAll(async () => {
    s = await site({ PUBLIC_URL: 'https://satu.example.id' }, [KLAMPOK, 'kramatwatu.test']);
  }, SLOW);
  afterAll(() => s.env.close());

  test('each kecamatan links to its own host; PUBLIC_URL, one address, is not used; an unknown host is still a 404', async () => {
    for (const path of somePages(s.slugs)) {
      const res = await request(s.env.app).get(path).set('Host', KLAMPOK);
      expect([path, res.status, originsIn(res.text)]).toEqual([path, 200, ['http://klampok.test']]);
    }
    const other = await request(s.env.app).get('/sitemap-halaman.xml').set('Host', 'kramatwatu.test');
    expect(originsIn(other.text)).toEqual(['http://kramatwatu.test']);
    expect((await request(s.env.app).get('/').set('Host', EVIL)).status).toBe(404);
  });
});
