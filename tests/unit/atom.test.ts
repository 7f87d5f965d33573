import { XMLValidator } from 'fast-xml-parser';
import { atomXml, xmlEscape } from '../../src/modules/portal/atom';

describe('atomXml', () => {
  test('characters XML cannot carry are dropped, markup is escaped', () => {
    expect(xmlEscape('a\u0000b\u0007c\uFFFEd\uD800e <x> & "\'')).toBe('abcde &lt;x&gt; &amp; &quot;&apos;');
    expect(xmlEscape('tab\tnewline\n emoji 🌾')).toBe('tab\tnewline\n emoji 🌾');
  });

  test('a feed with hostile text is well-formed and every text construct is type="text"', () => {
    const nasty = '</title><script>x</script>]]>\u0001';
    const xml = atomXml({
      id: 'http://a.test/',
      link: 'http://a.test/',
      self: 'http://a.test/feed.xml',
      title: nasty,
      subtitle: nasty,
      updated: new Date(0),
      rights: nasty,
      entries: [{ id: 'http://a.test/berita/x', link: 'http://a.test/berita/x', title: nasty, summary: nasty, updated: new Date(0), category: { term: 'news', label: nasty }, author: nasty }],
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    // eslint-disable-next-line no-control-regex -- the control character must not reach the feed
    expect(xml).not.toMatch(/<script|CDATA|\u0001/);
    expect(xml.match(/type="[^"]*"/g)).toEqual(Array(5).fill('type="text"'));
  });
});
