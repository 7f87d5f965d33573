// /peta lists what has coordinates without JavaScript; /peta.geojson feeds the map; nothing
// unpublished; Leaflet is served from node_modules.
import request from 'supertest';
import { type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, contentWorld, createItemVia } from '../support/content';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  const w = await contentWorld(env);
  const op = await login(env.app, HOST, 'op.kalilandak');
  await createItemVia(op, 'potensi', { title: 'Curug Kalibening', intent: 'publish' });
  await createItemVia(op, 'potensi', { title: 'Potensi draf', intent: 'draft' });
  const now = '2026-01-01 00:00:00';
  await env.db.insertInto('village_profiles').values({ village_id: w.v.pagak, head_name: 'Pak Kades', address: '', phone: '', population_source: '', vision: '', mission: '', history: '', lat: -7.46, lng: 109.55, updated_at: now }).execute();
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

it('serves Leaflet from node_modules', async () => {
  const res = await get('/static/vendor/leaflet/leaflet.js');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/javascript/);
});
