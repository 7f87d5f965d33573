import { z } from 'zod';
import { numberOrNull } from '../../db/numbers';
import { t } from '../../i18n';
import { type DetailsOf, columnFields } from '../content/details';
import type { SectionDef } from '../content/section';
import { choice, latitude, longitude, shortText } from '../content/fields';

export const POTENTIAL_CATEGORIES = ['ekonomi', 'wisata', 'pertanian', 'peternakan', 'perikanan', 'budaya', 'produk_unggulan', 'sumber_daya_alam'] as const;

const fields = columnFields(
  'potential_details',
  {
    category: choice(POTENTIAL_CATEGORIES),
    location_text: shortText(200),
    lat: latitude,
    lng: longitude,
    contact: shortText(100),
    opening_hours: shortText(100),
  },
  ['district_id'],
);

export type PotentialDetails = DetailsOf<typeof fields>;

const isCategory = (c: unknown): c is (typeof POTENTIAL_CATEGORIES)[number] => (POTENTIAL_CATEGORIES as readonly unknown[]).includes(c);
/** "produk_unggulan" → "Produk unggulan"; a value outside the list as it is. */
const categoryLabel = (c: unknown): string => (isCategory(c) ? t(`potentialCategory.${c}`) : String(c));

/** Potensi desa: category, where it is (text and an optional map point), contact, opening hours. */
export const potential: SectionDef<typeof fields> = {
  type: 'potential',
  section: 'potensi',
  label: 'type.potential',
  levels: ['village'],
  public: {
    path: '/potensi',
    listed: true,
    title: 'portal.potentialsTitle',
    nav: null,
    village: { segment: 'potensi', title: 'portal.section.potensi' },
    searchWeight: 6,
    api: {
      list: 'potentials',
      schemaName: 'Potential',
      summary: 'Published potensi',
      fields: z.object({
        category: z.string().nullable(),
        location_text: z.string().nullable(),
        lat: z.number().nullable(),
        lng: z.number().nullable(),
        contact: z.string().nullable(),
        opening_hours: z.string().nullable(),
      }),
      details: async (db, ids) => {
        const rows = await db.selectFrom('potential_details').selectAll().where('item_id', 'in', ids).execute();
        return new Map(
          rows.map((x) => [
            x.item_id,
            { category: x.category, location_text: x.location_text, lat: numberOrNull(x.lat), lng: numberOrNull(x.lng), contact: x.contact, opening_hours: x.opening_hours },
          ]),
        );
      },
    },
    map: { table: 'potential_details', detail: { column: 'category', text: categoryLabel }, title: 'map.potentials', colour: '#15803d' },
  },
  detailShape: fields,
  fieldsPartial: 'potential',
  loadDetails: async (db, itemId) =>
    (await db
      .selectFrom('potential_details')
      .select(['category', 'location_text', 'lat', 'lng', 'contact', 'opening_hours'])
      .where('item_id', '=', itemId)
      // Stored from the form, so one of its choices.
      .$narrowType<Pick<PotentialDetails, 'category'>>()
      .executeTakeFirst()) ?? null,
  saveDetails: async (db, itemId, d) => {
    await db.deleteFrom('potential_details').where('item_id', '=', itemId).execute();
    await db
      .insertInto('potential_details')
      .values((eb) => ({ ...d, item_id: itemId, district_id: eb.selectFrom('content_items').select('district_id').where('id', '=', itemId) }))
      .execute();
  },
  detailTexts: (d) => [d.location_text, d.contact, d.opening_hours],
};
