// What `<%= %>` prints, escaped as EJS escapes it (& < > " ' → &amp; &lt; &gt; &#34; &#39;).
// EJS's own escapeXML runs a global regex replace with a callback on every value; most of what a
// page prints (titles, names, dates, URLs) has nothing to escape, so that is checked first, and a
// value that does is escaped in one pass.
const SPECIAL = /[&<>"']/;

export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = String(value);
  if (!SPECIAL.test(s)) return s;
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    let entity: string;
    switch (s.charCodeAt(i)) {
      case 38:
        entity = '&amp;';
        break;
      case 60:
        entity = '&lt;';
        break;
      case 62:
        entity = '&gt;';
        break;
      case 34:
        entity = '&#34;';
        break;
      case 39:
        entity = '&#39;';
        break;
      default:
        continue;
    }
    out += s.slice(from, i) + entity;
    from = i + 1;
  }
  return out + s.slice(from);
}
