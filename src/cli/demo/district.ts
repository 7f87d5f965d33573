import type { Ctx } from '../../domain/context';
import { createMedia } from '../../modules/media/media.service';
import { sectionOf } from '../../modules/sections';
import { dayFromToday } from './ctx';
import { DISTRICT_CONTENT } from './news-data';
import { formPdf } from './forms';
import { type DemoPhotos, addPhoto } from './photos';
import { backdate, place } from './place';
import { SERVICE_CONTENT } from './services-data';

/** Kecamatan-level berita, pengumuman, agenda (in the coming weeks), halaman and layanan (with PDF forms), by the camat office. */
export async function loadDistrict(camat: Ctx, photos: DemoPhotos): Promise<number> {
  const poster = { author: camat, camat, villageId: null };
  let count = 0;
  for (const [i, c] of DISTRICT_CONTENT.entries()) {
    const def = sectionOf(c.type);
    const cover = c.motif ? await addPhoto(camat, photos, { motif: c.motif, hue: c.hue ?? 200, caption: c.title, alt: c.title }, null) : null;
    const details = c.event
      ? {
          starts_on: dayFromToday(c.event.inDays, camat.district.timezone),
          ends_on: c.event.days ? dayFromToday(c.event.inDays + c.event.days, camat.district.timezone) : null,
          start_time: c.event.start,
          end_time: c.event.end,
          place: c.event.place,
        }
      : {};
    const snap = { title: c.title, summary: c.summary, body_source: c.body, cover_media_id: cover, cover_alt: cover ? c.title : '', media_ids: [], details };
    const id = await place(poster, def, snap, c.draft ? 'D' : 'P', i);
    await backdate(camat, id, c.daysAgo ?? 30);
    count++;
  }
  for (const [i, c] of SERVICE_CONTENT.entries()) {
    const forms = [];
    for (const f of c.forms ?? []) forms.push((await createMedia(camat, photos.storage, { buffer: formPdf(f.lines), originalName: f.name, alt: '', villageId: null })).id);
    const snap = { title: c.title, summary: c.summary, body_source: c.body, cover_media_id: null, cover_alt: '', media_ids: forms, details: { ...c.details } };
    const id = await place(poster, sectionOf('service'), snap, 'P', i);
    await backdate(camat, id, c.daysAgo);
    count++;
  }
  return count;
}
