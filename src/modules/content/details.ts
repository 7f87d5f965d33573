import type { Insertable } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema';

/** A type's details: the parsed values of its detail fields, the source of its TypeScript type. */
export type DetailsOf<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

/** What a details table's row takes besides item_id and the columns written elsewhere (`Kept`). */
type Columns<T extends keyof Database, Kept extends string> = Omit<Insertable<Database[T]>, 'item_id' | Kept>;

/** One field per column, each parsing to a value its column takes. */
type FieldsOf<C> = { [K in keyof C]-?: z.ZodType<C[K]> };

/**
 * A type's detail fields, checked against its details table in src/db/schema.ts: a field for every
 * column but item_id and `kept`, none without a column, and each field's parsed value insertable
 * into its column. So the form and the table cannot drift apart unnoticed. The shape comes back as
 * it is; the table and `kept` only name what it is checked against.
 */
export function columnFields<T extends keyof Database, S extends FieldsOf<Columns<T, Kept>>, Kept extends string = never>(
  _table: T,
  shape: S & Record<Exclude<keyof S, keyof Columns<T, Kept>>, never>,
  _kept: readonly Kept[] = [],
): S {
  return shape;
}

/**
 * The details of a form parsed with the type's detail fields merged in (itemForm,
 * ./content.schema.ts): the shape's keys, in its order, with their parsed values.
 */
export function pickDetails<S extends z.ZodRawShape>(shape: S, data: DetailsOf<z.ZodRawShape>): DetailsOf<S> {
  // The parse put each field's output under its key; the registry's SectionDef forgets which shape.
  return Object.fromEntries(Object.keys(shape).map((key) => [key, data[key]])) as DetailsOf<S>;
}
