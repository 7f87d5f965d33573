import type { Kysely } from 'kysely';

/**
 * Tables addressed by name rather than through the app's schema (src/db/schema.ts): the migrator
 * and migrations, which must keep working as the schema moves on, backup and restore, which treat
 * every table alike, and helpers generic over tables. Kysely's migration guide types these
 * `Kysely<any>` for the same reason; this is the one place that says so.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables by name: see above
export type UntypedTables = any;
export type UntypedDb = Kysely<UntypedTables>;
