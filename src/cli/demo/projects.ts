import type { SectionDef } from '../../modules/content/section';
import { FUNDING_SOURCES, budgetField } from '../../modules/sections/project';
import { addUpdate } from '../../modules/sections/project-updates';
import { dayFromToday } from './ctx';
import { type Fate, type Poster, backdate, place } from './place';
import type { PhotoSpec } from './photos';
import { PROJECTS } from './projects-data';
import type { VillageSeed } from './villages-data';

export interface ProjectJob {
  poster: Poster;
  project: SectionDef;
  seed: VillageSeed;
  name: string;
  photo: (spec: PhotoSpec) => Promise<number>;
  fateOf: (i: number) => Fate;
}

/**
 * Pembangunan of one desa: each project with its budget by funding source, then its dated progress
 * updates (one generated photo each) through addUpdate, which sets progress and status from them.
 */
export async function loadProjects(job: ProjectJob): Promise<void> {
  const { poster, seed, name } = job;
  const tz = poster.author.district.timezone;
  for (const [i, key] of seed.projects.entries()) {
    const p = PROJECTS[key];
    const title = p.title(name);
    const start = dayFromToday(-p.startedDaysAgo, tz);
    const target = dayFromToday(p.durationDays - p.startedDaysAgo, tz);
    // A progress update may not be dated after tomorrow.
    const updates = p.updates.map((u) => ({ ...u, date: dayFromToday(Math.min(0, u.after - p.startedDaysAgo), tz) }));
    const photos: number[] = [];
    for (const u of updates) {
      photos.push(await job.photo({ motif: p.motif, hue: seed.hue + i * 30, caption: title, alt: `${title}, progres ${u.percent}%`, progress: u.percent }));
    }
    const cover = photos.length ? photos[photos.length - 1] : await job.photo({ motif: 'landscape', hue: seed.hue, caption: `Lokasi: ${title}`, alt: `Lokasi rencana ${title}` });
    const details: Record<string, unknown> = {
      fiscal_year: Number(start.slice(0, 4)),
      location_text: p.location(name),
      lat: Math.round((seed.lat - 0.005 + i * 0.004) * 1e6) / 1e6,
      lng: Math.round((seed.lng + 0.004 - i * 0.003) * 1e6) / 1e6,
      executor: p.executor,
      output_volume: p.output,
      start_date: start,
      target_date: target,
      project_status: updates.length ? 'berjalan' : 'rencana',
      ...Object.fromEntries(FUNDING_SOURCES.map((s) => [budgetField(s), p.budgets[s] ?? 0])),
    };
    const snap = { title, summary: p.summary, body_source: p.body(name), cover_media_id: cover, cover_alt: title, media_ids: [], details };
    const id = await place(poster, job.project, snap, job.fateOf(i), i, async (itemId) => {
      for (const [n, u] of updates.entries()) {
        await addUpdate(poster.author, itemId, { update_date: u.date, percent: u.percent, note: u.note, mediaIds: [photos[n]] });
      }
    });
    await backdate(poster.author, id, p.startedDaysAgo);
  }
}
