import type { InsertResult } from 'kysely';

/** MySQL ignores RETURNING, so both dialects read the id from the insert result. */
export function insertId(result: InsertResult): number {
  if (result.insertId === undefined) throw new Error('insert returned no id');
  return Number(result.insertId);
}
