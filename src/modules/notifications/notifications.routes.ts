import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { pageOf, parseId } from '../../lib/pagination';
import { t } from '../../i18n';
import { listNotifications, markAllRead, markRead } from './notifications.queries';
import { sentenceOf } from './sentence';

/** The signed-in user's own notifications (/admin/notifikasi): the list and marking them read. */
export function notificationRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    if (!req.user) throw new HttpError(403);
    const page = pageOf(req.query.page, 20);
    const { rows, hasNext } = await listNotifications(db, req.user.id, page);
    res.render('admin/notifications', { title: t('notify.title'), rows: rows.map((n) => ({ ...n, sentence: sentenceOf(n) })), page, hasNext });
  });

  router.post('/baca-semua', async (req, res) => {
    if (!req.user) throw new HttpError(403);
    await markAllRead(db, req.user.id);
    flash(req, 'success', t('notify.allMarked'));
    res.redirect(303, '/admin/notifikasi');
  });

  router.post('/:id/baca', async (req, res) => {
    const id = parseId(req.params.id);
    if (!req.user || id === null || !(await markRead(db, req.user.id, id))) throw new HttpError(404);
    flash(req, 'success', t('notify.marked'));
    res.redirect(303, '/admin/notifikasi');
  });

  return router;
}
