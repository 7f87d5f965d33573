import type { Kysely } from 'kysely';
import type { AppAbility } from '../authz/ability';
import type { Database, District, Role } from '../db/schema';

/** The logged-in account as every request sees it (loaded by `src/auth/passport.ts`). */
export interface SessionUser {
  id: number;
  district_id: number | null;
  village_id: number | null;
  username: string;
  name: string;
  role: Role;
  must_change_password: number;
  session_epoch: number;
  village_review_required: number;
}

/**
 * What feature code needs about a request: the database, the caller and their kecamatan. Built
 * from a request by `ctxOf` (`src/http/context.ts`), or directly by a command or a test: nothing
 * here knows Express.
 */
export interface Ctx {
  db: Kysely<Database>;
  ability: AppAbility;
  user: SessionUser;
  district: District;
  ip: string;
}
