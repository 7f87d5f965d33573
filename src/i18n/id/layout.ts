// Strings of the page frame on phones: the folded menus and the in-page section links.
export const layout = {
  'nav.menu': 'Menu',
  'nav.mainLabel': 'Navigasi utama',
  'nav.workspaceMenu': 'Menu ruang kerja',
  'nav.workspaceLabel': 'Ruang kerja',
  'nav.unreadShort': '{count} baru',
  'nav.onThisPage': 'Di halaman ini',
  'nav.profileSection': 'Profil',
  'portal.section.pengumuman': 'Pengumuman',
  'portal.section.agenda': 'Agenda',
  'portal.section.desa': 'Desa',
  'portal.seeAllOf': 'Lihat semua {section}',
  'catalog.filtersToggle': 'Saring dan urutkan',
} as const;
