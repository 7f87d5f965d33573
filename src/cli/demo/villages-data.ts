// Sample profiles of the eight desa of Kecamatan Purworeja Klampok. The people, numbers and
// stories are invented for the demo (plausible, not official); telephone and WhatsApp numbers use
// the 0812-0000-… range so no real person is called.

export interface VillageSeed {
  /** Last part of the official code, e.g. '2001'. */
  code: string;
  head: string;
  street: string;
  areaHa: number;
  population: number;
  households: number;
  lat: number;
  lng: number;
  /** Keys into POTENTIALS, PRODUCTS and PROJECTS (catalog.ts, projects-data.ts). */
  potentials: string[];
  products: string[];
  projects: string[];
  /** What the village is known for, used in its vision and history. */
  known: string;
  hue: number;
}

export const VILLAGE_SEEDS: VillageSeed[] = [
  {
    code: '2001',
    head: 'Darsono',
    street: 'Jl. Raya Sirkandi No. 12',
    areaHa: 418.6,
    population: 6214,
    households: 1987,
    lat: -7.4521,
    lng: 109.5436,
    potentials: ['salak', 'kolam', 'ebeg'],
    products: ['salak', 'keripik_salak', 'gurame', 'dodol_salak'],
    projects: ['jalan', 'talud'],
    known: 'kebun salak pondoh dan kolam ikan',
    hue: 110,
  },
  {
    code: '2002',
    head: 'Tri Wahyuni, S.Pd.',
    street: 'Jl. Pagak–Kecitran No. 3',
    areaHa: 287.3,
    population: 4386,
    households: 1402,
    lat: -7.4608,
    lng: 109.5712,
    potentials: ['gula', 'sawah'],
    products: ['gula_kelapa', 'gula_semut', 'beras'],
    projects: ['irigasi', 'posyandu'],
    known: 'perajin gula kelapa',
    hue: 35,
  },
  {
    code: '2003',
    head: 'Muhammad Khoirudin',
    street: 'Jl. Kecitran Raya No. 8',
    areaHa: 233.9,
    population: 3512,
    households: 1121,
    lat: -7.4687,
    lng: 109.5819,
    potentials: ['anyaman', 'kambing', 'sawah'],
    products: ['besek', 'tampah', 'kripik_tempe'],
    projects: ['jalan'],
    known: 'anyaman bambu',
    hue: 60,
  },
  {
    code: '2004',
    head: 'Bambang Sutrisno',
    street: 'Jl. Keramik No. 21',
    areaHa: 352.4,
    population: 7843,
    households: 2486,
    lat: -7.4748,
    lng: 109.5598,
    potentials: ['keramik', 'serayu', 'batik'],
    products: ['vas_keramik', 'celengan', 'batik', 'cobek'],
    projects: ['drainase', 'gedung_umkm', 'pju'],
    known: 'kerajinan keramik',
    hue: 20,
  },
  {
    code: '2005',
    head: 'Sugeng Wibowo, S.E.',
    street: 'Jl. Raya Klampok No. 45',
    areaHa: 198.7,
    population: 7126,
    households: 2265,
    lat: -7.4735,
    lng: 109.5526,
    potentials: ['pasar', 'keramik'],
    products: ['dawet', 'mendoan', 'cobek', 'lanting'],
    projects: ['drainase', 'pju'],
    known: 'pasar dan perdagangan',
    hue: 0,
  },
  {
    code: '2006',
    head: 'Slamet Riyadi',
    street: 'Jl. Kalilandak No. 2',
    areaHa: 461.2,
    population: 5287,
    households: 1694,
    lat: -7.4493,
    lng: 109.5604,
    potentials: ['salak', 'gula', 'serayu', 'kolam'],
    products: ['salak', 'gula_kelapa', 'nila', 'madu', 'keripik_salak'],
    projects: ['jalan', 'sumur', 'talud'],
    known: 'salak pondoh dan gula jawa',
    hue: 95,
  },
  {
    code: '2007',
    head: 'Siti Aminah',
    street: 'Jl. Kalimandi No. 17',
    areaHa: 326.5,
    population: 4972,
    households: 1583,
    lat: -7.4802,
    lng: 109.5741,
    potentials: ['serayu', 'kolam', 'ebeg'],
    products: ['gurame', 'nila', 'pindang', 'kripik_tempe'],
    projects: ['talud', 'posyandu'],
    known: 'perikanan di tepi Sungai Serayu',
    hue: 200,
  },
  {
    code: '2008',
    head: 'Wahyu Hidayat',
    street: 'Jl. Kaliwinasuh No. 9',
    areaHa: 389.0,
    population: 5631,
    households: 1799,
    lat: -7.4862,
    lng: 109.5453,
    potentials: ['sawah', 'kambing', 'batik'],
    products: ['beras', 'batik', 'madu', 'lanting'],
    projects: ['irigasi', 'jalan'],
    known: 'sawah dan peternakan kambing',
    hue: 140,
  },
];

/** The demo profile of one village, as the profile form would post it (it goes through the same parser). */
export function profileFormOf(seed: VillageSeed, name: string, index: number, asOf: string): Record<string, string> {
  return {
    head_name: seed.head,
    address: `${seed.street}, Desa ${name}, Kecamatan Purworeja Klampok, Kabupaten Banjarnegara 53474`,
    phone: `(0286) 479 ${110 + index * 7}`,
    whatsapp: `0812-0000-${1001 + index * 11}`,
    area_ha: String(seed.areaHa).replace('.', ','),
    population: String(seed.population),
    households: String(seed.households),
    population_as_of: asOf,
    population_source: 'Data kependudukan desa',
    vision: `Terwujudnya Desa ${name} yang maju, mandiri dan sejahtera, bertumpu pada ${seed.known}, dengan pemerintahan desa yang terbuka dan melayani.`,
    mission: [
      '1. Menyelenggarakan pemerintahan desa yang bersih, terbuka dan cepat melayani warga.',
      `2. Mengembangkan ekonomi warga melalui ${seed.known} serta UMKM desa.`,
      '3. Membangun sarana dan prasarana desa secara merata dan berkelanjutan.',
      '4. Meningkatkan mutu pendidikan, kesehatan dan peran serta perempuan serta pemuda.',
      '5. Melestarikan gotong royong, seni dan budaya Banyumasan.',
    ].join('\n'),
    history: [
      `Menurut cerita para sesepuh, Desa ${name} tumbuh dari beberapa pedukuhan kecil di dataran lembah Sungai Serayu. Warga pertama membuka hutan untuk sawah dan kebun, lalu membangun langgar dan balai pertemuan yang kini menjadi pusat desa.`,
      '',
      `Sejak dulu warga ${name} dikenal dengan ${seed.known}. Tradisi sedekah bumi dan kerja bakti masih dijalankan setiap tahun sebagai ungkapan syukur atas hasil bumi.`,
      '',
      'Catatan: sejarah ini adalah contoh untuk demo dan dapat diganti oleh operator desa.',
    ].join('\n'),
    lat: String(seed.lat),
    lng: String(seed.lng),
  };
}
