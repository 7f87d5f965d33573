import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { viewEngine } from '../../src/http/views';

// The view engine (src/http/views.ts) on templates of its own: what EJS's `with` gave, kept without it.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pendopo-views-'));
const write = (name: string, text: string) => fs.writeFileSync(path.join(root, name), text);
write('page.ejs', '<% const title = "shadowed"; %><%= title %>|<%= who %>|<%- include("/card", { who: "child", extra: 1 }) %>|<%= who %>|<%= typeof extra %>');
write('card.ejs', '<%= who %>:<%= extra %>:<%= site %>');
write('relative.ejs', '<%- include("card") %>');
write('missing.ejs', '<%= notALocal %>');
// What an included template's locals object holds as its own: every name, flat (see the test below).
write('holder.ejs', '<%- include("/own", { extra: 1 }) %>;<%- include("/own") %>');
write('own.ejs', '<%= Object.keys(locals).filter((k) => k !== "include").join(",") %>');

const render = (engine: ReturnType<typeof viewEngine>, file: string, data: object) =>
  new Promise<string>((resolve, reject) => engine(path.join(root, file), data, (err, html) => (err ? reject(err) : resolve(html!))));

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.each([true, false])('production %s', (production) => {
  const engine = viewEngine({ cache: production, debug: !production }, root);

  test('a template may declare a name that is also a local; an include sees its data over its parent’s, the parent keeps its own', async () => {
    expect(await render(engine, 'page.ejs', { title: 'Judul', who: 'parent', site: 'Klampok' })).toBe('shadowed|parent|child:1:Klampok|parent|undefined');
  });

  test('the same template with other locals, or other values, renders them', async () => {
    expect(await render(engine, 'page.ejs', { title: 'x', who: 'a', site: 'A' })).toBe('shadowed|a|child:1:A|a|undefined');
    expect(await render(engine, 'page.ejs', { site: 'B', who: 'b', more: true })).toBe('shadowed|b|child:1:B|b|undefined');
  });

  test('an include’s locals are one flat object, its parent’s own with no data: no prototype chain made per request', async () => {
    // Each request's locals object made a prototype would give the objects made from it new hidden
    // classes on every request, and the names an included template reads would miss V8's caches.
    expect(await render(engine, 'holder.ejs', { who: 'parent', site: 'Klampok' })).toBe('who,site,extra;who,site');
  });

  test('escapes what it prints', async () => {
    expect(await render(engine, 'card.ejs', { who: '<script>', extra: '"', site: '&' })).toBe('&lt;script&gt;:&#34;:&amp;');
  });

  test('a name the locals lack is an error, as under `with`; so is a relative include', async () => {
    await expect(render(engine, 'missing.ejs', {})).rejects.toThrow(/notALocal is not defined/);
    await expect(render(engine, 'relative.ejs', {})).rejects.toThrow(/include paths start at views\//);
  });
});
