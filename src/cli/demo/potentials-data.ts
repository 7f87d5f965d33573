import type { Motif } from './photos';

// Potensi desa for the demo: what the villages of Purworeja Klampok could plausibly show.

export interface PotentialSeed {
  title: (village: string) => string;
  summary: string;
  body: (village: string) => string;
  category: string;
  location: (village: string) => string;
  contact: string;
  hours: string;
  motif: Motif;
  hue: number;
}

export const POTENTIALS: Record<string, PotentialSeed> = {
  salak: {
    title: (v) => `Kebun Salak Pondoh ${v}`,
    summary: 'Kebun salak pondoh rakyat yang panen hampir sepanjang tahun; pengunjung bisa memetik sendiri.',
    body: (v) =>
      `Salak pondoh menjadi tanaman andalan warga ${v}. Sebagian besar pekarangan dan tegalan ditanami salak, dengan panen raya pada bulan November sampai Januari.\n\n` +
      '## Yang bisa dilakukan pengunjung\n\n- Memetik salak langsung dari pohonnya\n- Belajar menyerbukkan bunga salak bersama petani\n- Membeli salak segar dan olahan (keripik, dodol, manisan)\n\nKelompok tani menyediakan pemandu untuk rombongan sekolah dengan pemberitahuan sehari sebelumnya.',
    category: 'produk_unggulan',
    location: (v) => `Dusun Krajan, Desa ${v}`,
    contact: 'Kelompok Tani Sri Rejeki, 0812-0000-2101',
    hours: 'Setiap hari 07.00–16.00',
    motif: 'produce',
    hue: 20,
  },
  serayu: {
    title: (v) => `Wisata Tepi Sungai Serayu ${v}`,
    summary: 'Tepian Sungai Serayu yang teduh untuk memancing, bersantai sore dan menikmati matahari terbenam.',
    body: (v) =>
      `Sungai Serayu mengalir di sisi selatan Desa ${v}. Pemuda desa menata tepian sungai dengan gazebo bambu, jalur jalan kaki dan warung kuliner warga.\n\n` +
      'Pada musim kemarau air cukup tenang untuk memancing dan bermain di tepian yang dangkal. Saat musim hujan pengunjung diminta tidak turun ke sungai.\n\nRetribusi parkir dikelola BUMDes untuk perawatan fasilitas.',
    category: 'wisata',
    location: (v) => `Bantaran Sungai Serayu, Desa ${v}`,
    contact: 'Pokdarwis Serayu Lestari, 0812-0000-2102',
    hours: 'Setiap hari 06.00–18.00',
    motif: 'river',
    hue: 200,
  },
  gula: {
    title: (v) => `Sentra Gula Kelapa (Gula Jawa) ${v}`,
    summary: 'Puluhan penderes menyadap nira kelapa setiap pagi dan sore, lalu memasaknya menjadi gula jawa dan gula semut.',
    body: (v) =>
      `Gula kelapa dari ${v} dibuat dari nira yang disadap dua kali sehari oleh para penderes. Nira dimasak di tungku kayu sampai mengental, lalu dicetak dalam batok kelapa atau dikristalkan menjadi gula semut.\n\n` +
      'Sebagian perajin sudah mengikuti pelatihan produksi higienis dan pengemasan, sehingga gula semut desa dapat dijual ke toko oleh-oleh di Banjarnegara dan Purbalingga.',
    category: 'ekonomi',
    location: (v) => `Dusun Kalibening, Desa ${v}`,
    contact: 'Paguyuban Penderes, 0812-0000-2103',
    hours: 'Produksi setiap hari, kunjungan 08.00–14.00',
    motif: 'landscape',
    hue: 30,
  },
  keramik: {
    title: () => 'Sentra Kerajinan Keramik Klampok',
    summary: 'Perajin keramik turun-temurun membuat vas, guci, celengan dan cobek dari tanah liat setempat.',
    body: (v) =>
      `Kerajinan keramik sudah lama menjadi ciri khas wilayah Klampok. Di ${v} masih ada perajin yang membentuk tanah liat dengan meja putar, menjemur, lalu membakarnya di tungku.\n\n` +
      'Pengunjung dapat melihat proses pembuatan dan mencoba membentuk gerabah sendiri. Pesanan dalam jumlah besar untuk suvenir acara juga dilayani.',
    category: 'budaya',
    location: (v) => `Jalan Raya Klampok, Desa ${v}`,
    contact: 'Paguyuban Perajin Keramik, 0812-0000-2104',
    hours: 'Senin–Sabtu 08.00–16.00',
    motif: 'craft',
    hue: 18,
  },
  batik: {
    title: (v) => `Batik Tulis dan Kerajinan ${v}`,
    summary: 'Kelompok perempuan membatik tulis dengan motif salak, kelapa dan Sungai Serayu.',
    body: () =>
      'Kelompok batik desa dibentuk setelah pelatihan dari dinas perindustrian. Motifnya diambil dari alam sekitar: daun salak, pohon kelapa dan aliran Sungai Serayu.\n\nSelain kain batik, kelompok ini membuat tas, taplak dan masker dari sisa kain.',
    category: 'budaya',
    location: (v) => `Balai Desa ${v}`,
    contact: 'Kelompok Batik Sekar Serayu, 0812-0000-2105',
    hours: 'Senin–Jumat 09.00–15.00',
    motif: 'craft',
    hue: 270,
  },
  kolam: {
    title: (v) => `Budidaya Ikan Gurame dan Nila ${v}`,
    summary: 'Kolam-kolam warga dialiri air irigasi yang jernih; hasilnya dijual segar ke pasar dan rumah makan.',
    body: (v) =>
      `Pembudidaya ikan di ${v} memelihara gurame, nila dan lele di kolam tanah maupun terpal. Kelompok pembudidaya juga menjual benih.\n\n` +
      'Rumah makan di sekitar Klampok membeli gurame segar langsung dari kolam, sehingga warga mendapat harga yang lebih baik.',
    category: 'perikanan',
    location: (v) => `Dusun Sawangan, Desa ${v}`,
    contact: 'Pokdakan Mina Makmur, 0812-0000-2106',
    hours: 'Panen sesuai pesanan',
    motif: 'river',
    hue: 180,
  },
  sawah: {
    title: (v) => `Persawahan Irigasi ${v}`,
    summary: 'Sawah beririgasi teknis yang ditanami padi dua kali setahun dan palawija di musim kemarau.',
    body: (v) =>
      `Hamparan sawah di ${v} mendapat air dari saluran irigasi yang mengambil air dari anak Sungai Serayu. Petani menanam padi dua kali setahun dan jagung atau kacang pada musim kemarau.\n\n` +
      'Kelompok tani mengelola penggilingan padi kecil dan menjual beras kemasan ke warga sekitar.',
    category: 'pertanian',
    location: (v) => `Blok sawah utara, Desa ${v}`,
    contact: 'Gapoktan Tani Maju, 0812-0000-2107',
    hours: '',
    motif: 'landscape',
    hue: 100,
  },
  ebeg: {
    title: (v) => `Kesenian Ebeg ${v}`,
    summary: 'Kuda lumping khas Banyumasan yang tampil di hajatan, sedekah bumi dan peringatan hari besar.',
    body: () =>
      'Ebeg adalah tari kuda lumping gaya Banyumasan dengan iringan gamelan, kendang dan gong. Paguyuban ebeg desa berlatih setiap malam Minggu di balai desa.\n\nPaguyuban menerima undangan pentas; anak muda yang ingin belajar dipersilakan bergabung.',
    category: 'budaya',
    location: (v) => `Balai Desa ${v}`,
    contact: 'Paguyuban Ebeg Turonggo Mudo, 0812-0000-2108',
    hours: 'Latihan Sabtu 19.30–22.00',
    motif: 'meeting',
    hue: 5,
  },
  kambing: {
    title: (v) => `Peternakan Kambing ${v}`,
    summary: 'Kelompok ternak memelihara kambing jawarandu untuk kurban, akikah dan susu kambing.',
    body: () =>
      'Kelompok ternak desa memelihara kambing di kandang komunal, dengan pakan hijauan dari tepi sawah dan ampas tahu. Kotorannya diolah menjadi pupuk kandang untuk kebun salak.\n\nMenjelang Iduladha kelompok menerima pesanan hewan kurban yang sudah diperiksa petugas kesehatan hewan.',
    category: 'peternakan',
    location: (v) => `Kandang komunal, Desa ${v}`,
    contact: 'Kelompok Ternak Makmur Jaya, 0812-0000-2109',
    hours: 'Kunjungan dengan janji',
    motif: 'landscape',
    hue: 60,
  },
  anyaman: {
    title: (v) => `Kerajinan Anyaman Bambu ${v}`,
    summary: 'Besek, tampah dan kalo dari bambu apus, dianyam ibu-ibu di sela pekerjaan rumah.',
    body: () =>
      'Bambu apus tumbuh subur di tepi kali. Warga membelah dan menganyamnya menjadi besek untuk wadah makanan, tampah dan keranjang.\n\nBesek desa banyak dipesan untuk hajatan dan wadah daging kurban sebagai pengganti kantong plastik.',
    category: 'ekonomi',
    location: (v) => `Dusun Karangsari, Desa ${v}`,
    contact: 'Kelompok Anyaman Sekar Pring, 0812-0000-2110',
    hours: 'Senin–Sabtu 08.00–15.00',
    motif: 'craft',
    hue: 45,
  },
  pasar: {
    title: () => 'Pasar Klampok',
    summary: 'Pasar tradisional yang ramai sejak subuh, tempat warga delapan desa berjual beli hasil bumi.',
    body: () =>
      'Pasar Klampok menjadi simpul ekonomi kecamatan. Pedagang sayur, ikan, salak, gula jawa dan keramik berkumpul di sini sejak pukul tiga pagi.\n\nHari pasaran Pon dan Kliwon adalah yang paling ramai.',
    category: 'ekonomi',
    location: () => 'Jalan Raya Klampok',
    contact: 'Pengelola pasar, (0286) 479 200',
    hours: 'Setiap hari 03.00–13.00',
    motif: 'produce',
    hue: 340,
  },
};
