import ejs from 'ejs';
import { escapeHtml } from '../../src/http/escape';

// The view engine's escape (src/http/escape.ts) prints exactly what EJS's own would.
const samples: unknown[] = [
  '',
  'Gula kelapa cetak',
  '<script>alert("x")</script>',
  `Tom & Jerry's "café" <b>`,
  '&&&<<<>>>"""\'\'\'',
  'a<',
  '>a',
  '&amp; already escaped',
  'Kecamatan Purworeja Klampok — ✓ 🌾',
  'javascript:alert(1)',
  0,
  42.5,
  false,
  null,
  undefined,
  { toString: () => '<obj>' },
];

test.each(samples.map((s) => [s]))('%p is escaped as EJS escapes it', (value) => {
  expect(escapeHtml(value)).toBe(ejs.escapeXML(value as string));
});

test('a template printing with <%= %> through the view engine gets the same escaping', () => {
  const fn = ejs.compile('<%= v %>', { escape: escapeHtml });
  expect(fn({ v: `<img src=x onerror="a('b')">&` })).toBe('&lt;img src=x onerror=&#34;a(&#39;b&#39;)&#34;&gt;&amp;');
});
