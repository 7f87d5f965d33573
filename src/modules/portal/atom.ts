// A small Atom 1.0 (RFC 4287) writer. The `feed` package declares every title and summary
// type="html" inside CDATA, so a title typed as "<b>x</b>" reached feed readers as markup. Here
// every text construct is type="text", escaped, as the portal's own pages show it.

export interface AtomEntry {
  id: string;
  link: string;
  title: string;
  summary?: string;
  updated: Date;
  published?: Date;
  category: { term: string; label: string };
  author: string;
}

export interface AtomFeed {
  id: string;
  link: string;
  self: string;
  title: string;
  subtitle: string;
  updated: Date;
  rights: string;
  entries: AtomEntry[];
}

// Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF):
// dropped, so a stray one in a title cannot make the whole feed unreadable.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlEscape(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITY[c]);
}

const text = (tag: string, value: string) => `<${tag} type="text">${xmlEscape(value)}</${tag}>`;
const link = (href: string, rel?: string) => `<link${rel ? ` rel="${rel}"` : ''} href="${xmlEscape(href)}"/>`;

function entry(e: AtomEntry): string {
  return [
    '<entry>',
    text('title', e.title),
    `<id>${xmlEscape(e.id)}</id>`,
    link(e.link, 'alternate'),
    `<updated>${e.updated.toISOString()}</updated>`,
    e.published ? `<published>${e.published.toISOString()}</published>` : '',
    e.summary ? text('summary', e.summary) : '',
    `<author><name>${xmlEscape(e.author)}</name></author>`,
    `<category term="${xmlEscape(e.category.term)}" label="${xmlEscape(e.category.label)}"/>`,
    '</entry>',
  ].join('');
}

export function atomXml(f: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">',
    `<id>${xmlEscape(f.id)}</id>`,
    text('title', f.title),
    text('subtitle', f.subtitle),
    link(f.link, 'alternate'),
    link(f.self, 'self'),
    `<updated>${f.updated.toISOString()}</updated>`,
    text('rights', f.rights),
    '<generator>Pendopo</generator>',
    ...f.entries.map(entry),
    '</feed>',
  ].join('\n');
}
