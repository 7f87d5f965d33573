// Stored XSS, over every type of the registry: script payloads in every text field (the type's free
// text detail fields too), the alt text and the uploaded file's name are stored harmlessly (the body
// through the allowlist) and only ever shown escaped, in the workspace and on the public pages.
// Village-level types are written by an operator, kecamatan-only types by the camat office.
import request from 'supertest';
import { z } from 'zod';
import type { SectionDef } from '../../src/modules/content/section';
import { itemPath } from '../../src/modules/portal/paths';
import { SECTIONS } from '../../src/modules/sections';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, contentWorld, createVia, createdId, postForm, rowOrThrow, updateVia, validFields, villageLevel } from '../support/content';
import { solid } from '../support/images';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const SVG = '"><svg onload=alert(1)>';
const JS = 'javascript:alert(1)';
const PAYLOADS = [SCRIPT, IMG, SVG];
const FILE_NAME = `"><img src=x onerror=alert(2)>.jpg`;

const BODY = [
  SCRIPT,
  IMG,
  SVG,
  `[klik](${JS})`,
  '[KLIK](JaVaScRiPt:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox(1))',
  `<a href="${JS}">tautan</a>`,
  '[situs](https://contoh.example/halaman) dan https://lain.example/x',
  '[surat](mailto:desa@contoh.example) [telepon](tel:+6281234567890) [dalam](/desa/kalilandak)',
].join('\n\n');

/** What in stored body HTML could run: a script/svg/img/… tag, an on* or src/style attribute, an href outside the allowlist. */
function dangerousHtml(html: string): string[] {
  const found: string[] = [];
  for (const [, tag, attrs] of html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
    if (/^(script|svg|img|iframe|object|embed|style|math|form|input|base|meta|link)$/i.test(tag)) found.push(`<${tag}>`);
    if (/\son\w+\s*=/i.test(attrs)) found.push(`on* on <${tag}>`);
    if (/\s(src|style|srcdoc|formaction|target)\s*=/i.test(attrs)) found.push(`attribute on <${tag}>`);
    for (const m of attrs.matchAll(/\shref\s*=\s*"([^"]*)"/gi)) if (!/^(https?:|mailto:|tel:|\/(?!\/))/i.test(m[1])) found.push(`href ${m[1]}`);
  }
  return found;
}

/** The payloads a page carries unescaped: the tags as typed, or a link of a real tag to javascript: (escaped body text may say href="javascript:…"). */
function rawPayloads(html: string): string[] {
  const found = [...PAYLOADS, '<img src=x onerror=alert(2)>', '<svg'].filter((p) => html.includes(p));
  if (/<[a-z][^<>]*\shref\s*=\s*["']?\s*javascript:/i.test(html)) found.push(`href="${JS}"`);
  return found;
}

let env: TestEnv;
let op: Agent;
let camat: Agent;
let jpeg: Buffer;

beforeAll(async () => {
  env = await createTestEnv();
  await contentWorld(env);
  op = await login(env.app, HOST, 'op.kalilandak');
  camat = await login(env.app, HOST, 'camat');
  jpeg = await solid(320, 240).jpeg().toBuffer();
});
afterAll(() => env.close());

/**
 * The type's free-text detail fields, each with a payload: those whose parser keeps a payload as
 * typed (a category, date, price or number refuses it), so a new type's text fields join by themselves.
 */
function detailTexts(def: SectionDef): Record<string, string> {
  const texts: Record<string, string> = {};
  Object.entries(def.detailShape).forEach(([field, parser], i) => {
    const payload = [...PAYLOADS.slice(i % PAYLOADS.length), ...PAYLOADS].find((p) => z.safeParse(parser, p).data === p);
    if (payload) texts[field] = payload;
  });
  return texts;
}

describe.each(SECTIONS.map((d) => [d.section, d] as const))('%s with payloads everywhere', (section, def) => {
  let id: number;
  let bare: number;
  const agent = () => (villageLevel(def) ? op : camat);
  const DETAIL_TEXTS = detailTexts(def);

  beforeAll(async () => {
    const fields = {
      ...validFields(section),
      title: `Judul ${SCRIPT}`,
      summary: `${IMG} ${SVG}`,
      body_source: BODY,
      cover_alt: `${SVG}${SCRIPT}`,
      ...DETAIL_TEXTS,
    };
    id = createdId(await createVia(agent(), section, { ...fields, intent: 'publish' }, [{ field: 'cover_file', buffer: jpeg, name: FILE_NAME }]));
    // A second item whose cover has no alt text, so the photo library shows the file's name.
    bare = createdId(await createVia(agent(), section, { ...fields, title: `Kedua ${IMG}`, cover_alt: '' }, [{ field: 'cover_file', buffer: jpeg, name: FILE_NAME }]));
    // And an edit, so that history has two revisions with payloads.
    const cover = String((await rowOrThrow(env.db, id)).cover_media_id);
    const edited = await updateVia(agent(), section, id, { ...fields, title: `Diubah ${SVG}`, version: '1', intent: 'publish', cover_media_id: cover });
    expect(edited.status).toBe(303);
  });

  test('the texts are stored as typed (escaping is the views’ job), the body HTML runs nothing', async () => {
    const row = await rowOrThrow(env.db, id);
    expect(row).toMatchObject({ title: `Diubah ${SVG}`, summary: `${IMG} ${SVG}`, cover_alt: `${SVG}${SCRIPT}`, status: 'published' });
    expect(row.body_source).toBe(BODY);
    expect(dangerousHtml(row.body)).toEqual([]);
    expect(row.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(row.body).toContain('<a href="https://contoh.example/halaman" rel="nofollow ugc noopener">situs</a>');
    expect(row.body).toContain('<a href="https://lain.example/x" rel="nofollow ugc noopener">');
    expect(row.body).toContain('<a href="mailto:desa@contoh.example">surat</a>');
    expect(row.body).toContain('<a href="tel:+6281234567890">telepon</a>');
    expect(row.body).toContain('<a href="/desa/kalilandak">dalam</a>');
    expect(row.body).not.toMatch(/<a[^>]*>klik<\/a>/i);
    const media = await env.db.selectFrom('media').select('original_name').where('id', '=', row.cover_media_id!).executeTakeFirstOrThrow();
    expect(media.original_name).toBe(FILE_NAME);
    expect(await def.loadDetails(env.db, id)).toMatchObject(DETAIL_TEXTS);
  });

  test('its public item page and list show every payload escaped only', async () => {
    const row = await rowOrThrow(env.db, id);
    const pages = [itemPath(def.type, row.slug), ...(def.public.listed ? [def.public.path] : [])];
    for (const path of pages) {
      const res = await request(env.app).get(path).set('Host', HOST);
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, rawPayloads(res.text)]).toEqual([path, []]);
      expect(res.text).toContain('Diubah &#34;&gt;&lt;svg onload=alert(1)&gt;');
    }
  });

  test('list, search, trash list, edit form, history and the media library show every payload escaped only', async () => {
    const pages = [
      `/admin/${section}`,
      `/admin/${section}?q=${encodeURIComponent('<script>')}`,
      `/admin/${section}/${id}/ubah`,
      `/admin/${section}/${bare}/ubah`,
      `/admin/${section}/${id}/riwayat`,
      '/admin/media',
    ];
    for (const path of pages) {
      const res = await agent().get(path).set('Host', HOST);
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, rawPayloads(res.text)]).toEqual([path, []]);
    }
    expect((await agent().get(`/admin/${section}`).set('Host', HOST)).text).toContain('Diubah &#34;&gt;&lt;svg onload=alert(1)&gt;');
    expect((await agent().get('/admin/media').set('Host', HOST)).text).toContain('&#34;&gt;&lt;img src=x onerror=alert(2)&gt;.jpg');
    const edit = (await agent().get(`/admin/${section}/${id}/ubah`).set('Host', HOST)).text;
    expect(edit).toContain('value="Diubah &#34;&gt;&lt;svg onload=alert(1)&gt;"');
    expect(edit).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const library = (await agent().get(`/admin/${section}/${bare}/ubah`).set('Host', HOST)).text;
    expect(library).toContain('&#34;&gt;&lt;img src=x onerror=alert(2)&gt;.jpg');
    const history = (await agent().get(`/admin/${section}/${id}/riwayat`).set('Host', HOST)).text;
    expect(history).toContain('Judul &lt;script&gt;alert(1)&lt;/script&gt;');
    expect((await postForm(agent(), `/admin/${section}/${bare}/hapus`)).status).toBe(303);
    const trash = (await agent().get(`/admin/${section}?sampah=1`).set('Host', HOST)).text;
    expect(trash).toContain('Kedua &lt;img src=x onerror=alert(1)&gt;');
    expect(rawPayloads(trash)).toEqual([]);
  });

  test('a validation error re-renders the payloads escaped too', async () => {
    const res = await createVia(agent(), section, { title: '', summary: SCRIPT, body_source: SVG, cover_alt: IMG, ...DETAIL_TEXTS });
    expect(res.status).toBe(400);
    expect(rawPayloads(res.text)).toEqual([]);
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('the conflict page shows both versions escaped', async () => {
    const row = await rowOrThrow(env.db, id);
    const res = await updateVia(agent(), section, id, { ...validFields(section), title: SCRIPT, body_source: IMG, ...DETAIL_TEXTS, version: String(row.version - 1) });
    expect(res.status).toBe(409);
    expect(rawPayloads(res.text)).toEqual([]);
  });
});
