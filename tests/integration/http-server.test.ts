// The server npm start runs (src/http/server.ts): requests and responses are born with every field
// the middleware gives them, so serving a page adds no property to either (each one added cost
// about 1.4 KB of allocation); and pages, logins and forms work through it as through Express's own.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { httpServer } from '../../src/http/server';
import { PASSWORD, type TestEnv, createTestEnv, csrfOf } from '../support/app';
import { HOST, type World, contentWorld, createItemVia, rowOrThrow } from '../support/content';

let env: TestEnv;
let w: World;
let server: Server;
let added: { url: string; method: string; req: string[]; res: string[] }[] = [];

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  server = httpServer(env.app);
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const before = { req: new Set(Object.keys(req)), res: new Set(Object.keys(res)) };
    res.once('finish', () => {
      added.push({
        url: req.url ?? '',
        method: req.method ?? '',
        req: Object.keys(req).filter((k) => !before.req.has(k)),
        res: Object.keys(res).filter((k) => !before.res.has(k)),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  expect((server.address() as AddressInfo).port).toBeGreaterThan(0);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
});
beforeEach(() => {
  added = [];
});

const gets = () => added.filter((a) => a.method === 'GET');

test('an anonymous reader, a cache miss and a hit, plain and compressed: no property added to a request or response', async () => {
  const villageSlug = (await env.db.selectFrom('villages').select('slug').where('id', '=', w.v.kalilandak).executeTakeFirstOrThrow()).slug;
  for (const path of ['/', '/berita', '/produk', `/desa/${villageSlug}`, '/sitemap.xml', '/api/v1/news', '/feed.xml', '/cari?q=kopi', '/nope']) {
    for (const encoding of ['identity', 'gzip', 'br']) {
      const res = await request(server).get(path).set('Host', HOST).set('Accept-Encoding', encoding);
      expect(res.status).toBe(path === '/nope' ? 404 : 200);
    }
  }
  expect(gets()).toHaveLength(27);
  expect(gets().filter((a) => a.req.length + a.res.length > 0)).toEqual([]);
});

test('an operator logs in, publishes through a form and reads the portal: the GETs add no property either', async () => {
  const agent = request.agent(server);
  const token = await csrfOf(agent, HOST);
  const login = await agent.post('/masuk').set('Host', HOST).type('form').send({ _csrf: token, username: 'op.kalilandak', password: PASSWORD });
  expect([login.status, login.headers.location]).toEqual([302, '/admin']);
  const id = await createItemVia(agent, 'berita', { title: 'Panen raya lewat server sendiri', intent: 'publish' });
  expect((await rowOrThrow(env.db, id)).status).toBe('published');
  for (const path of ['/', '/berita', '/admin', '/admin/berita']) {
    const res = await agent.get(path).set('Host', HOST).set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    if (path === '/berita') expect(res.text).toContain('Panen raya lewat server sendiri');
  }
  expect(gets().filter((a) => a.req.length + a.res.length > 0)).toEqual([]);
});
