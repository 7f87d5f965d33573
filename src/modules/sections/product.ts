import { z } from 'zod';
import { numberOrNull } from '../../db/numbers';
import { type DetailsOf, columnFields } from '../content/details';
import type { SectionDef } from '../content/section';
import { choice, rupiah, shortText, whatsapp } from '../content/fields';

export const PRODUCT_CATEGORIES = ['makanan', 'minuman', 'kerajinan', 'fesyen', 'pertanian', 'peternakan', 'perikanan', 'jasa', 'lainnya'] as const;
export const AVAILABILITY = ['tersedia', 'pesan_dulu', 'habis'] as const;

const fields = columnFields('product_details', {
  price: rupiah(),
  unit: shortText(30, true),
  seller_name: shortText(120, true),
  whatsapp,
  category: choice(PRODUCT_CATEGORIES),
  availability: choice(AVAILABILITY).default('tersedia'),
});

export type ProductDetails = DetailsOf<typeof fields>;

/** Produk UMKM: price in whole rupiah, unit, seller and a WhatsApp number in the 62… form. */
export const product: SectionDef<typeof fields> = {
  type: 'product',
  section: 'produk',
  label: 'type.product',
  levels: ['village'],
  public: {
    path: '/produk',
    listed: true,
    title: 'catalog.title',
    nav: 'section.produk',
    village: { segment: 'produk', title: 'portal.section.produk' },
    searchWeight: 8,
    api: {
      list: 'products',
      schemaName: 'Product',
      summary: 'Published UMKM products',
      fields: z.object({
        price: z.number().int().nullable().describe('Rupiah'),
        currency: z.literal('IDR'),
        unit: z.string().nullable(),
        seller_name: z.string().nullable(),
        whatsapp: z.string().nullable(),
        category: z.string().nullable(),
        availability: z.string().nullable(),
      }),
      details: async (db, ids) => {
        const rows = await db.selectFrom('product_details').selectAll().where('item_id', 'in', ids).execute();
        return new Map(
          rows.map((x) => [
            x.item_id,
            { price: numberOrNull(x.price), currency: 'IDR', unit: x.unit, seller_name: x.seller_name, whatsapp: x.whatsapp, category: x.category, availability: x.availability },
          ]),
        );
      },
    },
    map: null,
  },
  detailShape: fields,
  fieldsPartial: 'product',
  loadDetails: async (db, itemId) => {
    const row = await db
      .selectFrom('product_details')
      .select(['price', 'unit', 'seller_name', 'whatsapp', 'category', 'availability'])
      .where('item_id', '=', itemId)
      // Stored from the form, so one of its choices.
      .$narrowType<Pick<ProductDetails, 'category' | 'availability'>>()
      .executeTakeFirst();
    return row ? { ...row, price: Number(row.price) } : null;
  },
  saveDetails: async (db, itemId, d) => {
    await db.deleteFrom('product_details').where('item_id', '=', itemId).execute();
    await db
      .insertInto('product_details')
      .values({ item_id: itemId, ...d })
      .execute();
  },
  detailTexts: (d) => [d.unit, d.seller_name],
};
