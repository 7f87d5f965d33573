import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { ContentType, Database } from '../../db/schema';
import type { MessageKey } from '../../i18n';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What one content type adds to the shared content core: its URL section, who may own it, its
 * typed detail fields (a strict zod shape merged into the form) and how they are stored.
 */
export interface SectionDef<D extends Record<string, unknown> = Record<string, unknown>> {
  type: ContentType;
  /** Workspace and portal URL segment, e.g. 'berita' → /admin/berita. */
  section: string;
  /** Village items (operators), kecamatan items (camat office), or both. */
  levels: readonly ('village' | 'district')[];
  /** Form fields of the detail table, validated together with the common fields. */
  detailShape: z.ZodRawShape;
  /** View partial with the detail fields, under views/admin/content/fields/. */
  fieldsPartial: string | null;
  pickDetails(form: Record<string, unknown>): D;
  loadDetails(db: Db, itemId: number): Promise<D | null>;
  saveDetails(db: Db, itemId: number, details: D): Promise<void>;
  /** Texts the spam guard reads besides title, summary and body. */
  detailTexts(details: D): string[];
  /** A rule across fields (an end before a start): the field and message key, or null. */
  check?(details: D): { field: string; message: MessageKey } | null;
}

export const noDetails: Pick<SectionDef<Record<string, never>>, 'detailShape' | 'fieldsPartial' | 'pickDetails' | 'loadDetails' | 'saveDetails' | 'detailTexts'> = {
  detailShape: {},
  fieldsPartial: null,
  pickDetails: () => ({}),
  loadDetails: async () => ({}),
  saveDetails: async () => undefined,
  detailTexts: () => [],
};
