import type { ContentType } from '../../db/schema';
import { siteOriginOf } from '../districts/site-origin';

// The public URL of each content type: the portal's URL map. Shared by pages, search, feeds,
// sitemap and API: change a prefix here and every link follows.
export const TYPE_PREFIX: Record<ContentType, string> = {
  news: '/berita',
  announcement: '/pengumuman',
  event: '/agenda',
  page: '/halaman',
  potential: '/potensi',
  product: '/produk',
  project: '/pembangunan',
};

/** The public path of a published item, e.g. itemPath('news', 'panen-raya') → '/berita/panen-raya'. */
export function itemPath(type: ContentType, slug: string): string {
  return `${TYPE_PREFIX[type]}/${encodeURIComponent(slug)}`;
}

/** The public path of a village's home page. */
export function villagePath(slug: string): string {
  return `/desa/${encodeURIComponent(slug)}`;
}

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
