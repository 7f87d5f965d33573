import type { Kysely } from 'kysely';
import type { Database, Timezone } from '../../db/schema';
import { formatDate } from '../../i18n';
import { parseFiles } from '../media/media.queries';
import { type ImageSources, imageSources } from '../media/media.urls';
import { type Profile, loadProfile } from './profile.service';

export interface PublicProfile {
  profile: Profile;
  cover: (ImageSources & { alt: string }) | null;
  /** "5.432", "1.650", "312,5", "30 Juni 2026": ready for the card. */
  display: { population: string | null; households: string | null; area: string | null; asOf: string | null };
  mapUrl: string | null;
}

const numberFormats = [0, 1, 2].map((digits) => new Intl.NumberFormat('id-ID', { maximumFractionDigits: digits }));
const number = (n: number | null, digits = 0) => (n === null ? null : numberFormats[digits].format(n));

/** What the public village page shows of a profile (null when none was saved yet). */
export async function publicProfile(db: Kysely<Database>, villageId: number, tz: Timezone): Promise<PublicProfile | null> {
  const profile = await loadProfile(db, villageId);
  if (!profile) return null;
  let cover: PublicProfile['cover'] = null;
  if (profile.cover_media_id !== null) {
    const media = await db
      .selectFrom('media')
      .select(['files', 'alt'])
      .where('id', '=', profile.cover_media_id)
      .where('village_id', '=', villageId)
      .where('kind', '=', 'image')
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    const sources = media ? imageSources(parseFiles(media.files)) : null;
    if (media && sources) cover = { ...sources, alt: media.alt };
  }
  const { lat, lng } = profile;
  return {
    profile,
    cover,
    display: {
      population: number(profile.population),
      households: number(profile.households),
      area: number(profile.area_ha, 2),
      // A calendar date: midnight UTC is the same day in every Indonesian zone.
      asOf: profile.population_as_of ? formatDate(`${profile.population_as_of} 00:00:00`, tz) : null,
    },
    mapUrl: lat !== null && lng !== null ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}` : null,
  };
}
