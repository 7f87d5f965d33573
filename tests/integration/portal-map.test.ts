// /peta lists what has coordinates without JavaScript; /peta.geojson feeds the map; nothing
// unpublished; Leaflet is served from node_modules.
import request from 'supertest';
import { type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, contentWorld, createItemVia, multipart } from '../support/content';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  const w = await contentWorld(env);
  const op = await login(env.app, HOST, 'op.kalilandak');
  await createItemVia(op, 'potensi', { title: 'Curug Kalibening', intent: 'publish' });
  await createItemVia(op, 'potensi', { title: 'Potensi draf', intent: 'draft' });
  const road = await createItemVia(op, 'pembangunan', { title: 'Rabat beton Dusun Kalibening', lat: '-7.4231', lng: '109.4567', intent: 'publish' });
  const update = await multipart(op, HOST, `/admin/pembangunan/${road}/progres`, { update_date: '2026-04-15', percent: '40', note: 'Pengecoran separuh jalan.' });
  expect(update.status).toBe(303);
  const now = '2026-01-01 00:00:00';
  await env.db
    .insertInto('village_profiles')
    .values({ village_id: w.v.pagak, head_name: 'Pak Kades', address: '', phone: '', population_source: '', vision: '', mission: '', history: '', lat: -7.46, lng: 109.55, updated_at: now })
    .execute();
});
afterAll(() => env.close());

const get = (path: string) => request(env.app).get(path).set('Host', HOST);

it('/peta lists villages and potensi with coordinates as plain links', async () => {
  const res = await get('/peta');
  expect(res.status).toBe(200);
  expect(res.text).toContain('href="/desa/pagak"');
  expect(res.text).toMatch(/href="\/potensi\/curug-kalibening[^"]*">Curug Kalibening<\/a>/);
  expect(res.text).not.toContain('Potensi draf');
  expect(res.text).toMatch(/src="\/static\/js\/map\.[0-9a-f]{10}\.js"/);
});

it('/peta.geojson is a FeatureCollection of published points only', async () => {
  const res = await get('/peta.geojson');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
  const geo = JSON.parse(res.text);
  expect(geo.type).toBe('FeatureCollection');
  const names = geo.features.map((f: { properties: { name: string } }) => f.properties.name);
  expect(names).toEqual(expect.arrayContaining(['Desa Pagak', 'Curug Kalibening']));
  expect(names).not.toContain('Potensi draf');
  const curug = geo.features.find((f: { properties: { name: string } }) => f.properties.name === 'Curug Kalibening');
  expect(curug.geometry).toEqual({ type: 'Point', coordinates: [109.5114, -7.4167] });
  expect(curug.properties.url).toMatch(/^http:\/\/klampok\.test\/potensi\//);
});

it('each point carries its text: a potensi’s category label, a project’s progress', async () => {
  const geo = JSON.parse((await get('/peta.geojson')).text);
  const props = geo.features.map((f: { properties: { kind: string; name: string; detail: string } }) => [f.properties.kind, f.properties.name, f.properties.detail]);
  expect(props).toEqual(
    expect.arrayContaining([
      ['village', 'Desa Pagak', ''],
      ['potential', 'Curug Kalibening', 'Wisata'],
      ['project', 'Rabat beton Dusun Kalibening', '40%'],
    ]),
  );
  const page = (await get('/peta')).text;
  expect(page).toMatch(/href="\/potensi\/curug-kalibening">Curug Kalibening<\/a> · Wisata </);
  expect(page).toMatch(/href="\/pembangunan\/rabat-beton-dusun-kalibening">Rabat beton Dusun Kalibening<\/a> · 40% </);
});

it("/peta lists and keys villages, potensi and pembangunan in that order, each in its markers' colour", async () => {
  const page = (await get('/peta')).text;
  expect([...page.matchAll(/<svg class="swatch"[^>]*><circle [^>]*stroke="(#[0-9a-f]{6})"[^>]*><\/svg> ([^<]+)<\/li>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
    '#1d4ed8 Desa dan kelurahan',
    '#15803d Potensi',
    '#b45309 Pembangunan',
  ]);
  const colours = JSON.parse((await get('/peta.geojson')).text).features.map((f: { properties: Record<string, string> }) => `${f.properties.kind} ${f.properties['marker-color']}`);
  expect(new Set(colours)).toEqual(new Set(['village #1d4ed8', 'potential #15803d', 'project #b45309']));
  expect([...page.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1])).toEqual(['Desa dan kelurahan (1)', 'Potensi (1)', 'Pembangunan (1)']);
});

it('serves Leaflet from node_modules', async () => {
  const res = await get('/static/vendor/leaflet/leaflet.js');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/javascript/);
});

it('/peta has a legend, a tile-failure message and a no-JS note; the default tiles are OpenStreetMap’s, allowed by the CSP', async () => {
  const res = await get('/peta');
  expect(res.text).toMatch(/<ul id="peta-legenda" class="map-legend" hidden/);
  expect(res.text).toContain('Peta dasar tidak dapat dimuat');
  expect(res.text).toMatch(/<noscript>[^<]*<p[^>]*>Peta interaktif memerlukan JavaScript/);
  expect(res.text).toContain('data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"');
  expect(res.headers['content-security-policy']).toMatch(/img-src 'self' data: https:\/\/tile\.openstreetmap\.org;/);
});

describe('a custom tile server (MAP_TILE_URL, MAP_TILE_ATTRIBUTION)', () => {
  let custom: TestEnv;
  beforeAll(async () => {
    custom = await createTestEnv({ MAP_TILE_URL: 'https://peta.banjarnegarakab.go.id:8443/osm/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Pemkab <Banjarnegara> & OSM' });
    await contentWorld(custom);
  });
  afterAll(() => custom.close());

  it('the page points the map at it, the credit escaped, and the CSP allows exactly that host', async () => {
    const res = await request(custom.app).get('/peta').set('Host', HOST);
    expect(res.text).toContain('data-tiles="https://peta.banjarnegarakab.go.id:8443/osm/{z}/{x}/{y}.png"');
    expect(res.text).toContain('data-attribution="© Pemkab &lt;Banjarnegara&gt; &amp; OSM"');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/img-src 'self' data: https:\/\/peta\.banjarnegarakab\.go\.id:8443;/);
    expect(csp).not.toContain('tile.openstreetmap.org');
  });
});
