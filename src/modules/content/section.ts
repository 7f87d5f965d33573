import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { ContentType, Database } from '../../db/schema';
import type { MessageKey } from '../../i18n';
import type { DetailsOf } from './details';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A type's part of the read-only JSON API (/api/v1/<list>): the fields an item adds to the common
 * Item, as served. The OpenAPI schema is generated from `fields` (src/modules/api/openapi.ts).
 */
export interface ApiDef {
  /** The list's URL name, e.g. 'products' → /api/v1/products. */
  list: string;
  /** Its OpenAPI schema name, e.g. 'Product'. */
  schemaName: string;
  /** One line for the OpenAPI document (English, like the rest of the API). */
  summary: string;
  /** What an item adds to Item, or null when it adds nothing. */
  fields: z.ZodObject | null;
  /** Those fields for a page of published items, by id (a query per table, not per item); `origin` prefixes absolute links. */
  details?(db: Db, ids: number[], origin: string): Promise<Map<number, Record<string, unknown>>>;
}

/** What a details table needs to place an item on the map: its item and a point, both or neither set. */
export interface PointColumns {
  item_id: number;
  lat: number | null;
  lng: number | null;
}

type PointTable = { [T in keyof Database]: Database[T] extends PointColumns ? T : never }[keyof Database];

/**
 * A type's points on the public map (/peta and /peta.geojson, src/modules/portal/map.routes.ts): its
 * published items whose details table has both lat and lng, each with a short text beside it.
 */
export type MapDef = {
  [T in PointTable]: {
    /** The details table holding lat and lng. */
    table: T;
    /** The column of that table read for the text beside a point, and that text (a category's label, a progress "40%"). */
    detail: { column: keyof Database[T] & string; text(value: unknown): string };
    /** The heading of its list on /peta and its entry in the legend. */
    title: MessageKey;
    /** Its markers' and legend swatch's colour, a hex `#rrggbb` (the GeoJSON's `marker-color`). */
    colour: `#${string}`;
  };
}[PointTable];

/** Where a type lives on the public portal and how it is found there. */
export interface PublicDef {
  /** URL prefix: the list (when `listed`) and `<path>/:slug` for one item, e.g. '/produk'. */
  path: string;
  /** Has a public list page at `path` (halaman has item pages only). */
  listed: boolean;
  /** The list page's title, also the way back from an item page. */
  title: MessageKey;
  /** Its list is linked from the portal's main menu, under this label. */
  nav: MessageKey | null;
  /** The village page's section listing a village's items of the type (/desa/:slug/<segment>), or null. */
  village: { segment: string; title: MessageKey } | null;
  /** Rank boost of the type's hits in search: products and places above passing mentions in news. */
  searchWeight: number;
  /** In /api/v1, or null. */
  api: ApiDef | null;
  /** On the public map, or null for a type without coordinates. */
  map: MapDef | null;
}

/**
 * One content type, defined once: its workspace section, who may own it, its typed detail fields (a
 * strict zod shape merged into the form, whose parsed values are the type's details: `DetailsOf<S>`,
 * ./details.ts) and how they are stored, its label, and its public side (path, village page, search,
 * API, map). Everything that lists types derives from the registry in ../sections/index.ts
 * (docs/architecture.md, "The content core").
 */
export interface SectionDef<S extends z.ZodRawShape = z.ZodRawShape> {
  type: ContentType;
  /** Workspace URL segment, e.g. 'berita' → /admin/berita. */
  section: string;
  /** Its name in the workspace, review queue, feeds and search groups. */
  label: MessageKey;
  public: PublicDef;
  /** Village items (operators), kecamatan items (camat office), or both. */
  levels: readonly ('village' | 'district')[];
  /** Form fields of the detail table, validated together with the common fields (columnFields, ./details.ts). */
  detailShape: S;
  /** View partial with the detail fields, under views/admin/content/fields/. */
  fieldsPartial: string | null;
  loadDetails(db: Db, itemId: number): Promise<DetailsOf<S> | null>;
  saveDetails(db: Db, itemId: number, details: DetailsOf<S>): Promise<void>;
  /** Texts the spam guard reads besides title, summary and body. */
  detailTexts(details: DetailsOf<S>): string[];
  /** The form takes PDF forms (formulir) to download from the public page, kept in the item's media. */
  documents?: boolean;
  /** A rule across fields (an end before a start): the field and message key, or null. */
  check?(details: DetailsOf<S>): { field: string; message: MessageKey } | null;
}

export const noDetails: Pick<SectionDef<Record<string, never>>, 'detailShape' | 'fieldsPartial' | 'loadDetails' | 'saveDetails' | 'detailTexts'> = {
  detailShape: {},
  fieldsPartial: null,
  loadDetails: async () => ({}),
  saveDetails: async () => undefined,
  detailTexts: () => [],
};
