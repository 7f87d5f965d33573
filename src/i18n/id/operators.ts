// Strings of the operators at scale: WhatsApp numbers, reminders to quiet villages, operators
// created for every village at once with their credential sheet, and confirmation steps.
export const operators = {
  'nav.account': 'Akun saya',

  'account.title': 'Akun saya',
  'account.username': 'Nama pengguna: {username}',
  'account.whatsapp': 'Nomor WhatsApp',
  'account.whatsappHint': 'Contoh: 0812-3456-7890. Kantor kecamatan memakainya untuk mengingatkan Anda lewat WhatsApp. Kosongkan untuk menghapus.',
  'account.save': 'Simpan nomor',
  'account.saved': 'Nomor WhatsApp disimpan.',
  'account.removed': 'Nomor WhatsApp dihapus.',

  'users.whatsapp': 'Nomor WhatsApp',
  'users.whatsappHint': 'Opsional. Contoh: 0812-3456-7890.',
  'users.lastPublished': 'Terakhir terbit',

  'users.confirmDisableTitle': 'Nonaktifkan akun {username}?',
  'users.confirmDisableBody': '{name} ({username}) tidak dapat masuk lagi dan semua sesinya diakhiri. Akun dapat diaktifkan kembali kapan saja.',
  'users.confirmDisable': 'Ya, nonaktifkan',
  'users.confirmResetTitle': 'Atur ulang kata sandi {username}?',
  'users.confirmResetBody': 'Kata sandi {name} ({username}) diganti dengan kata sandi sementara yang baru; semua sesinya diakhiri dan kata sandi harus diganti saat masuk berikutnya.',
  'users.confirmReset': 'Ya, atur ulang kata sandi',
  'users.confirmTwoFactorTitle': 'Atur ulang verifikasi dua langkah {username}?',
  'users.confirmTwoFactor': 'Ya, atur ulang verifikasi dua langkah',
  'users.confirmCancel': 'Batal',
  'users.confirmNeeded': 'Tindakan belum dijalankan: konfirmasikan dulu di halaman ini.',

  'bulk.open': 'Buat operator untuk semua desa',
  'bulk.title': 'Buat operator untuk desa yang belum punya',
  'bulk.intro': 'Setiap desa/kelurahan tanpa operator aktif mendapat satu akun operator dengan kata sandi sementara yang harus diganti saat pertama masuk. Akun yang sudah ada tidak diubah.',
  'bulk.none': 'Semua desa/kelurahan sudah punya operator aktif. Tidak ada akun yang perlu dibuat.',
  'bulk.planned': 'Akan dibuat {count} akun:',
  'bulk.submit': 'Buat {count} akun operator',
  'bulk.accountName': 'Operator {kind} {village}',
  'bulk.sheetTitle': 'Lembar akun operator',
  'bulk.sheetIntro':
    '{count} akun dibuat. Cetak halaman ini lalu gunting per desa. Kata sandi hanya ditampilkan sekali ini dan tidak disimpan: setelah halaman ini ditutup, kata sandi tidak dapat dilihat lagi (hanya dapat diatur ulang).',
  'bulk.print': 'Untuk mencetak, pakai menu Cetak di peramban (kertas A4).',
  'bulk.sheetFor': 'Operator {kind} {village}',
  'bulk.loginUrl': 'Alamat masuk',
  'bulk.username': 'Nama pengguna',
  'bulk.password': 'Kata sandi sementara',
  'bulk.sheetNote': 'Ganti kata sandi ini saat pertama masuk. Jangan berikan kepada orang lain.',
  'bulk.nothingCreated': 'Tidak ada akun baru: semua desa/kelurahan sudah punya operator aktif.',

  'remind.button': 'Ingatkan lewat WhatsApp',
  'remind.to': 'Ingatkan lewat WhatsApp: {name}',
  'remind.noNumber': 'Belum ada nomor WhatsApp operator.',
  'remind.addNumber': 'Tambahkan di formulir pengguna',
  'remind.noOperator': 'Belum ada operator aktif, jadi belum ada nomor WhatsApp.',
  'remind.addOperator': 'Buat akun operator',
  'remind.last': 'Diingatkan {date} oleh {name}',
  'remind.messageQuiet':
    'Yth. {name}, operator {kind} {village}. Kami dari kantor Kecamatan {district} mengingatkan dengan hormat bahwa {kind} {village} sudah {days} hari belum menerbitkan kabar di situs kecamatan. Mohon kesediaannya menambahkan berita, potensi, produk UMKM atau kabar pembangunan terbaru lewat ruang kerja: {url} Terima kasih atas kerja samanya.',
  'remind.messageNever':
    'Yth. {name}, operator {kind} {village}. Kami dari kantor Kecamatan {district} mengingatkan dengan hormat bahwa {kind} {village} belum pernah menerbitkan kabar di situs kecamatan. Mohon kesediaannya menambahkan berita, potensi, produk UMKM atau kabar pembangunan pertama lewat ruang kerja: {url} Terima kasih atas kerja samanya.',
  'remind.unknown': 'Operator atau desa/kelurahan ini tidak ditemukan, atau operator belum punya nomor WhatsApp.',
} as const;
