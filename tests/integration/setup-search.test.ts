import request from 'supertest';
import { issueSetupToken } from '../../src/modules/setup/setup.service';
import { type TestEnv, createTestEnv } from '../support/app';

// /pasang searches the official list with src/regions/search.ts (unit-tested in region-search.test.ts).
const HOST = 'klampok.example.id';
let env: TestEnv;
let token: string;

beforeAll(async () => {
  env = await createTestEnv();
  token = (await issueSetupToken(env.db))!;
});
afterAll(() => env.close());

const choices = async (q: string) => {
  const res = await request(env.app)
    .get(`/pasang?token=${token}&q=${encodeURIComponent(q)}`)
    .set('Host', HOST);
  expect(res.status).toBe(200);
  return [...res.text.matchAll(/name="district_code" value="([\d.]+)"/g)].map((m) => m[1]);
};

test.each([
  ['the old spelling', 'Purwareja'],
  ['a typo', 'Klamopk'],
  ['a code prefix with dots', '33.04'],
  ['a code prefix without dots', '3304'],
])('%s (%s) offers Purworeja Klampok', async (_what, q) => {
  expect(await choices(q)).toContain('33.04.02');
});

test('the closest spelling is offered first, and checked', async () => {
  const res = await request(env.app).get(`/pasang?token=${token}&q=Purwareja`).set('Host', HOST);
  expect(res.text).toMatch(/<input type="radio" name="district_code" value="33\.04\.02" checked>/);
  expect((await choices('Purwareja'))[0]).toBe('33.04.02');
});

test('a search with no match still says so', async () => {
  expect(await choices('zzqqxx')).toEqual([]);
});
