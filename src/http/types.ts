import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AppAbility } from '../authz/ability';
import type { Database, District, Role } from '../db/schema';

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

/** What feature code needs about a request: the database, the caller and their kecamatan. */
export interface Ctx {
  db: Kysely<Database>;
  ability: AppAbility;
  user: SessionUser;
  district: District;
  ip: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User extends SessionUser {}
    interface Request {
      /** The request id (X-Request-Id), shown on error pages and in every log line. */
      id: string;
      /** A logger carrying the request id. */
      log: Logger;
      district: District | null;
      /** The kecamatan came from the last answer before the database stopped answering. */
      databaseDown?: boolean;
      ability: AppAbility;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    flash?: { type: 'success' | 'error' | 'info'; text: string }[];
  }
}
