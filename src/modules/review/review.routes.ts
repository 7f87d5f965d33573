import { Router } from 'express';
import type { Kysely } from 'kysely';
import { authorize } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { ctxOf, flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { parseId } from '../../lib/pagination';
import { t } from '../../i18n';
import { getItem } from '../content/queries';
import { changedFields, parseSnapshot, snapshotOf } from '../content/snapshot';
import { highlight, spamTerms } from './diff';
import { changesOf, detailsOf, photoIds } from './review.model';
import { listQueue, pendingRevision, reviewHead, thumbsOf } from './review.queries';

/**
 * The camat office's review queue (/admin/tinjauan) and one item's review page. Approving and
 * returning post to the section's own status endpoint, which applies the workflow and comes back.
 */
export function reviewRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.use((req, _res, next) => {
    authorize(req.ability, 'review', 'Content');
    next();
  });

  router.get('/', async (req, res) => {
    const rows = await listQueue(ctxOf(req, db));
    res.render('admin/review/queue', { title: t('review.title'), rows: rows.map((r) => ({ ...r, spam: spamTerms(r.spam_matches) })), highlight });
  });

  router.get('/:id', async (req, res) => {
    const ctx = ctxOf(req, db);
    const id = parseId(req.params.id);
    const head = id === null ? null : await reviewHead(ctx, id);
    if (!head || id === null) throw new HttpError(404);
    const item = await getItem(ctx, head.def, id, 'review');
    if (item.status !== 'submitted' && !item.pending_revision_id) {
      flash(req, 'info', t('review.alreadyDone'));
      return res.redirect(303, '/admin/tinjauan');
    }
    const live = await snapshotOf(db, head.def, item);
    const rev = item.pending_revision_id ? await pendingRevision(ctx, item.id, item.pending_revision_id) : undefined;
    const next = rev ? parseSnapshot(rev.data) : null;
    const spam = spamTerms(item.spam_matches);
    res.render('admin/review/detail', {
      title: t('review.detailTitle', { title: next?.title ?? item.title }),
      item,
      section: head.def.section,
      villageName: head.villageName,
      authorName: head.authorName,
      sentBy: rev?.author_name ?? null,
      sentAt: rev?.created_at ?? item.updated_at,
      spam,
      changes: next ? changesOf(live, next, changedFields(live, next)) : null,
      submitted: next ? null : { snap: live, details: detailsOf(live) },
      thumbs: await thumbsOf(ctx, next ? photoIds(live, next) : photoIds(live)),
      mark: (text: string) => highlight(text, spam),
    });
  });

  return router;
}
