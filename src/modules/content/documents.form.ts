import type { Request } from 'express';
import type { Ctx } from '../../domain/context';
import { t } from '../../i18n';
import { scoped } from '../media/media.queries';
import { formatBytes } from '../media/media.urls';
import { kindOf, sanitizeOriginalName } from '../../files';
import { filesOf } from '../media/upload';
import { idList } from './content.schema';
import type { SectionDef } from './section';

// PDF forms (formulir) of a type whose definition sets `documents` (Layanan): uploaded through the
// content form's document_files field into the media library, attached to the item in item_media
// like its photos, and listed for download on its public page (documentsOf in
// ../portal/published.ts). The form carries the attached ones as document_ids checkboxes.

const PHOTO_FIELDS = [
  { name: 'cover_file', maxCount: 1 },
  { name: 'photo_files', maxCount: 6 },
];
const DOCUMENT_FIELD = { name: 'document_files', maxCount: 5 };

/** The file fields of a type's content form. */
export const uploadFieldsOf = (def: SectionDef) => (def.documents ? [...PHOTO_FIELDS, DOCUMENT_FIELD] : PHOTO_FIELDS);

/** The Indonesian refusal of the first file of document_files that is not a PDF (by its bytes), or null. */
export function documentRefusal(req: Request): string | null {
  const bad = filesOf(req, DOCUMENT_FIELD.name).find((f) => kindOf(f.buffer) !== 'pdf');
  return bad ? t('content.documentNotPdf', { name: sanitizeOriginalName(bad.originalname) || '?' }) : null;
}

/** The uploaded PDFs of the request. */
export const documentFiles = (req: Request) => filesOf(req, DOCUMENT_FIELD.name);

/** Ids of a list field as the form sent them, even when the rest of the form was refused. */
export function idsOf(raw: unknown): number[] {
  const parsed = idList.safeParse(raw);
  return parsed.success ? parsed.data : [];
}

export interface AttachedDocument {
  id: number;
  name: string;
  size: string;
}

/** The PDFs among the ids the caller may read, in order, for the form's "Formulir terlampir" list. */
export async function attachedDocuments(ctx: Ctx, ids: readonly number[]): Promise<AttachedDocument[]> {
  if (ids.length === 0) return [];
  const rows = await scoped(ctx, 'read')
    .select(['media.id', 'media.original_name', 'media.bytes'])
    .where('media.id', 'in', [...ids])
    .where('media.kind', '=', 'pdf')
    .execute();
  return ids.flatMap((id) => {
    const r = rows.find((x) => x.id === id);
    return r ? [{ id, name: r.original_name || `#${id}`, size: formatBytes(Number(r.bytes)) }] : [];
  });
}
