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
} as const;
