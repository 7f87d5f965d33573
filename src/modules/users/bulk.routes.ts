import { Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorize } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { ctxOf } from '../../http/context';
import { parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { siteOriginOf } from '../districts/site-origin';
import { createMissingOperators, missingOperators } from './bulk-operators';

const submitForm = z.strictObject({});

/**
 * /admin/pengguna/operator-desa: one form that creates the missing operator of every village, then
 * the printable credential sheet. The sheet is the POST's own response (no-store, like every
 * workspace page): its passwords are never stored in plain text nor put in the session, and
 * sending the form again finds every village staffed and shows none.
 */
export function bulkOperatorRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.use((req, _res, next) => {
    authorize(req.ability, 'create', 'User', { district_id: req.district?.id ?? -1, role: 'village_operator' });
    next();
  });

  router.get('/', async (req, res) => {
    const planned = await missingOperators(ctxOf(req, db));
    res.render('admin/users/bulk', { title: t('bulk.title'), planned, error: null });
  });

  router.post('/', async (req, res) => {
    const ctx = ctxOf(req, db);
    const form = parseForm(submitForm, req.body);
    if (!form.ok) {
      const planned = await missingOperators(ctx);
      return res.status(400).render('admin/users/bulk', { title: t('bulk.title'), planned, error: form.errors._form ?? t('validation.invalid') });
    }
    const created = await createMissingOperators(ctx);
    const origin = siteOriginOf(req);
    res.status(created.length ? 201 : 200).render('admin/users/sheet', {
      title: t('bulk.sheetTitle'),
      created,
      loginUrl: `${origin}/masuk`,
      stylesheets: ['css/credentials.css'],
    });
  });

  return router;
}
