import type { Motif } from './photos';

// Pembangunan for the demo: budgets by funding source (mostly Dana Desa, 50–400 juta) and a dated
// progress timeline, the "0% / 50% / 100%" photo record villages already keep.

export interface ProjectSeed {
  title: (village: string) => string;
  summary: string;
  body: (village: string) => string;
  location: (village: string) => string;
  executor: string;
  output: string;
  budgets: Partial<Record<'dana_desa' | 'add' | 'bk_provinsi' | 'bk_kabupaten' | 'apbn' | 'swadaya' | 'lainnya', number>>;
  /** Started this many days ago, due this many days after the start. */
  startedDaysAgo: number;
  durationDays: number;
  /** Progress entries: days after the start, percent and a note. Empty: still planned. */
  updates: { after: number; percent: number; note: string }[];
  motif: Motif;
}

const juta = (n: number) => n * 1_000_000;

export const PROJECTS: Record<string, ProjectSeed> = {
  jalan: {
    title: (v) => `Pengecoran Jalan Lingkungan RT 03 RW 02 ${v}`,
    summary: 'Jalan tanah yang becek saat hujan dicor beton agar anak sekolah dan hasil panen mudah lewat.',
    body: (v) =>
      `Jalan lingkungan sepanjang 450 meter di ${v} selama ini berupa tanah dan batu. Saat hujan jalan licin dan sulit dilewati kendaraan pengangkut salak dan gula.\n\nPekerjaan dilaksanakan secara swakelola oleh Tim Pelaksana Kegiatan (TPK) dengan tenaga kerja warga setempat (padat karya tunai).`,
    location: (v) => `RT 03 RW 02, Desa ${v}`,
    executor: 'TPK Desa (swakelola, padat karya)',
    output: '450 m × 3 m, tebal 15 cm',
    budgets: { dana_desa: juta(187.5), swadaya: juta(12) },
    startedDaysAgo: 95,
    durationDays: 75,
    updates: [
      { after: 0, percent: 0, note: 'Kondisi awal: jalan tanah berbatu, pengukuran dan pemasangan patok.' },
      { after: 35, percent: 50, note: 'Pengecoran ruas pertama 225 m selesai, perawatan beton dengan karung basah.' },
      { after: 72, percent: 100, note: 'Seluruh ruas selesai dicor, bahu jalan dirapikan dan papan informasi dipasang.' },
    ],
    motif: 'road',
  },
  talud: {
    title: (v) => `Pembangunan Talud Penahan Tanah Dusun Kidul ${v}`,
    summary: 'Talud pasangan batu untuk menahan tebing jalan yang longsor musim hujan lalu.',
    body: () => 'Tebing di sisi jalan dusun longsor sepanjang 60 meter dan mengancam rumah warga. Talud dibangun dari pasangan batu kali dengan saluran pembuangan air di belakangnya.',
    location: (v) => `Dusun Kidul, Desa ${v}`,
    executor: 'TPK Desa',
    output: '60 m, tinggi 2,5 m',
    budgets: { dana_desa: juta(142), bk_kabupaten: juta(60) },
    startedDaysAgo: 40,
    durationDays: 60,
    updates: [
      { after: 0, percent: 0, note: 'Pembersihan lokasi dan penggalian pondasi.' },
      { after: 30, percent: 45, note: 'Pasangan batu mencapai 27 m, pipa pembuangan air terpasang.' },
    ],
    motif: 'building',
  },
  irigasi: {
    title: (v) => `Rehabilitasi Saluran Irigasi Tersier ${v}`,
    summary: 'Saluran tanah yang bocor diganti saluran beton agar air sampai ke sawah ujung.',
    body: () => 'Saluran tersier sepanjang 380 meter banyak bocor sehingga sawah di ujung kekurangan air. Saluran diperbaiki dengan pasangan batu dan plester bersama kelompok tani.',
    location: (v) => `Blok sawah utara, Desa ${v}`,
    executor: 'TPK Desa bersama P3A Tirta Makmur',
    output: '380 m',
    budgets: { dana_desa: juta(96), add: juta(25), swadaya: juta(8) },
    startedDaysAgo: 120,
    durationDays: 60,
    updates: [
      { after: 0, percent: 0, note: 'Saluran lama dikeringkan dan dibersihkan.' },
      { after: 25, percent: 60, note: 'Pasangan batu sisi kiri dan kanan 230 m.' },
      { after: 58, percent: 100, note: 'Selesai, air kembali mengalir sampai ke sawah paling ujung.' },
    ],
    motif: 'landscape',
  },
  posyandu: {
    title: (v) => `Pembangunan Gedung Posyandu Dusun Wetan ${v}`,
    summary: 'Gedung posyandu permanen agar kegiatan tidak lagi menumpang di rumah warga.',
    body: () => 'Posyandu selama ini menumpang di teras rumah kader. Gedung baru berukuran 6 × 8 meter dengan ruang periksa, ruang tunggu dan toilet.',
    location: (v) => `Dusun Wetan, Desa ${v}`,
    executor: 'TPK Desa',
    output: '1 unit, 6 × 8 m',
    budgets: { dana_desa: juta(215) },
    startedDaysAgo: 10,
    durationDays: 90,
    updates: [],
    motif: 'building',
  },
  drainase: {
    title: (v) => `Saluran Drainase Jalan Desa ${v}`,
    summary: 'Saluran beton di kanan-kiri jalan agar air hujan tidak menggenangi permukiman.',
    body: () => 'Genangan air sering muncul di jalan desa setiap hujan deras. Saluran U-ditch dipasang di kedua sisi jalan dan disambungkan ke sungai.',
    location: (v) => `Jalan desa ${v}`,
    executor: 'CV Karya Serayu (penyedia)',
    output: '520 m saluran U-ditch',
    budgets: { dana_desa: juta(248), bk_provinsi: juta(150) },
    startedDaysAgo: 70,
    durationDays: 100,
    updates: [
      { after: 0, percent: 0, note: 'Penggalian dan pengiriman U-ditch.' },
      { after: 45, percent: 55, note: 'Saluran sisi utara terpasang 290 m.' },
    ],
    motif: 'road',
  },
  gedung_umkm: {
    title: (v) => `Gedung Galeri UMKM ${v}`,
    summary: 'Ruang pajang dan jual produk keramik, batik dan kuliner desa.',
    body: () => 'Galeri dibangun di samping balai desa untuk memajang produk UMKM dan menerima rombongan wisata. Dikelola BUMDes.',
    location: (v) => `Samping Balai Desa ${v}`,
    executor: 'TPK Desa',
    output: '1 unit, 8 × 10 m',
    budgets: { dana_desa: juta(320), lainnya: juta(40) },
    startedDaysAgo: 150,
    durationDays: 110,
    updates: [
      { after: 0, percent: 0, note: 'Peletakan batu pertama bersama camat.' },
      { after: 60, percent: 50, note: 'Dinding dan rangka atap selesai.' },
      { after: 108, percent: 100, note: 'Gedung selesai dan mulai dipakai untuk pameran produk.' },
    ],
    motif: 'office',
  },
  pju: {
    title: (v) => `Penerangan Jalan Tenaga Surya ${v}`,
    summary: 'Dua puluh lampu jalan tenaga surya di ruas gelap antar-dusun.',
    body: () => 'Ruas jalan antar-dusun gelap pada malam hari. Lampu tenaga surya dipilih agar tidak menambah tagihan listrik desa.',
    location: (v) => `Ruas antar-dusun, Desa ${v}`,
    executor: 'TPK Desa',
    output: '20 titik lampu',
    budgets: { dana_desa: juta(90) },
    startedDaysAgo: 20,
    durationDays: 45,
    updates: [{ after: 0, percent: 0, note: 'Pengiriman tiang dan panel surya.' }],
    motif: 'road',
  },
  sumur: {
    title: (v) => `Sumur Bor dan Tandon Air Bersih ${v}`,
    summary: 'Sumur bor dengan tandon 5.000 liter untuk dusun yang kesulitan air di musim kemarau.',
    body: () => 'Setiap kemarau warga dusun membeli air tangki. Sumur bor sedalam 80 meter dengan pompa dan tandon dibangun bersama pengelola air warga.',
    location: (v) => `Dusun Gunung, Desa ${v}`,
    executor: 'TPK Desa bersama KPSPAMS Tirta Sehat',
    output: '1 sumur, kedalaman 80 m, tandon 5.000 L',
    budgets: { dana_desa: juta(58), swadaya: juta(5) },
    startedDaysAgo: 200,
    durationDays: 40,
    updates: [
      { after: 0, percent: 0, note: 'Survei titik air dan pengeboran.' },
      { after: 38, percent: 100, note: 'Air mengalir ke 65 rumah melalui pipa distribusi.' },
    ],
    motif: 'landscape',
  },
};
