import type { ServiceDetails } from '../../modules/sections/service';

// Layanan of the Purworeja Klampok camat office, as a Banjarnegara kecamatan describes them.

export interface ServiceSeed {
  title: string;
  summary: string;
  body: string;
  details: ServiceDetails;
  /** PDF forms to attach: file name and the lines printed on the form. */
  forms?: { name: string; lines: string[] }[];
  daysAgo: number;
}

const PLACE = 'Loket Pelayanan Terpadu, Kantor Kecamatan Purworeja Klampok, Jl. Raya Klampok No. 12';
const CONTACT = 'WhatsApp 0812-2700-1204 (jam kerja)';

export const SERVICE_CONTENT: ServiceSeed[] = [
  {
    title: 'Surat Rekomendasi Dispensasi Nikah',
    summary: 'Rekomendasi camat bagi calon pengantin yang mendaftar kurang dari 10 hari kerja sebelum akad.',
    body: 'Dispensasi diperlukan bila pendaftaran nikah di KUA dilakukan kurang dari 10 hari kerja sebelum hari akad. Rekomendasi ini tidak berlaku untuk calon pengantin di bawah umur; dispensasi umur diurus di Pengadilan Agama Banjarnegara.',
    details: {
      audience: 'Calon pengantin yang mendaftar nikah kurang dari 10 hari kerja sebelum akad',
      requirements: [
        'Surat pengantar dari desa/kelurahan (N1–N4)',
        'Fotokopi KTP kedua calon pengantin',
        'Fotokopi kartu keluarga',
        'Surat penolakan dari KUA Kecamatan Purworeja Klampok',
        'Surat permohonan bermeterai yang diisi pemohon',
      ].join('\n'),
      steps: [
        'Unduh dan isi formulir permohonan',
        'Serahkan berkas di loket pelayanan',
        'Petugas memeriksa kelengkapan berkas',
        'Camat menandatangani surat rekomendasi',
        'Ambil surat di loket dan bawa ke KUA',
      ].join('\n'),
      duration: '1 hari kerja',
      cost: 0,
      cost_note: 'Tidak dipungut biaya',
      place: PLACE,
      contact: CONTACT,
    },
    forms: [
      {
        name: 'formulir-permohonan-dispensasi-nikah.pdf',
        lines: ['Formulir Permohonan Rekomendasi Dispensasi Nikah', 'Nama calon suami: ....................', 'Nama calon istri: ....................', 'Tanggal akad: ....................'],
      },
    ],
    daysAgo: 20,
  },
  {
    title: 'Legalisasi Dokumen Kependudukan',
    summary: 'Pengesahan fotokopi dokumen yang diterbitkan kecamatan untuk keperluan melamar kerja, sekolah atau perbankan.',
    body: 'Legalisasi hanya untuk dokumen yang diterbitkan atau ditandatangani oleh camat. Legalisasi kartu keluarga dan akta dilakukan di Dinas Kependudukan dan Pencatatan Sipil.',
    details: {
      audience: 'Warga Kecamatan Purworeja Klampok',
      requirements: ['Dokumen asli', 'Fotokopi dokumen yang akan dilegalisasi (paling banyak 10 lembar)', 'Fotokopi KTP pemohon'].join('\n'),
      steps: [
        'Ambil nomor antrean',
        'Serahkan dokumen asli dan fotokopi di loket',
        'Petugas mencocokkan fotokopi dengan aslinya',
        'Dokumen diberi cap dan tanda tangan',
        'Dokumen asli dikembalikan bersama legalisasinya',
      ].join('\n'),
      duration: 'Selesai di hari yang sama',
      cost: 0,
      cost_note: 'Tidak dipungut biaya',
      place: PLACE,
      contact: CONTACT,
    },
    daysAgo: 18,
  },
  {
    title: 'Rekomendasi Izin Keramaian',
    summary: 'Rekomendasi camat untuk hajatan, pentas seni atau kegiatan yang mengundang keramaian, sebagai syarat izin dari Polsek.',
    body: 'Ajukan paling lambat 7 hari sebelum acara. Untuk acara yang menutup jalan kabupaten, pemohon juga berkoordinasi dengan Dinas Perhubungan.',
    details: {
      audience: 'Warga atau panitia yang menyelenggarakan hajatan dan acara umum',
      requirements: [
        'Surat pengantar dari desa/kelurahan',
        'Fotokopi KTP penanggung jawab acara',
        'Surat permohonan yang menyebut tempat, waktu, jenis hiburan dan perkiraan jumlah tamu',
        'Persetujuan tetangga sekitar untuk acara yang menutup jalan lingkungan',
      ].join('\n'),
      steps: [
        'Isi formulir permohonan izin keramaian',
        'Serahkan berkas di loket paling lambat 7 hari sebelum acara',
        'Rekomendasi ditandatangani camat',
        'Bawa rekomendasi ke Polsek Purworeja Klampok untuk izin keramaian',
      ].join('\n'),
      duration: '1–2 hari kerja',
      cost: 0,
      cost_note: 'Tidak dipungut biaya',
      place: PLACE,
      contact: CONTACT,
    },
    forms: [
      {
        name: 'formulir-izin-keramaian.pdf',
        lines: ['Formulir Permohonan Rekomendasi Izin Keramaian', 'Nama penanggung jawab: ....................', 'Jenis acara: ....................', 'Tempat dan waktu: ....................'],
      },
    ],
    daysAgo: 15,
  },
  {
    title: 'Surat Keterangan Ahli Waris',
    summary: 'Pengesahan surat keterangan ahli waris untuk mengurus tabungan, pensiun atau balik nama tanah.',
    body: 'Surat keterangan ahli waris dibuat dan ditandatangani para ahli waris, disaksikan kepala desa, lalu dikuatkan oleh camat.',
    details: {
      audience: 'Ahli waris dari warga yang meninggal dunia',
      requirements: [
        'Surat keterangan kematian dari desa/kelurahan',
        'Surat pernyataan ahli waris yang ditandatangani semua ahli waris dan dua saksi',
        'Fotokopi KTP dan kartu keluarga semua ahli waris',
        'Fotokopi akta kematian',
      ].join('\n'),
      steps: ['Susun surat pernyataan ahli waris di desa', 'Kepala desa menandatangani sebagai saksi', 'Serahkan berkas di loket kecamatan', 'Camat menguatkan surat keterangan ahli waris'].join('\n'),
      duration: '2 hari kerja',
      cost: 0,
      cost_note: 'Tidak dipungut biaya',
      place: PLACE,
      contact: CONTACT,
    },
    forms: [
      {
        name: 'contoh-surat-pernyataan-ahli-waris.pdf',
        lines: ['Contoh Surat Pernyataan Ahli Waris', 'Yang bertanda tangan di bawah ini ....................', 'menyatakan bahwa almarhum/almarhumah ....................'],
      },
    ],
    daysAgo: 12,
  },
  {
    title: 'Surat Keterangan Domisili Usaha',
    summary: 'Keterangan tempat usaha mikro dan kecil untuk pengajuan kredit usaha rakyat atau NIB.',
    body: 'Untuk usaha mikro, Nomor Induk Berusaha (NIB) dapat diurus sendiri lewat OSS. Surat ini membantu bila bank atau mitra masih memintanya.',
    details: {
      audience: 'Pelaku usaha mikro dan kecil di Kecamatan Purworeja Klampok',
      requirements: ['Surat pengantar dari desa/kelurahan', 'Fotokopi KTP pemilik usaha', 'Foto tempat usaha', 'Bukti lunas PBB tahun berjalan'].join('\n'),
      steps: ['Serahkan berkas di loket pelayanan', 'Petugas dapat meninjau tempat usaha bila perlu', 'Surat keterangan ditandatangani camat'].join('\n'),
      duration: '3 hari kerja',
      cost: 0,
      cost_note: 'Tidak dipungut biaya',
      place: PLACE,
      contact: CONTACT,
    },
    daysAgo: 10,
  },
  {
    title: 'Sewa Pendopo Kecamatan untuk Acara',
    summary: 'Pendopo kecamatan dapat dipakai warga untuk resepsi, pertemuan atau pentas seni.',
    body: 'Pemakaian untuk kegiatan sosial desa dan sekolah tidak dipungut biaya. Kebersihan selama dan setelah acara menjadi tanggung jawab penyewa.',
    details: {
      audience: 'Warga, organisasi dan sekolah',
      requirements: ['Surat permohonan yang menyebut tanggal, jam dan jenis acara', 'Fotokopi KTP penanggung jawab'].join('\n'),
      steps: [
        'Tanyakan tanggal yang masih kosong lewat WhatsApp',
        'Serahkan surat permohonan di loket',
        'Bayar retribusi di Bank Jateng dan tunjukkan bukti setornya',
        'Ambil kunci sehari sebelum acara',
      ].join('\n'),
      duration: 'Jawaban paling lama 2 hari kerja',
      cost: 750000,
      cost_note: 'Per hari, sesuai Perda Kabupaten Banjarnegara tentang retribusi pemakaian kekayaan daerah',
      place: PLACE,
      contact: CONTACT,
    },
    daysAgo: 6,
  },
];
