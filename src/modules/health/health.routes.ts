import { Router } from 'express';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema';

export function healthRoutes(db: Kysely<Database>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    try {
      await sql`select 1`.execute(db);
      res.set('Cache-Control', 'no-store').json({ status: 'ok', database: 'ok' });
    } catch (err) {
      req.log?.warn({ err }, 'readiness check failed');
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'unavailable', database: 'error' });
    }
  });
  return router;
}
