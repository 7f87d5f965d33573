// Strings of the photo picker of the content forms and of the upload time hint.
export const photoPicker = {
  'picker.title': 'Pilih foto dari pustaka',
  'picker.intro': 'Centang foto yang ingin dipasang, lalu tekan “Pakai foto terpilih”. Isian formulir Anda tetap tersimpan.',
  'picker.empty': 'Pustaka foto desa ini masih kosong. Unggah foto langsung dari formulir.',
  'picker.use': 'Pakai foto terpilih',
  'picker.open': 'Pilih foto dari pustaka',
  'picker.chosen': '{count} foto dipilih',
  'picker.noneChosen': 'Belum ada foto dari pustaka yang dipilih.',
  'picker.openHint': 'Foto yang baru dipilih untuk diunggah perlu dipilih lagi setelah kembali dari pustaka.',
  'picker.page': 'Halaman {page}',
  'picker.prev': 'Halaman sebelumnya',
  'picker.next': 'Halaman berikutnya',
  'picker.untitled': 'Foto tanpa keterangan',
  'upload.time': 'Di sinyal lemah, foto 5 MB butuh ± {typical} untuk terkirim; foto {max} MB (batas) ± {longest}. Foto akan diperkecil otomatis.',
  'upload.seconds': '{count} detik',
  'upload.minutes': '{count} menit',
  'upload.progress': 'Mengirim foto…',
} as const;
