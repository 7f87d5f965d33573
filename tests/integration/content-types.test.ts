// Every type of the registry (src/modules/sections/index.ts) is wired everywhere its definition says:
// one item per type, published through the workspace, keeps its details as its form parsed them and
// is found on its item page, its list, its village's section, search (under the type's label), the
// sitemap, the feed, the API and its OpenAPI document, the map when it has a map part, and the
// portal menu links every type that names a menu label; its workspace form offers exactly the values
// its choice fields accept. A type added to the registry without its
// page, search group, feed label, API list or map part fails here.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { t } from '../../src/i18n';
import { choicesOf } from '../../src/modules/content/fields';
import type { SectionDef } from '../../src/modules/content/section';
import { parseSnapshot } from '../../src/modules/content/snapshot';
import { itemPath } from '../../src/modules/portal/paths';
import { IDS_PER_CHILD } from '../../src/modules/portal/sitemap.routes';
import { SECTIONS } from '../../src/modules/sections';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, VALID_FORMS, contentWorld, createItemVia, revisions, rowOrThrow, villageLevel } from '../support/content';

const ORIGIN = `http://${HOST}`;
const VILLAGE = 'kalilandak';

let env: TestEnv;
/** Per type: the published item's id, path and the word only its title carries. */
const made = new Map<string, { id: number; path: string; word: string; title: string }>();
const get = (path: string) => request(env.app).get(path).set('Host', HOST);
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'url', 'link', 'category'].includes(name) });
const xml = (text: string) => {
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text);
};
const locsOf = (text: string): string[] => (xml(text).urlset.url ?? []).map((u: { loc: string }) => u.loc);
const of = (def: SectionDef) => made.get(def.type)!;
/** The workspace user who writes the type: a village's operator or the camat office. */
const writers = new Map<'village' | 'district', Agent>();

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
  const op = await login(env.app, HOST, 'op.kalilandak');
  const camat = await login(env.app, HOST, 'camat');
  writers.set('village', op).set('district', camat);
  for (const def of SECTIONS) {
    // A word of letters only, unique to the type, so search finds exactly this item.
    const word = `tandauji${def.type.replace(/[^a-z]/g, '')}`;
    const title = `Kabar ${word} terbaru`;
    const fields = { ...VALID_FORMS[def.type](title), intent: 'publish' };
    const id = await createItemVia(villageLevel(def) ? op : camat, def.section, fields);
    const row = await rowOrThrow(env.db, id);
    expect([def.type, row.status]).toEqual([def.type, 'published']);
    made.set(def.type, { id, path: itemPath(def.type, row.slug), word, title });
  }
});
afterAll(() => env.close());

describe.each(SECTIONS.map((d) => [d.type, d] as const))('%s', (_type, def) => {
  test('its item page shows it; its list and its village’s section list it', async () => {
    const { path, title } = of(def);
    const page = await get(path);
    expect([path, page.status]).toEqual([path, 200]);
    expect(page.text).toContain(title);
    if (def.public.listed) expect((await get(def.public.path)).text).toContain(`href="${path}"`);
    if (def.public.village) expect((await get(`/desa/${VILLAGE}/${def.public.village.segment}`)).text).toContain(`href="${path}"`);
  });

  test('its form offers, for each choice field, exactly the values its schema accepts', async () => {
    const form = await writers
      .get(villageLevel(def) ? 'village' : 'district')!
      .get(`/admin/${def.section}/baru`)
      .set('Host', HOST);
    expect(form.status).toBe(200);
    for (const field of Object.keys(def.detailShape)) {
      const choices = choicesOf(def.detailShape, field);
      if (choices.length === 0) continue;
      const select = new RegExp(`<select[^>]*name="${field}"[^>]*>([\\s\\S]*?)</select>`).exec(form.text);
      expect([field, select !== null]).toEqual([field, true]);
      expect([field, [...select![1].matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter((v) => v !== '')]).toEqual([field, [...choices]]);
    }
  });

  test('its details are stored as the form parsed them: a column for each of its detail fields, the values its revision keeps', async () => {
    const { id } = of(def);
    const stored = await def.loadDetails(env.db, id);
    expect(Object.keys(stored ?? {}).sort()).toEqual(Object.keys(def.detailShape).sort());
    expect(stored).toEqual(parseSnapshot((await revisions(env.db, id)).at(-1)!.data).details);
  });

  test('search finds it under the type’s label', async () => {
    const { path, word } = of(def);
    const res = await get(`/cari?q=${word}`);
    expect(res.status).toBe(200);
    const group = new RegExp(`<section aria-labelledby="hasil-${def.type}">([\\s\\S]*?)</section>`).exec(res.text);
    expect(group?.[1]).toContain(`>${t(def.label)} <span`);
    expect(group?.[1]).toContain(`href="${path}"`);
  });

  test('the sitemap lists its list page, its village’s section and the item itself', async () => {
    const { id, path } = of(def);
    const pages = locsOf((await get('/sitemap-halaman.xml')).text);
    if (def.public.listed) expect(pages).toContain(`${ORIGIN}${def.public.path}`);
    if (def.public.village) expect(pages).toContain(`${ORIGIN}/desa/${VILLAGE}/${def.public.village.segment}`);
    const child = `/sitemap-isi-${Math.floor(id / IDS_PER_CHILD)}.xml`;
    expect((await get('/sitemap.xml')).text).toContain(`<loc>${ORIGIN}${child}</loc>`);
    expect(locsOf((await get(child)).text)).toContain(`${ORIGIN}${path}`);
  });

  test('the feed carries it with the type’s label', async () => {
    const { path } = of(def);
    const entries: { link: { '@_href': string }[]; category: { '@_term': string; '@_label': string }[] }[] = xml((await get('/feed.xml')).text).feed.entry;
    const entry = entries.find((e) => e.link[0]['@_href'] === `${ORIGIN}${path}`);
    expect(entry?.category).toEqual([{ '@_term': def.type, '@_label': t(def.label) }]);
  });

  test('the API serves it with every field of its definition and OpenAPI describes its list, or neither knows the type', async () => {
    const api = def.public.api;
    const doc = (await get('/api/v1/openapi.json')).body;
    const types: string[] = doc.components.schemas.Item.properties.type.enum;
    if (!api) {
      expect(types).not.toContain(def.type);
      return;
    }
    expect(types).toContain(def.type);
    expect(doc.components.schemas[api.schemaName]).toBeDefined();
    expect(doc.paths[`/${api.list}`].get.responses['200'].content['application/json'].schema.properties.data.items).toEqual({ $ref: `#/components/schemas/${api.schemaName}` });
    const res = await get(`/api/v1/${api.list}`);
    expect(res.status).toBe(200);
    const item = (res.body.data as { url: string; type: string }[]).find((i) => i.url === `${ORIGIN}${of(def).path}`);
    expect(item?.type).toBe(def.type);
    if (api.fields) {
      expect(Object.keys(item!)).toEqual(expect.arrayContaining(Object.keys(api.fields.shape)));
      expect(api.fields.safeParse(item).error).toBeUndefined();
    }
  });

  test('the map lists it with its text, keys it in the legend and colours it, or knows nothing of it', async () => {
    const { path, title } = of(def);
    const page = (await get('/peta')).text;
    const features: { properties: { kind: string; url: string; detail: string; 'marker-color': string } }[] = JSON.parse((await get('/peta.geojson')).text).features;
    const points = features.filter((f) => f.properties.kind === def.type);
    const map = def.public.map;
    if (!map) {
      expect(points).toEqual([]);
      return;
    }
    expect(points.map((f) => f.properties.url)).toEqual([`${ORIGIN}${path}`]);
    const heading = t(map.title);
    expect(page).toMatch(new RegExp(`<li><svg class="swatch"[^>]*><circle [^>]*stroke="${map.colour}" [^>]*fill="${map.colour}"[^>]*></svg> ${heading}</li>`));
    const list = page.split('<section>').find((s) => s.includes(`<h2>${heading} (`));
    const detail = points[0].properties.detail;
    expect(list).toContain(`<a href="${path}">${title}</a>${detail ? ` · ${detail}` : ''} `);
    // Its markers carry its colour, which the served map script draws them in (public/js/map.js).
    expect(points.map((f) => f.properties['marker-color'])).toEqual([map.colour]);
    const js = await get(/<script src="(\/static\/js\/map\.[^"]+)"/.exec(page)![1]);
    expect(js.text).toContain(`f.properties['marker-color']`);
  });
});

test('the portal menu links the list of every type that names a menu label, in registry order', async () => {
  const html = (await get('/')).text;
  const menu = /<nav aria-label="[^"]*">([\s\S]*?)<\/nav>/.exec(html)![1];
  const links = [...menu.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
  const want = SECTIONS.filter((d) => d.public.nav).map((d) => `${d.public.path} ${t(d.public.nav!)}`);
  expect(want.length).toBeGreaterThan(0);
  expect(links.filter((l) => SECTIONS.some((d) => l.startsWith(`${d.public.path} `)))).toEqual(want);
});
