import type { Request } from 'express';
import type { ContentType } from '../../db/schema';

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

/** The absolute origin of the request (protocol + Host), for feeds, sitemap and robots.txt. */
export function baseUrl(req: Request): string {
  const host = req.get('host') ?? '';
  // The Host already chose the kecamatan; refuse anything that is not a plain host[:port].
  const safe = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host.toLowerCase() : 'localhost';
  return `${req.protocol === 'https' ? 'https' : 'http'}://${safe}`;
}

/** Plain share links (no third-party script): WhatsApp with title and URL, Facebook's sharer. */
export function shareLinks(title: string, url: string): { whatsapp: string; facebook: string } {
  return {
    whatsapp: `https://wa.me/?text=${encodeURIComponent(`${title} ${url}`)}`,
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`,
  };
}
