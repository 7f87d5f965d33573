// The sitemaps.org XML of /sitemap.xml and its children, written as one string. The `sitemap`
// package's streams cost 25-250 µs per URL (a child of 5,000 items took 120-170 ms, the village
// child of 500 URLs over 100 ms): more than the reads behind them.

export interface SitemapUrl {
  /** A path of this site ("/berita/panen-salak"); the base is put in front of it. */
  path: string;
  lastmod?: string;
  changefreq?: 'daily' | 'weekly';
  priority?: number;
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';

/** A sitemap index of children given by path (`base` is the site's origin, as from baseUrl). */
export function sitemapIndexXml(base: string, children: { path: string; lastmod?: string }[]): string {
  const origin = escapeXml(base);
  const parts = [`${HEAD}<sitemapindex ${NS}>`];
  for (const c of children) parts.push(`<sitemap><loc>${origin}${escapeXml(c.path)}</loc>${c.lastmod ? `<lastmod>${c.lastmod}</lastmod>` : ''}</sitemap>`);
  parts.push('</sitemapindex>');
  return parts.join('');
}

/** A urlset of this site's paths (an empty one is valid: a child whose items were all trashed). */
export function urlsetXml(base: string, urls: SitemapUrl[]): string {
  const origin = escapeXml(base);
  const parts = [`${HEAD}<urlset ${NS}>`];
  for (const u of urls) {
    let entry = `<url><loc>${origin}${escapeXml(u.path)}</loc>`;
    if (u.lastmod) entry += `<lastmod>${u.lastmod}</lastmod>`;
    if (u.changefreq) entry += `<changefreq>${u.changefreq}</changefreq>`;
    if (u.priority !== undefined) entry += `<priority>${u.priority.toFixed(1)}</priority>`;
    parts.push(`${entry}</url>`);
  }
  parts.push('</urlset>');
  return parts.join('');
}
