import type { ProductDetailsTable } from '../../db/schema';
import type { SectionDef } from '../content/section';
import { choice, rupiah, shortText, whatsapp } from '../content/fields';

export const PRODUCT_CATEGORIES = ['makanan', 'minuman', 'kerajinan', 'fesyen', 'pertanian', 'peternakan', 'perikanan', 'jasa', 'lainnya'] as const;
export const AVAILABILITY = ['tersedia', 'pesan_dulu', 'habis'] as const;

export type ProductDetails = Omit<ProductDetailsTable, 'item_id'>;

/** Produk UMKM: price in whole rupiah, unit, seller and a WhatsApp number in the 62… form. */
export const product: SectionDef<ProductDetails> = {
  type: 'product',
  section: 'produk',
  levels: ['village'],
  detailShape: {
    price: rupiah(),
    unit: shortText(30, true),
    seller_name: shortText(120, true),
    whatsapp,
    category: choice(PRODUCT_CATEGORIES),
    availability: choice(AVAILABILITY).default('tersedia'),
  },
  fieldsPartial: 'product',
  pickDetails: (f) => ({
    price: f.price as number,
    unit: f.unit as string,
    seller_name: f.seller_name as string,
    whatsapp: (f.whatsapp as string | null) ?? null,
    category: f.category as string,
    availability: f.availability as string,
  }),
  loadDetails: async (db, itemId) => {
    const row = await db.selectFrom('product_details').select(['price', 'unit', 'seller_name', 'whatsapp', 'category', 'availability']).where('item_id', '=', itemId).executeTakeFirst();
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
