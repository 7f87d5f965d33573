import type { Village } from '../../db/schema';
import type { Ctx } from '../../domain/context';
import { parseForm } from '../../lib/validation';
import { normaliseWhatsapp } from '../../modules/content/fields';
import type { Snapshot } from '../../modules/content/snapshot';
import { saveProfile } from '../../modules/profile/profile.service';
import { profileForm } from '../../modules/profile/profile.schema';
import { sectionOf } from '../../modules/sections';
import { VILLAGE_NEWS } from './news-data';
import { type Fate, type Poster, backdate, place } from './place';
import { type DemoPhotos, type PhotoSpec, addPhoto } from './photos';
import { POTENTIALS } from './potentials-data';
import { PRODUCTS } from './products-data';
import { loadProjects } from './projects';
import { type VillageSeed, profileFormOf } from './villages-data';

export interface VillageJob {
  village: Village;
  seed: VillageSeed;
  index: number;
  /** The village's operator (the camat office when the village has none). */
  author: Ctx;
  camat: Ctx;
  photos: DemoPhotos;
  /** One letter per item (see place.ts) for each type; missing letters mean published. */
  fates: Partial<Record<'potential' | 'product' | 'news' | 'project', string>>;
  /** The population figures' date. */
  asOf: string;
}

function snapshot(title: string, summary: string, body: string, cover: number | null, alt: string, details: Record<string, unknown> = {}): Snapshot {
  return { title, summary, body_source: body, cover_media_id: cover, cover_alt: cover ? alt : '', media_ids: [], details };
}

/** Fills one desa: profile, potensi, produk UMKM, berita and (when the section exists) pembangunan. */
export async function loadVillage(job: VillageJob): Promise<void> {
  const { village, seed, author } = job;
  const name = village.name;
  const poster: Poster = { author, camat: job.camat, villageId: village.id };
  const photo = (spec: PhotoSpec) => addPhoto(author, job.photos, spec, village.id);
  const fateOf = (type: keyof VillageJob['fates'], i: number) => (job.fates[type]?.[i] ?? 'P') as Fate;

  // Profil desa, through the same parser and service as the workspace form.
  const form = parseForm(profileForm, profileFormOf(seed, name, job.index, job.asOf));
  if (!form.ok) throw new Error(`demo profile of ${name} is invalid: ${JSON.stringify(form.errors)}`);
  const cover = await photo({ motif: 'office', hue: seed.hue, caption: `Balai Desa ${name}`, alt: `Balai Desa ${name} tampak depan` });
  const { version: _v, ...data } = form.data;
  await saveProfile(author, village, 0, { ...data, cover_media_id: cover });

  for (const [i, key] of seed.potentials.entries()) {
    const p = POTENTIALS[key];
    const title = p.title(name);
    const media = await photo({ motif: p.motif, hue: p.hue, caption: title, alt: title });
    const details = { category: p.category, location_text: p.location(name), lat: seed.lat + 0.004 * (i - 1), lng: seed.lng + 0.003 * i, contact: p.contact, opening_hours: p.hours };
    const id = await place(poster, sectionOf('potential'), snapshot(title, p.summary, p.body(name), media, title, details), fateOf('potential', i), i);
    await backdate(author, id, 40 + i * 9);
  }

  for (const [i, key] of seed.products.entries()) {
    const p = PRODUCTS[key];
    const fate = fateOf('product', i);
    const media = fate === 'R' ? null : await photo({ motif: p.motif, hue: p.hue, caption: p.title, alt: `${p.title} dari ${name}` });
    const details = { price: p.price, unit: p.unit, seller_name: p.seller, whatsapp: normaliseWhatsapp(p.whatsapp) ?? null, category: p.category, availability: p.availability };
    const id = await place(poster, sectionOf('product'), snapshot(p.title, p.summary, p.body, media, `${p.title} dari ${name}`, details), fate, i);
    await backdate(author, id, 30 + i * 5);
  }

  const newsCount = 2 + (job.index % 2);
  for (let i = 0; i < newsCount; i++) {
    const n = VILLAGE_NEWS[(job.index + i * 2) % VILLAGE_NEWS.length];
    const fate = fateOf('news', i);
    const title = n.title(name);
    const media = fate === 'D' ? null : await photo({ motif: n.motif, hue: n.hue + job.index * 15, caption: title, alt: title });
    const id = await place(poster, sectionOf('news'), snapshot(title, n.summary(name), n.body(name, seed.head), media, title), fate, i + job.index);
    await backdate(author, id, n.daysAgo + job.index);
  }

  await loadProjects({ poster, project: sectionOf('project'), seed, name, photo, fateOf: (i) => fateOf('project', i) });
}
