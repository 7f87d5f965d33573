// User-facing media strings (merged into the locale by src/i18n/id.ts).
export const mediaMessages = {
  'media.rejected.empty': 'Berkas yang diunggah kosong.',
  'media.rejected.notImage': 'Berkas ini bukan gambar yang bisa dibaca. Unggah foto berformat JPEG, PNG, atau WebP.',
  'media.rejected.svg': 'Gambar SVG tidak diterima karena dapat berisi skrip. Unggah foto berformat JPEG, PNG, atau WebP.',
  'media.rejected.format': 'Format gambar {format} tidak diterima. Unggah foto berformat JPEG, PNG, WebP, GIF, HEIF, atau AVIF.',
  'media.rejected.heic': 'Foto HEIC belum dapat diproses. Kirim ulang foto sebagai JPEG (di iPhone: Pengaturan › Kamera › Format › Paling Kompatibel).',
  'media.rejected.tooManyPixels': 'Gambar terlalu besar ({megapixels} megapiksel). Batasnya {max} megapiksel; perkecil gambar lalu unggah lagi.',
  'media.rejected.notPdf': 'Berkas ini bukan dokumen PDF yang utuh. Unggah dokumen berformat PDF.',
  'media.storage.full': 'Ruang penyimpanan server penuh, jadi berkas belum tersimpan. Beri tahu admin kecamatan.',
  'media.storage.unavailable': 'Penyimpanan berkas di server sedang bermasalah, jadi berkas belum tersimpan. Coba lagi nanti atau beri tahu admin kecamatan.',
  'media.storage.notFound': 'Berkas tidak ditemukan.',
} as const;

export type MediaMessageKey = keyof typeof mediaMessages;
export type MessageVars = Record<string, string | number>;

export function mediaMessage(key: MediaMessageKey, vars: MessageVars = {}): string {
  return mediaMessages[key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
