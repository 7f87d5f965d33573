import type { Ctx } from '../../domain/context';
import { loadIdentity, saveIdentity } from '../../modules/settings/identity.service';
import { type DemoPhotos, addPhoto } from './photos';

// The demo kecamatan's face on the home page and in the footer. The camat and the contacts are
// invented (numbers in the ranges of the Banjarnegara area code, an address of the demo's kind).
const WELCOME = `Selamat datang di laman resmi Kecamatan Purworeja Klampok.

Di sini warga dapat membaca berita kecamatan, mengenal potensi dan produk UMKM dari delapan desa, dan mengikuti kemajuan pembangunan di setiap desa. Setiap desa mengisi halamannya sendiri; kantor kecamatan memeriksa dan menerbitkan.

Kami menunggu saran dan pertanyaan Bapak/Ibu melalui kontak di bawah ini.`;

/** Fills the kecamatan's identity through the settings service, unless the camat office already set one. */
export async function loadDemoIdentity(camat: Ctx, photos: DemoPhotos): Promise<boolean> {
  const current = await loadIdentity(camat.db, camat.district.id);
  if (current.camat_name || current.hero_media_id || current.address) return false;
  const hero = await addPhoto(camat, photos, { motif: 'landscape', hue: 120, caption: 'Lembah Serayu di Purworeja Klampok', alt: 'Sawah dan perbukitan di lembah Sungai Serayu' }, null);
  await saveIdentity(camat, {
    ...current,
    hero_media_id: hero,
    camat_name: 'Drs. Bambang Sutejo, M.Si.',
    welcome_source: WELCOME,
    address: 'Jl. Raya Klampok No. 12, Purworeja Klampok, Kabupaten Banjarnegara 53474',
    hours: 'Senin–Kamis 07.30–15.30, Jumat 07.30–11.00 WIB',
    phone: '0286479100',
    whatsapp: '6281227000100',
    email: 'kecamatan@purworejaklampok.example',
  });
  return true;
}
