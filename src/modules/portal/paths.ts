import type { ContentType } from '../../db/schema';
import { memoized } from '../../lib/memo';
import { siteOriginOf } from '../districts/site-origin';
import { SECTIONS, sectionOf } from '../sections';

// The portal's URL map. Each type's prefix is its definition's public.path (../sections/index.ts),
// shared by pages, search, feeds, sitemap and API: change it there and every link follows.

/** The public path of a type: its list, e.g. typePath('product') → '/produk'. */
export function typePath(type: ContentType): string {
  return sectionOf(type).public.path;
}

// Pages link to the same items and villages on every render (a card, a line per village).
const itemPaths = new Map<ContentType, (slug: string) => string>();

/** The public path of a published item, e.g. itemPath('news', 'panen-raya') → '/berita/panen-raya'. */
export function itemPath(type: ContentType, slug: string): string {
  let paths = itemPaths.get(type);
  if (!paths) itemPaths.set(type, (paths = memoized((s) => `${typePath(type)}/${encodeURIComponent(s)}`)));
  return paths(slug);
}

/** The portal's main menu after Beranda and Desa: the types whose definition names a menu label. */
export const NAV_SECTIONS = SECTIONS.flatMap((d) => (d.public.nav ? [{ href: d.public.path, label: d.public.nav }] : []));

/** The village page's sections (/desa/:slug/<segment>), one per type with a village list, in menu order. */
export const VILLAGE_SEGMENTS = SECTIONS.flatMap((d) => (d.public.village ? [d.public.village.segment] : []));

/** The public path of a village's home page. */
export const villagePath = memoized((slug) => `/desa/${encodeURIComponent(slug)}`);

/**
 * The origin of every absolute link (canonical, share, JSON-LD, feeds, sitemap, API): the
 * kecamatan's registered host or PUBLIC_URL, never an unregistered Host header; '' when the site
 * has no known address yet, so links fall back to paths (rules: ../districts/site-origin.ts).
 */
export const baseUrl = siteOriginOf;

/** Plain share links (no third-party script): WhatsApp with title and URL, Facebook's sharer. */
export function shareLinks(title: string, url: string): { whatsapp: string; facebook: string } {
  return {
    whatsapp: `https://wa.me/?text=${encodeURIComponent(`${title} ${url}`)}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`,
  };
}
