import { z } from 'zod';
import { type DetailsOf, columnFields } from '../content/details';
import type { SectionDef } from '../content/section';
import { clockTime, isoDate, shortText } from '../content/fields';

const fields = columnFields('event_details', {
  starts_on: isoDate(true),
  ends_on: isoDate(false).pipe(z.string().nullable()),
  start_time: clockTime,
  end_time: clockTime,
  place: shortText(200),
});

export type EventDetails = DetailsOf<typeof fields>;

/** Agenda of the camat office: date, time and place. */
export const event: SectionDef<typeof fields> = {
  type: 'event',
  section: 'agenda',
  label: 'type.event',
  levels: ['district'],
  public: { path: '/agenda', listed: true, title: 'portal.agendaTitle', nav: null, village: null, searchWeight: 2, api: null, map: null },
  detailShape: fields,
  fieldsPartial: 'event',
  loadDetails: async (db, itemId) =>
    (await db.selectFrom('event_details').select(['starts_on', 'ends_on', 'start_time', 'end_time', 'place']).where('item_id', '=', itemId).executeTakeFirst()) ?? null,
  saveDetails: async (db, itemId, d) => {
    await db.deleteFrom('event_details').where('item_id', '=', itemId).execute();
    await db
      .insertInto('event_details')
      .values({ item_id: itemId, ...d })
      .execute();
  },
  detailTexts: (d) => [d.place],
  check: (d) => (d.ends_on && d.ends_on < d.starts_on ? { field: 'ends_on', message: 'field.endBeforeStart' } : null),
};
