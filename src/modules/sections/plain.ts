import type { SectionDef } from '../content/section';
import { noDetails } from '../content/section';

// Berita at village and kecamatan level; pengumuman and halaman of the camat office.
export const news: SectionDef = { type: 'news', section: 'berita', levels: ['village', 'district'], ...noDetails };
export const announcement: SectionDef = { type: 'announcement', section: 'pengumuman', levels: ['district'], ...noDetails };
export const page: SectionDef = { type: 'page', section: 'halaman', levels: ['district'], ...noDetails };
