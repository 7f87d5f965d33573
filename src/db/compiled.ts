import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema';

/** Stands in for one of a compiled query's values while it is built. */
class Slot {
  constructor(readonly key: string) {}
}

/**
 * A read built and compiled once per database and shape, then run with each call's values.
 * Kysely builds every query as a tree of frozen nodes and compiles it to SQL on each call; on the
 * public pages' hot reads that cost more than running the query.
 *
 * `build` gets stand-ins for `values` and may use them only as query values (a where operand,
 * limit, offset), never to decide what the query looks like: whatever decides that is the `shape`
 * string, and each shape is compiled on its own. A stand-in left unused is fine; a value that
 * is an array (an IN list) cannot be a stand-in.
 */
export function compiledQuery<V extends Record<string, string | number | null>, R>(build: (db: Kysely<Database>, values: V, shape: string) => Compilable<R>) {
  const cache = new WeakMap<Kysely<Database>, Map<string, CompiledQuery<R>>>();
  return async (db: Kysely<Database>, values: V, shape = ''): Promise<R[]> => {
    let compiled = cache.get(db)?.get(shape);
    if (!compiled) {
      const slots = Object.fromEntries(Object.keys(values).map((k) => [k, new Slot(k)])) as unknown as V;
      compiled = build(db, slots, shape).compile();
      if (!cache.has(db)) cache.set(db, new Map());
      cache.get(db)!.set(shape, compiled);
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? values[p.key] : p));
    const { rows } = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>);
    return rows;
  };
}
