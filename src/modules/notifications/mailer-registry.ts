import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

// The mailer of each database handle in this process, so code that announced something after its
// commit can ask for the mail to go out now (src/modules/notifications/notify.ts announced()).
export interface Kickable {
  kick(): void;
}

const registry = new WeakMap<Kysely<Database>, Kickable>();

export function registerMailer(db: Kysely<Database>, mailer: Kickable): void {
  registry.set(db, mailer);
}

export function kickMailer(db: Kysely<Database>): void {
  registry.get(db)?.kick();
}

export function mailerOf<M extends Kickable>(db: Kysely<Database>): M | undefined {
  return registry.get(db) as M | undefined;
}
