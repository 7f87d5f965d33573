// Strings of the public map page /peta.
export const portalMap = {
  'map.title': 'Peta',
  'map.intro': 'Desa, potensi, dan pembangunan di Kecamatan {name} yang sudah bertitik koordinat. Daftar di bawah dapat dibaca tanpa peta.',
  'map.interactive': 'Peta interaktif',
  'map.villages': 'Desa dan kelurahan',
  'map.potentials': 'Potensi',
  'map.projects': 'Pembangunan',
  'map.none': 'Belum ada yang bertitik koordinat.',
  'map.geojson': 'Unduh GeoJSON',
  'map.legend': 'Keterangan warna titik',
  'map.noScript': 'Peta interaktif memerlukan JavaScript. Semua titik tercantum di bawah sebagai tautan.',
  'map.tilesFailed': 'Peta dasar tidak dapat dimuat (mungkin koneksi internet sedang lambat atau server peta tidak menjawab). Titik-titik tetap tampil, dan daftar lengkapnya ada di bawah.',
} as const;
