// The content type registry (src/modules/sections/index.ts) holds together: each entry is the type
// it is filed under, the names a type takes in URLs and the API are its own, and every message key
// a definition names, or that code and views build from its type and section, exists.
import { id } from '../../src/i18n/id';
import { SECTIONS, SECTION_OF } from '../../src/modules/sections';

const TYPES = Object.keys(SECTION_OF);

/** The names across the registry that must not repeat, each with what names it. */
const NAMES: [string, (d: (typeof SECTIONS)[number]) => string | null | undefined][] = [
  ['public path', (d) => d.public.path],
  ['workspace section', (d) => d.section],
  ['village segment', (d) => d.public.village?.segment],
  ['API list', (d) => d.public.api?.list],
  ['API schema', (d) => d.public.api?.schemaName],
];

// Top-level paths of the portal that are not a type's: a type's path must not shadow one.
const FIXED_PATHS = ['/admin', '/api', '/cari', '/desa', '/keluar', '/masuk', '/media', '/pasang', '/peta', '/static'];

test('the registry names every type once, under its own type', () => {
  expect(SECTIONS.map((d) => d.type)).toEqual(TYPES);
  for (const [key, def] of Object.entries(SECTION_OF)) expect([key, def.type]).toEqual([key, key]);
});

test.each(NAMES)('no two types share a %s', (_what, nameOf) => {
  const names = SECTIONS.map(nameOf).filter((n): n is string => typeof n === 'string');
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
});

describe.each(SECTIONS.map((d) => [d.type, d] as const))('%s', (type, def) => {
  test("its label is type.<type> (views print t('type.' + type))", () => {
    expect(def.label).toBe(`type.${type}`);
  });

  test('its URL names are plain lowercase words, and its path shadows no fixed portal path', () => {
    expect(def.section).toMatch(/^[a-z][a-z-]*$/);
    expect(def.public.path).toMatch(/^\/[a-z][a-z-]*$/);
    expect(FIXED_PATHS).not.toContain(def.public.path);
    if (def.public.village) expect(def.public.village.segment).toMatch(/^[a-z][a-z-]*$/);
    if (def.public.api) expect(def.public.api.list).toMatch(/^[a-z][a-z_]*$/);
    expect(def.levels.length).toBeGreaterThan(0);
    // A village's section lists its village-level items: a kecamatan-only type would leave it empty.
    if (def.public.village) expect(def.levels).toContain('village');
  });

  test('every message key it names or that is built from it exists, in Indonesian', () => {
    const keys = [
      def.label,
      def.public.title,
      def.public.nav,
      def.public.village?.title,
      // Built from the section by the workspace (src/modules/content/content.routes.ts, views/admin/content/list.ejs, views/partials/admin-nav.ejs).
      `section.${def.section}`,
      `section.new.${def.section}`,
    ].filter((k): k is string => typeof k === 'string');
    const missing = keys.filter((k) => typeof (id as Record<string, unknown>)[k] !== 'string' || (id as Record<string, string>)[k].trim() === '');
    expect(missing).toEqual([]);
  });
});
