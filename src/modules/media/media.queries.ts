import { accessibleBy } from '../../authz/accessible-by';
import type { Ctx } from '../../domain/context';
import { type SavedFile, type UploadKind, isMediaKey } from '../../files';

// The one way media rows are read by feature code: always the caller's kecamatan, never deleted
// rows, always through the caller's CASL rules.

export interface MediaRecord {
  id: number;
  district_id: number;
  village_id: number | null;
  uploaded_by: number | null;
  kind: UploadKind;
  original_name: string;
  alt: string;
  width: number | null;
  height: number | null;
  bytes: number;
  storage_id: string;
  files: SavedFile[];
  created_at: string;
  uploader_name: string | null;
  village_name: string | null;
}

export const COLUMNS = [
  'media.id',
  'media.district_id',
  'media.village_id',
  'media.uploaded_by',
  'media.kind',
  'media.original_name',
  'media.alt',
  'media.width',
  'media.height',
  'media.bytes',
  'media.storage_id',
  'media.files',
  'media.created_at',
  'users.name as uploader_name',
  'villages.name as village_name',
] as const;

/** The stored variants of a row; anything that is not one of our keys is dropped. */
export function parseFiles(json: string): SavedFile[] {
  try {
    const files = JSON.parse(json) as unknown;
    return Array.isArray(files) ? files.filter((f: SavedFile) => f && isMediaKey(f.key)) : [];
  } catch {
    return [];
  }
}

export const toRecord = <R extends { files: string }>(row: R) => ({ ...row, files: parseFiles(row.files) }) as unknown as MediaRecord;

/** Non-deleted media of the caller's kecamatan that the caller's rules allow for `action`. */
export function scoped(ctx: Ctx, action: 'read' | 'update' | 'delete') {
  return ctx.db
    .selectFrom('media')
    .leftJoin('users', 'users.id', 'media.uploaded_by')
    .leftJoin('villages', 'villages.id', 'media.village_id')
    .where('media.district_id', '=', ctx.district.id)
    .where('media.deleted_at', 'is', null)
    .where(accessibleBy(ctx.ability, action, 'Media', 'media'));
}
