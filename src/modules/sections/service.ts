import { z } from 'zod';
import { type DetailsOf, columnFields } from '../content/details';
import type { SectionDef } from '../content/section';
import { lineList, linesOf, rupiah, shortText } from '../content/fields';
import { documentsOf } from '../portal/published';

const COLUMNS = ['audience', 'requirements', 'steps', 'duration', 'cost', 'cost_note', 'place', 'contact'] as const;

/** "Gratis" (any case) reads as 0; anything else as rupiah, empty being 0 too. */
const cost = z.preprocess((v) => (typeof v === 'string' && /^\s*gratis\s*$/i.test(v) ? '' : v), rupiah(false));

const fields = columnFields('service_details', {
  audience: shortText(200),
  requirements: lineList,
  steps: lineList,
  duration: shortText(100),
  cost,
  cost_note: shortText(150),
  place: shortText(200),
  contact: shortText(100),
});

export type ServiceDetails = DetailsOf<typeof fields>;

/**
 * Layanan of the kecamatan (rekomendasi, legalisasi, dispensasi nikah…): who it is for, requirements
 * and steps (one per line), how long it takes, what it costs (0 = free), where to go, whom to ask,
 * and the PDF forms to download. Kecamatan-level: the camat office edits it, operators never see it.
 */
export const service: SectionDef<typeof fields> = {
  type: 'service',
  section: 'layanan',
  label: 'type.service',
  levels: ['district'],
  documents: true,
  public: {
    path: '/layanan',
    listed: true,
    title: 'service.listTitle',
    nav: 'section.layanan',
    village: null,
    searchWeight: 7,
    api: {
      list: 'services',
      schemaName: 'Service',
      summary: 'Public services of the kecamatan: requirements, steps, cost and forms',
      fields: z.object({
        audience: z.string(),
        requirements: z.array(z.string()),
        steps: z.array(z.string()),
        duration: z.string(),
        cost: z.number().int().describe('Rupiah; 0 means free'),
        currency: z.literal('IDR'),
        cost_note: z.string(),
        place: z.string(),
        contact: z.string(),
        documents: z.array(z.object({ name: z.string(), url: z.string().describe('Absolute when the site knows its address'), bytes: z.number().int() })),
      }),
      details: async (db, ids, origin) => {
        const [rows, documents] = await Promise.all([db.selectFrom('service_details').selectAll().where('item_id', 'in', ids).execute(), documentsOf(db, ids)]);
        return new Map(
          rows.map((x) => [
            x.item_id,
            {
              audience: x.audience,
              requirements: linesOf(x.requirements),
              steps: linesOf(x.steps),
              duration: x.duration,
              cost: Number(x.cost),
              currency: 'IDR',
              cost_note: x.cost_note,
              place: x.place,
              contact: x.contact,
              documents: (documents.get(x.item_id) ?? []).map((d) => ({ name: d.name, url: `${origin}${d.url}`, bytes: d.bytes })),
            },
          ]),
        );
      },
    },
    map: null,
  },
  detailShape: fields,
  fieldsPartial: 'service',
  loadDetails: async (db, itemId) => {
    const row = await db.selectFrom('service_details').select(COLUMNS).where('item_id', '=', itemId).executeTakeFirst();
    // MySQL returns BIGINT as a string.
    return row ? { ...row, cost: Number(row.cost) } : null;
  },
  saveDetails: async (db, itemId, d) => {
    await db.deleteFrom('service_details').where('item_id', '=', itemId).execute();
    await db
      .insertInto('service_details')
      .values({ item_id: itemId, ...d })
      .execute();
  },
  detailTexts: (d) => [d.audience, d.requirements, d.steps, d.duration, d.cost_note, d.place, d.contact],
};
