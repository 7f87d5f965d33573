import type { SectionDef } from '../content/section';
import { noDetails } from '../content/section';

// Berita at village and kecamatan level; pengumuman and halaman of the camat office.
export const news: SectionDef = {
  type: 'news',
  section: 'berita',
  label: 'type.news',
  levels: ['village', 'district'],
  public: {
    path: '/berita',
    listed: true,
    title: 'portal.newsTitle',
    nav: 'section.berita',
    village: { segment: 'berita', title: 'portal.section.berita' },
    searchWeight: 0,
    api: { list: 'news', schemaName: 'News', summary: 'Published berita', fields: null },
    map: null,
  },
  ...noDetails,
};
export const announcement: SectionDef = {
  type: 'announcement',
  section: 'pengumuman',
  label: 'type.announcement',
  levels: ['district'],
  public: { path: '/pengumuman', listed: true, title: 'portal.announcementsTitle', nav: null, village: null, searchWeight: 1, api: null, map: null },
  ...noDetails,
};
export const page: SectionDef = {
  type: 'page',
  section: 'halaman',
  label: 'type.page',
  levels: ['district'],
  public: { path: '/halaman', listed: false, title: 'portal.pagesTitle', nav: null, village: null, searchWeight: 3, api: null, map: null },
  ...noDetails,
};
