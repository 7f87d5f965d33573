// Strings of the search page (/cari), the Atom feeds and the sitemap.
export const portalSearch = {
  'search.title': 'Cari',
  'search.resultsTitle': 'Hasil pencarian “{q}”',
  'search.label': 'Kata yang dicari',
  'search.submit': 'Cari',
  'search.hint': 'Cari berita, pengumuman, agenda, potensi, produk UMKM dan pembangunan di seluruh desa.',
  'search.count': '{count} hasil untuk “{q}”',
  'search.countCapped': 'Lebih dari {count} hasil untuk “{q}”; persempit kata pencarian.',
  'search.none': 'Tidak ada hasil untuk “{q}”. Coba kata lain atau kata yang lebih pendek.',
  'search.truncated': 'Kata pencarian dipotong menjadi {max} huruf.',
  'search.groupCount': '{count} hasil',
  'search.kecamatanLevel': 'Kecamatan',
  'feed.title': 'Kecamatan {name}',
  'feed.villageTitle': '{kind} {name}, Kecamatan {district}',
  'feed.description': 'Terbitan terbaru Kecamatan {name}, {regency}.',
  'feed.villageDescription': 'Terbitan terbaru {kind} {name}, Kecamatan {district}.',
  'search.description': 'Cari berita, potensi, produk UMKM dan pembangunan di Kecamatan {name}.',
} as const;
