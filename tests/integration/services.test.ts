// Layanan (type 'service'): the camat office writes it through the workspace, operators cannot
// touch it, PDF forms travel through the media pipeline, and /layanan and /layanan/:slug show only
// what is published, escaped.
import request from 'supertest';
import { type Agent, type TestEnv, createTestEnv, login } from '../support/app';
import { HOST, type Section, type World, auditOf, contentWorld, countItems, createdId, formOf, itemMedia, postForm, rowOrThrow, statusVia, tokenOf } from '../support/content';
import { pdfBytes, solid } from '../support/images';

let env: TestEnv;
let w: World;
let camat: Agent;
let op: Agent;

const LAYANAN = 'layanan' as Section;
const FIELDS = {
  title: 'Dispensasi nikah',
  summary: 'Rekomendasi bagi calon pengantin yang menikah kurang dari 10 hari kerja.',
  body_source: 'Diurus **langsung** oleh pemohon.',
  audience: 'Calon pengantin',
  requirements: 'Fotokopi KTP\r\n\r\n  Surat pengantar desa  \nFormulir N1',
  steps: 'Ambil nomor antrean\nSerahkan berkas di loket\nTerima surat',
  duration: '1 hari kerja',
  cost: 'gratis',
  cost_note: 'tidak dipungut biaya',
  place: 'Loket Pelayanan Kantor Kecamatan',
  contact: '0812-3456-7890',
};

interface Upload {
  field: 'document_files' | 'cover_file';
  buffer: Buffer;
  name: string;
  type: string;
}

/** Posts the layanan form as a browser does (multipart, the token in the action URL). */
async function post(agent: Agent, path: string, fields: Record<string, string | string[]>, files: Upload[] = []) {
  const req = agent.post(`${path}?_csrf=${encodeURIComponent(await tokenOf(agent))}`).set('Host', HOST);
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) req.field(k, one);
  for (const f of files) req.attach(f.field, f.buffer, { filename: f.name, contentType: f.type });
  return req;
}

const pdf = (name: string, text = 'Formulir N1') => ({ field: 'document_files' as const, buffer: pdfBytes(text), name, type: 'application/pdf' });
const get = (path: string) => request(env.app).get(path).set('Host', HOST);
const detailsOf = (id: number) => env.db.selectFrom('service_details').selectAll().where('item_id', '=', id).executeTakeFirst();
const mediaCount = async () => (await env.db.selectFrom('media').select('id').execute()).length;

async function create(fields: Record<string, string>, files: Upload[] = []): Promise<number> {
  return createdId(await post(camat, '/admin/layanan', { ...FIELDS, intent: 'publish', ...fields }, files));
}
const slugOf = async (id: number) => (await rowOrThrow(env.db, id)).slug;

beforeAll(async () => {
  env = await createTestEnv();
  w = await contentWorld(env);
  camat = await login(env.app, HOST, 'camat');
  op = await login(env.app, HOST, 'op.kalilandak');
});
afterAll(() => env.close());

describe('the workspace', () => {
  test('the camat office creates and publishes a layanan: item, details (one entry a line, "gratis" is 0), audit entry', async () => {
    const id = await create({});
    const item = await rowOrThrow(env.db, id);
    expect(item).toMatchObject({ type: 'service', status: 'published', village_id: null, district_id: w.dA, title: FIELDS.title });
    const d = await detailsOf(id);
    expect(d).toMatchObject({
      audience: 'Calon pengantin',
      requirements: 'Fotokopi KTP\nSurat pengantar desa\nFormulir N1',
      steps: 'Ambil nomor antrean\nSerahkan berkas di loket\nTerima surat',
      duration: '1 hari kerja',
      cost_note: 'tidak dipungut biaya',
      place: FIELDS.place,
      contact: FIELDS.contact,
    });
    expect(Number(d!.cost)).toBe(0);
    expect(await auditOf(env.db, 'content.created', id)).toHaveLength(1);
  });

  test('an edit through the form changes the details and keeps a revision', async () => {
    const id = await create({ title: 'Legalisasi dokumen' });
    const page = await camat.get(`/admin/layanan/${id}/ubah`).set('Host', HOST);
    expect(page.status).toBe(200);
    const { action, fields } = formOf(page.text);
    const res = await post(camat, action.replace(/\?.*$/, ''), { ...fields, cost: 'Rp 10.000', steps: 'Datang ke loket\nBayar di kasir' });
    expect(res.status).toBe(303);
    const d = await detailsOf(id);
    expect(Number(d!.cost)).toBe(10000);
    expect(d!.steps).toBe('Datang ke loket\nBayar di kasir');
    expect(d!.audience).toBe(FIELDS.audience);
    expect(await auditOf(env.db, 'content.updated', id)).toHaveLength(1);
    expect((await env.db.selectFrom('content_revisions').select('id').where('item_id', '=', id).execute()).length).toBe(2);
  });

  test('an operator never sees it: the section answers 403 and nothing changes', async () => {
    const id = await create({ title: 'Surat keterangan pindah' });
    const before = { item: await rowOrThrow(env.db, id), details: await detailsOf(id), items: await countItems(env.db) };
    expect((await op.get('/admin/layanan').set('Host', HOST)).status).toBe(403);
    expect((await op.get(`/admin/layanan/${id}/ubah`).set('Host', HOST)).status).toBe(403);
    expect((await post(op, '/admin/layanan', { ...FIELDS, intent: 'publish' })).status).toBe(403);
    expect((await post(op, `/admin/layanan/${id}`, { ...FIELDS, title: 'Diubah operator', version: '1', intent: 'publish' })).status).toBe(403);
    expect((await postForm(op, `/admin/layanan/${id}/hapus`)).status).toBe(403);
    expect({ item: await rowOrThrow(env.db, id), details: await detailsOf(id), items: await countItems(env.db) }).toEqual(before);
    expect((await op.get('/admin').set('Host', HOST)).text).not.toContain('href="/admin/layanan"');
  });

  test('crafted fields: a village_id is refused (kecamatan-level only), status/author/unknown fields are refused, nothing stored', async () => {
    const items = await countItems(env.db);
    const res = await post(camat, '/admin/layanan', { ...FIELDS, village_id: String(w.v.kalilandak), intent: 'publish' });
    expect(res.status).toBe(400);
    for (const extra of [{ status: 'published' }, { author_id: String(w.u.pagak) }, { district_id: String(w.dB) }, { type: 'product' }] as Record<string, string>[]) {
      expect((await post(camat, '/admin/layanan', { ...FIELDS, ...extra, intent: 'draft' })).status).toBe(400);
    }
    expect(await countItems(env.db)).toBe(items);
  });

  test('a bad cost or too many requirement lines: 400, the message shown, everything typed kept, nothing stored', async () => {
    const items = await countItems(env.db);
    const res = await post(camat, '/admin/layanan', { ...FIELDS, cost: 'seikhlasnya', intent: 'publish' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="cost-error"/);
    expect(formOf(res.text).fields).toMatchObject({ ...FIELDS, cost: 'seikhlasnya' });
    const long = Array.from({ length: 31 }, (_, i) => `Syarat ${i + 1}`).join('\n');
    const res2 = await post(camat, '/admin/layanan', { ...FIELDS, requirements: long, intent: 'publish' });
    expect(res2.status).toBe(400);
    expect(res2.text).toContain('Paling banyak 30 baris');
    expect(formOf(res2.text).fields.requirements).toBe(long);
    expect(await countItems(env.db)).toBe(items);
  });
});

describe('PDF forms', () => {
  test('uploaded PDFs attach to the item, are listed on its page and download as attachments', async () => {
    const id = await create({ title: 'Izin keramaian' }, [pdf('Formulir izin keramaian.pdf'), pdf('surat-pernyataan.pdf', 'Pernyataan')]);
    const media = await itemMedia(env.db, id);
    expect(media).toHaveLength(2);
    const rows = await env.db
      .selectFrom('media')
      .select(['id', 'kind', 'original_name', 'village_id', 'files'])
      .where(
        'id',
        'in',
        media.map((m) => m.media_id),
      )
      .execute();
    expect(rows.map((r) => [r.kind, r.original_name, r.village_id]).sort()).toEqual([
      ['pdf', 'Formulir izin keramaian.pdf', null],
      ['pdf', 'surat-pernyataan.pdf', null],
    ]);
    const page = await get(`/layanan/${await slugOf(id)}`);
    expect(page.status).toBe(200);
    const link = /<a href="(\/media\/[^"]+\.pdf)" download>Formulir izin keramaian\.pdf<\/a> <span class="muted">\(PDF, \d+ KB\)<\/span>/.exec(page.text);
    expect(link).not.toBeNull();
    const file = await get(link![1]);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body.toString('latin1')).toContain('Formulir N1');
  });

  test('the edit form keeps attached PDFs checked; unchecking one detaches it', async () => {
    const id = await create({ title: 'Surat rekomendasi' }, [pdf('a.pdf'), pdf('b.pdf', 'B')]);
    const page = await camat.get(`/admin/layanan/${id}/ubah`).set('Host', HOST);
    const { fields } = formOf(page.text);
    expect(fields.document_ids).toHaveLength(2);
    expect(fields.media_ids).toBeUndefined();
    // Saved as it is: both stay.
    expect((await post(camat, `/admin/layanan/${id}`, fields)).status).toBe(303);
    expect(await itemMedia(env.db, id)).toHaveLength(2);
    const [keep] = fields.document_ids as string[];
    const again = formOf((await camat.get(`/admin/layanan/${id}/ubah`).set('Host', HOST)).text).fields;
    expect((await post(camat, `/admin/layanan/${id}`, { ...again, document_ids: keep })).status).toBe(303);
    expect((await itemMedia(env.db, id)).map((m) => m.media_id)).toEqual([Number(keep)]);
  });

  test('a trip through the photo picker keeps the attached PDFs', async () => {
    const id = await create({ title: 'Surat keterangan tidak mampu' }, [pdf('sktm.pdf')]);
    const { fields } = formOf((await camat.get(`/admin/layanan/${id}/ubah`).set('Host', HOST)).text);
    const back = await postForm(camat, `/admin/layanan/${id}/pustaka`, { ...(fields as Record<string, string>), title: 'SKTM', back: '1' });
    expect(back.status).toBe(200);
    const again = formOf(back.text).fields;
    expect([again.title, again.document_ids]).toEqual(['SKTM', fields.document_ids]);
    expect((await post(camat, `/admin/layanan/${id}`, again)).status).toBe(303);
    expect((await itemMedia(env.db, id)).map((m) => String(m.media_id))).toEqual([fields.document_ids]);
    expect((await rowOrThrow(env.db, id)).title).toBe('SKTM');
  });

  test('an image in the PDF field is refused in Indonesian: nothing stored, everything typed kept', async () => {
    const jpeg = await solid(40, 30).jpeg().toBuffer();
    const [items, media] = [await countItems(env.db), await mediaCount()];
    const res = await post(camat, '/admin/layanan', { ...FIELDS, title: 'Surat keterangan usaha', intent: 'publish' }, [
      pdf('ok.pdf'),
      { field: 'document_files', buffer: jpeg, name: 'foto.pdf', type: 'application/pdf' },
    ]);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Berkas &#34;foto.pdf&#34; bukan PDF');
    // The other fields were valid: shown back as read (one entry a line, "gratis" as 0), as the cover refusal does.
    expect(formOf(res.text).fields).toMatchObject({ ...FIELDS, title: 'Surat keterangan usaha', requirements: 'Fotokopi KTP\nSurat pengantar desa\nFormulir N1', cost: '0' });
    expect([await countItems(env.db), await mediaCount()]).toEqual([items, media]);
  });

  test('another type has no PDF field: a document_files part is refused', async () => {
    const res = await post(camat, '/admin/pengumuman', { title: 'Libur', intent: 'draft' }, [pdf('x.pdf')]);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="cover_file-error"/);
  });
});

describe('the public pages', () => {
  test('/layanan lists published services A–Z with who, how long and the cost ("Gratis" for 0)', async () => {
    await create({ title: 'Zonasi sekolah', cost: '0', audience: 'Orang tua murid' });
    await create({ title: 'Akta kelahiran', cost: '25.000', duration: '3 hari kerja' });
    const page = await get('/layanan');
    expect(page.status).toBe(200);
    const titles = [...page.text.matchAll(/<h2><a href="\/layanan\/[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);
    expect(titles).toEqual([...titles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(titles).toEqual(expect.arrayContaining(['Akta kelahiran', 'Zonasi sekolah']));
    const entry = (title: string) => page.text.slice(page.text.indexOf(`>${title}<`)).split('</li>')[0];
    expect(entry('Zonasi sekolah')).toContain('Orang tua murid');
    expect(entry('Zonasi sekolah')).toContain('Gratis');
    expect(entry('Akta kelahiran')).toContain('Rp 25.000');
    expect(entry('Akta kelahiran')).toContain('3 hari kerja');
    expect(page.text).toContain('href="/layanan"');
  });

  test('a service page: requirements and steps as lists, facts, canonical, share links and GovernmentService JSON-LD', async () => {
    const id = await create({ title: 'Surat pindah', cost: 'Rp 5.000' });
    const slug = await slugOf(id);
    const page = await get(`/layanan/${slug}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<li>Surat pengantar desa</li>');
    expect(page.text).toMatch(/<ol>\s*<li>Ambil nomor antrean<\/li>/);
    expect(page.text).toContain('Rp 5.000 (tidak dipungut biaya)');
    expect(page.text).toContain(`<link rel="canonical" href="http://${HOST}/layanan/${slug}">`);
    expect(page.text).toContain('https://wa.me/?text=');
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page.text)![1]) as Record<string, unknown>;
    expect(ld).toMatchObject({
      '@type': 'GovernmentService',
      name: 'Surat pindah',
      url: `http://${HOST}/layanan/${slug}`,
      offers: { price: 5000, priceCurrency: 'IDR' },
      audience: { audienceType: 'Calon pengantin' },
    });
  });

  test('a draft, a submitted-then-trashed and an archived service are 404 and not listed', async () => {
    const draft = createdId(await post(camat, '/admin/layanan', { ...FIELDS, title: 'Draf layanan', intent: 'draft' }));
    const trashed = await create({ title: 'Dibuang layanan' });
    await postForm(camat, `/admin/layanan/${trashed}/hapus`);
    const archived = await create({ title: 'Diarsip layanan' });
    await statusVia(camat, LAYANAN, archived, 'archive');
    expect((await rowOrThrow(env.db, trashed)).deleted_at).not.toBeNull();
    expect((await rowOrThrow(env.db, archived)).status).toBe('archived');
    const list = (await get('/layanan')).text;
    for (const id of [draft, trashed, archived]) {
      expect((await get(`/layanan/${await slugOf(id)}`)).status).toBe(404);
      expect(list).not.toContain(`/layanan/${await slugOf(id)}"`);
    }
  });

  test('markup in every text field is escaped on the list and the page, and in the JSON-LD', async () => {
    const XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const fields = Object.fromEntries(['title', 'summary', 'audience', 'requirements', 'steps', 'duration', 'cost_note', 'place', 'contact'].map((k) => [k, `${k} ${XSS}`]));
    const id = await create({ ...fields, title: `Layanan ${XSS}`.slice(0, 200), body_source: XSS });
    for (const page of [(await get('/layanan')).text, (await get(`/layanan/${await slugOf(id)}`)).text]) {
      expect(page).not.toContain('<script>alert(1)');
      expect(page).not.toContain('<img src=x');
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const show = (await get(`/layanan/${await slugOf(id)}`)).text;
    for (const k of ['audience', 'requirements', 'steps', 'duration', 'cost_note', 'place', 'contact']) expect(show).toContain(`${k} &lt;script&gt;`);
    expect(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(show)![1]).toContain('\\u003cscript>');
  });
});
