// Readers who miss the page cache together (every anonymous reader, right after a publish) wait for
// the first one's render and are answered from the page it stored (src/http/miss-flight.ts).
// Renders are counted by the village list each render of /desa reads, seen by a Kysely plugin, which
// also holds the first render's result until every other reader waits. It holds the SQLite
// connection meanwhile: the other readers need none, their kecamatan being known (src/http/tenant.ts).
import express from 'express';
import type { KyselyPlugin, PluginTransformResultArgs, QueryResult, UnknownRow } from 'kysely';
import request from 'supertest';
import type { District } from '../../src/db/schema';
import { pageCache } from '../../src/http/page-cache';
import { bumpContentVersion } from '../../src/modules/content/content-version';
import { type TestEnv, createTestEnv } from '../support/app';
import { HOST, type World, contentWorld } from '../support/content';

const VILLAGE_LIST = 'id,name,slug,kind,code';

let env: TestEnv;
let w: World;
let renders = 0;
/** The next render's village list query waits for this, then fails if `fail` is set. */
let hold: { gate: Promise<void>; fail: boolean } | null = null;

const renderCounter: KyselyPlugin = {
  transformQuery: (args) => args.node,
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (Object.keys(result.rows[0] ?? {}).join() !== VILLAGE_LIST) return result;
    renders++;
    const held = hold;
    hold = null;
    if (!held) return result;
    await held.gate;
    if (held.fail) throw new Error('render gagal');
    return result;
  },
};

beforeAll(async () => {
  env = await createTestEnv({}, { plugins: [renderCounter] });
  w = await contentWorld(env);
});
afterAll(() => env.close());

const cache = () => env.app.get('page cache') as ReturnType<typeof pageCache>;
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};
const get = (path: string, encoding = 'identity', host = HOST) =>
  request(env.app)
    .get(path)
    .set('Host', host)
    .set('Accept-Encoding', encoding)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
// The client library decodes the body as a browser would.
const decoded = (res: request.Response) => (res.body as Buffer).toString();

/** Holds the next render at its village list query; the returned function lets it go on. */
function holdNextRender(fail = false) {
  let release!: () => void;
  hold = { gate: new Promise<void>((r) => (release = r)), fail };
  return release;
}

describe('readers who miss together', () => {
  it('are answered from one render: identical pages, each in the encoding it accepts', async () => {
    const before = renders;
    const release = holdNextRender();
    const first = get('/desa?bareng=1').then((r) => r);
    await until(() => renders === before + 1);
    const encodings = ['br', 'gzip', 'identity', 'br, gzip', 'gzip, deflate', 'br', 'identity', 'gzip', 'br'];
    const others = encodings.map((enc) => get('/desa?bareng=1', enc).then((r) => r));
    await until(() => cache().waiting() === encodings.length);
    release();
    const leader = await first;
    const waiters = await Promise.all(others);

    expect(renders).toBe(before + 1);
    expect(leader.status).toBe(200);
    expect(leader.headers['x-cache']).toBe('miss');
    const page = decoded(leader);
    expect(page).toContain('Kalilandak');
    waiters.forEach((res, i) => {
      expect(res.status).toBe(200);
      expect(res.headers['x-cache']).toBe('shared');
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers.vary).toMatch(/Accept-Encoding/);
      const want = encodings[i].startsWith('br') ? 'br' : encodings[i].startsWith('gzip') ? 'gzip' : undefined;
      expect(res.headers['content-encoding']).toBe(want);
      expect(decoded(res)).toBe(page);
    });
    // The plain copy carries the leader's ETag; the encoded ones their own.
    expect(waiters[2].headers.etag).toBe(leader.headers.etag);
    expect(waiters[0].headers.etag).not.toBe(leader.headers.etag);
    expect(cache().inFlight()).toBe(0);
    expect((await get('/desa?bareng=1')).headers['x-cache']).toBe('hit');
    expect(renders).toBe(before + 1);
  });

  it('whose first render fails each render the page themselves, and get it', async () => {
    // A new version, so the page's data is not kept from the test before (src/modules/portal/kept-reads.ts).
    await bumpContentVersion({ db: env.db, district: await env.db.selectFrom('districts').selectAll().where('id', '=', w.dA).executeTakeFirstOrThrow() });
    const before = renders;
    const release = holdNextRender(true);
    const first = get('/desa?gagal=1').then((r) => r);
    await until(() => renders === before + 1);
    const others = [1, 2, 3].map(() => get('/desa?gagal=1').then((r) => r));
    await until(() => cache().waiting() === 3);
    release();
    expect((await first).status).toBe(500);
    for (const res of await Promise.all(others)) {
      expect(res.status).toBe(200);
      expect(res.headers['x-cache']).toBe('miss');
      expect(decoded(res)).toContain('Kalilandak');
    }
    // The failed render's read, then one read of the page's data that the three renders share or find kept.
    expect(renders).toBe(before + 2);
    expect(cache().inFlight()).toBe(0);
    expect(cache().waiting()).toBe(0);
  });
});

describe('the key of a wait', () => {
  /** The page cache before a route whose first render hangs until released. */
  function hungApp(opts: { flightWaitMs?: number } = {}) {
    const cache = pageCache(opts);
    const app = express();
    const state = { version: 1, renders: 0 };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    app.use((req, _res, next) => ((req.district = { id: 1, content_version: state.version } as District), next()));
    app.use(cache);
    app.use(async (req, res) => {
      const n = ++state.renders;
      if (n === 1) await gate;
      res.send(`render ${n} ${req.headers.host} v${state.version}`);
    });
    const get = (path: string, host = HOST) => request(app).get(path).set('Host', host);
    return { cache, state, get, release: () => release() };
  }

  it('another host, another version or a reader with a session never waits for a render under way', async () => {
    const { cache, state, get, release } = hungApp();
    const first = get('/a').then((r) => r);
    await until(() => state.renders === 1);
    const otherHost = await get('/a', 'susukan.test');
    expect(otherHost.text).toBe('render 2 susukan.test v1');
    state.version = 2;
    const newer = await get('/a');
    expect(newer.text).toBe('render 3 klampok.test v2');
    state.version = 1;
    const member = await get('/a').set('Cookie', 'pendopo.sid=abc');
    expect(member.text).toBe('render 4 klampok.test v1');
    expect(member.headers['x-cache']).toBeUndefined();
    expect(cache.waiting()).toBe(0);
    release();
    expect((await first).text).toBe('render 1 klampok.test v1');
  });

  it('is bounded: past it a waiter renders the page itself, and the hung render is not waited for again', async () => {
    const cache = pageCache({ flightWaitMs: 1 });
    const app = express();
    let renders = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    app.use((req, _res, next) => ((req.district = { id: 1, content_version: 1 } as District), next()));
    app.use(cache);
    app.use(async (_req, res) => {
      const n = ++renders;
      if (n === 1) await gate; // a hung render
      res.send(`render ${n}`);
    });
    const first = request(app)
      .get('/a')
      .set('Host', HOST)
      .then((r) => r);
    await until(() => renders === 1);
    const second = await request(app).get('/a').set('Host', HOST);
    expect(second.text).toBe('render 2');
    expect(second.headers['x-cache']).toBe('miss');
    expect(cache.waiting()).toBe(0);
    release();
    expect((await first).text).toBe('render 1');
    expect(cache.inFlight()).toBe(0);
  });
});
