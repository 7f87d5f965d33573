import type { Motif } from './photos';

// Berita of the villages, written as a village operator would (invented events, plausible dates).

export interface NewsSeed {
  title: (village: string) => string;
  summary: (village: string) => string;
  body: (village: string, head: string) => string;
  motif: Motif;
  hue: number;
  /** Days before today it happened. */
  daysAgo: number;
}

export const VILLAGE_NEWS: NewsSeed[] = [
  {
    title: (v) => `Musyawarah Desa ${v} Bahas RKP Desa 2027`,
    summary: (v) => `Pemerintah Desa ${v} bersama BPD dan tokoh masyarakat menyepakati prioritas pembangunan tahun depan.`,
    body: (v, head) =>
      `Musyawarah Desa ${v} digelar di balai desa dan dihadiri BPD, ketua RT/RW, kelompok perempuan serta pemuda. Kepala Desa ${head} membuka acara dengan menyampaikan capaian pembangunan tahun ini.\n\n` +
      'Peserta menyepakati tiga prioritas: perbaikan jalan lingkungan, penguatan posyandu, dan pelatihan pemasaran daring bagi UMKM.\n\n' +
      'Hasil musyawarah akan dituangkan dalam Rencana Kerja Pemerintah Desa (RKP Desa) tahun 2027.',
    motif: 'meeting',
    hue: 210,
    daysAgo: 12,
  },
  {
    title: (v) => `Posyandu Balita dan Lansia ${v} Layani Ratusan Warga`,
    summary: () => 'Kader posyandu menimbang balita, memeriksa tekanan darah lansia dan membagikan makanan tambahan.',
    body: (v) =>
      `Kegiatan posyandu bulan ini di ${v} berjalan di lima pos. Bidan desa dan kader memantau tumbuh kembang balita serta memberikan penyuluhan gizi kepada ibu hamil.\n\n` +
      'Untuk lansia, kader memeriksa tekanan darah dan gula darah. Warga yang perlu pemeriksaan lanjutan dirujuk ke Puskesmas Purworeja Klampok.',
    motif: 'meeting',
    hue: 330,
    daysAgo: 20,
  },
  {
    title: (v) => `Kerja Bakti Bersihkan Saluran Irigasi di ${v}`,
    summary: () => 'Warga bergotong royong membersihkan saluran irigasi menjelang musim tanam.',
    body: (v) =>
      `Ratusan warga ${v} turun ke saluran irigasi pada Minggu pagi. Mereka mengangkat lumpur dan sampah yang menghambat aliran air ke sawah.\n\n` +
      'Kegiatan ditutup dengan makan bersama di tepi sawah. Pemerintah desa mengajak warga tidak membuang sampah ke saluran air.',
    motif: 'landscape',
    hue: 90,
    daysAgo: 33,
  },
  {
    title: (v) => `Pelatihan Foto Produk dan Jualan Daring untuk UMKM ${v}`,
    summary: () => 'Pelaku UMKM belajar memotret produk dengan ponsel dan menulis deskripsi yang menarik.',
    body: (v) =>
      `Sebanyak 30 pelaku UMKM ${v} mengikuti pelatihan memotret produk dengan ponsel, memakai cahaya matahari dan latar sederhana.\n\n` +
      'Peserta juga belajar mencantumkan harga, satuan dan nomor WhatsApp dengan jelas agar pembeli mudah memesan. Produk peserta kini tampil di katalog UMKM portal kecamatan.',
    motif: 'meeting',
    hue: 40,
    daysAgo: 6,
  },
  {
    title: (v) => `Penyaluran BLT Dana Desa Tahap IV di ${v}`,
    summary: () => 'Bantuan langsung tunai tahap keempat diterima keluarga penerima manfaat di balai desa.',
    body: () =>
      'Penyaluran dilakukan langsung kepada keluarga penerima manfaat yang ditetapkan melalui musyawarah desa khusus. Penerima diminta membawa KTP dan kartu keluarga.\n\n' +
      'Pemerintah desa memasang daftar penerima di papan informasi balai desa sebagai bentuk keterbukaan.',
    motif: 'office',
    hue: 160,
    daysAgo: 27,
  },
];

export interface DistrictSeed {
  type: 'news' | 'announcement' | 'event' | 'page';
  title: string;
  summary: string;
  body: string;
  motif?: Motif;
  hue?: number;
  /** Agenda: days from today, time and place. */
  event?: { inDays: number; start: string; end: string | null; place: string; days?: number };
  daysAgo?: number;
  draft?: boolean;
}

export const DISTRICT_CONTENT: DistrictSeed[] = [
  {
    type: 'news',
    title: 'Camat Pantau Persiapan Musrenbang Kecamatan Purworeja Klampok',
    summary: 'Delapan desa menyerahkan usulan prioritas pembangunan untuk dibahas di tingkat kecamatan.',
    body: 'Camat Purworeja Klampok memimpin rapat persiapan musyawarah perencanaan pembangunan (Musrenbang) kecamatan. Setiap desa membawa usulan prioritas hasil musyawarah desa.\n\nUsulan yang sudah disepakati akan diteruskan ke Bappeda Kabupaten Banjarnegara.',
    motif: 'meeting',
    hue: 220,
    daysAgo: 4,
  },
  {
    type: 'news',
    title: 'Operator Desa se-Kecamatan Ikuti Pelatihan Portal Pendopo',
    summary: 'Operator delapan desa belajar mengisi potensi, produk UMKM dan progres pembangunan.',
    body: 'Pelatihan diikuti operator dari Sirkandi, Pagak, Kecitran, Purwareja, Klampok, Kalilandak, Kalimandi dan Kaliwinasuh. Peserta berlatih membuat akun yang aman, menulis berita, dan mengunggah foto yang ringan.\n\nKantor kecamatan akan meninjau setiap terbitan desa yang memakai mode tinjauan.',
    motif: 'meeting',
    hue: 250,
    daysAgo: 9,
  },
  {
    type: 'news',
    title: 'Gerakan Tanam Pohon di Bantaran Sungai Serayu',
    summary: 'Seribu bibit pohon ditanam untuk menahan erosi di bantaran sungai.',
    body: 'Forkopimcam bersama warga, pelajar dan relawan menanam bibit beringin, bambu dan trembesi di bantaran Sungai Serayu.\n\nPenanaman ini bagian dari upaya mengurangi risiko longsor dan banjir di musim hujan.',
    motif: 'river',
    hue: 140,
    daysAgo: 15,
  },
  {
    type: 'news',
    title: 'Rancangan Laporan Kinerja Kecamatan 2026',
    summary: 'Draf internal, belum untuk diterbitkan.',
    body: 'Catatan capaian layanan administrasi kependudukan dan kegiatan kecamatan tahun 2026.',
    daysAgo: 1,
    draft: true,
  },
  {
    type: 'announcement',
    title: 'Jadwal Pelayanan Perekaman KTP-el Keliling',
    summary: 'Petugas Disdukcapil melayani perekaman KTP-el di kantor kecamatan setiap Selasa dan Kamis.',
    body: 'Warga yang belum merekam KTP-el, termasuk pemula berusia 17 tahun, dapat datang ke kantor kecamatan pukul 08.00–12.00 dengan membawa fotokopi kartu keluarga.\n\nLayanan gratis, tidak dipungut biaya apa pun.',
    daysAgo: 3,
  },
  {
    type: 'announcement',
    title: 'Pendaftaran Lomba Desa Tingkat Kecamatan Dibuka',
    summary: 'Desa dapat mendaftarkan diri paling lambat akhir bulan ini.',
    body: 'Penilaian meliputi administrasi pemerintahan, kebersihan lingkungan, posyandu, dan inovasi desa. Formulir pendaftaran tersedia di kantor kecamatan dan dapat dikirim melalui operator desa.',
    daysAgo: 7,
  },
  {
    type: 'announcement',
    title: 'Pelayanan Kantor Kecamatan Saat Cuti Bersama Akhir Tahun',
    summary: 'Pelayanan administrasi tetap buka dengan jam terbatas.',
    body: 'Selama cuti bersama akhir tahun, pelayanan administrasi kependudukan dan perizinan tetap buka pukul 08.00–12.00. Layanan darurat dapat menghubungi WhatsApp pelayanan kecamatan.',
    daysAgo: 1,
  },
  {
    type: 'event',
    title: 'Rapat Koordinasi Kepala Desa se-Kecamatan',
    summary: 'Rapat bulanan camat dengan kepala desa dan pendamping desa.',
    body: 'Agenda: evaluasi penyaluran Dana Desa, persiapan tutup tahun anggaran, dan laporan ketertiban wilayah.',
    event: { inDays: 5, start: '09:00', end: '12:00', place: 'Pendopo Kecamatan Purworeja Klampok' },
  },
  {
    type: 'event',
    title: 'Musrenbang Kecamatan Purworeja Klampok',
    summary: 'Musyawarah perencanaan pembangunan tingkat kecamatan untuk tahun anggaran 2027.',
    body: 'Peserta: kepala desa, BPD, perwakilan perempuan dan pemuda, serta perangkat daerah terkait. Setiap desa membawa tiga usulan prioritas.',
    event: { inDays: 12, start: '08:00', end: '14:00', place: 'Aula Kantor Kecamatan', days: 1 },
  },
  {
    type: 'event',
    title: 'Bazar UMKM dan Gelar Produk Delapan Desa',
    summary: 'Pameran salak, gula jawa, keramik, batik dan kuliner khas desa.',
    body: 'Setiap desa mendapat dua stan. Pengunjung dapat membeli langsung produk UMKM yang tampil di katalog portal kecamatan.\n\nMalam harinya ada pentas ebeg dan kuda lumping.',
    event: { inDays: 19, start: '08:00', end: '21:00', place: 'Lapangan Klampok' },
  },
  {
    type: 'page',
    title: 'Profil Kecamatan',
    summary: 'Letak, wilayah dan penduduk Kecamatan Purworeja Klampok.',
    body: 'Kecamatan Purworeja Klampok terletak di bagian barat Kabupaten Banjarnegara, di lembah Sungai Serayu, dan berbatasan dengan Kabupaten Purbalingga.\n\n## Wilayah\n\nKecamatan terdiri atas delapan desa: Sirkandi, Pagak, Kecitran, Purwareja, Klampok, Kalilandak, Kalimandi dan Kaliwinasuh.\n\n## Potensi\n\nWilayah ini dikenal dengan kerajinan keramik Klampok, salak pondoh, gula kelapa dan perikanan air tawar.',
  },
  {
    type: 'page',
    title: 'Visi dan Misi',
    summary: 'Arah pelayanan Kecamatan Purworeja Klampok.',
    body: '## Visi\n\nTerwujudnya pelayanan kecamatan yang cepat, terbuka dan ramah menuju masyarakat Purworeja Klampok yang sejahtera.\n\n## Misi\n\n- Meningkatkan mutu pelayanan administrasi dan perizinan\n- Membina pemerintahan desa yang tertib dan terbuka\n- Mendorong ekonomi warga berbasis potensi desa\n- Menjaga ketenteraman dan ketertiban wilayah',
  },
  {
    type: 'page',
    title: 'Struktur Organisasi',
    summary: 'Susunan organisasi kantor kecamatan.',
    body: '- **Camat**\n- **Sekretaris Kecamatan**\n  - Subbagian Umum dan Kepegawaian\n  - Subbagian Perencanaan dan Keuangan\n- Seksi Tata Pemerintahan\n- Seksi Pemberdayaan Masyarakat dan Desa\n- Seksi Ketenteraman dan Ketertiban Umum\n- Seksi Kesejahteraan Sosial\n- Kelompok Jabatan Fungsional',
  },
  {
    type: 'page',
    title: 'Layanan',
    summary: 'Layanan yang dapat diurus di kantor kecamatan.',
    body: '## Administrasi kependudukan\n\nPengantar KTP-el, kartu keluarga dan akta, perekaman KTP-el keliling.\n\n## Perizinan dan rekomendasi\n\nRekomendasi izin keramaian, surat keterangan ahli waris, legalisasi dokumen.\n\n## Jam layanan\n\nSenin–Kamis 07.30–15.30, Jumat 07.30–11.00. Layanan tidak dipungut biaya.',
  },
];
