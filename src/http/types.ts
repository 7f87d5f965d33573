import type { Logger } from 'pino';
import type { AppAbility } from '../authz/ability';
import type { District } from '../db/schema';
import type { SessionUser } from '../domain/context';

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
    /** When the expiry last moved (src/http/session-store.ts): a change that makes the session saved. */
    rolledAt?: number;
  }
}
