import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { ContentItem, Database } from '../../db/schema';
import { ctxOf, flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { parseId } from '../../lib/pagination';
import type { Ctx } from '../../domain/context';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { isoDateIn, t } from '../../i18n';
import { type MediaStorage, MediaRejected, StorageError, kindOf } from '../../files';
import { idList } from '../content/content.schema';
import { type MediaRecord, MediaInputError, attachableMedia, createMedia } from '../media/media.service';
import { imageSources } from '../media/media.urls';
import { filesOf, uploadFiles, uploadRefusal } from '../media/upload';
import { MAX_UPDATE_PHOTOS, addUpdate, auditRefusedNote, getProject, latestUpdateDate, listUpdates, noteSpam, projectProgress, removeUpdate, updateForm } from './project-updates';

const base = '/admin/pembangunan';

/** The progress timeline of a project: /admin/pembangunan/:id/progres (list, add, delete). */
export function projectUpdateRoutes(db: Kysely<Database>, storage: MediaStorage, opts: { maxMb: number }): Router {
  const router = Router();
  const upload = uploadFiles({ fields: [{ name: 'photo_files', maxCount: MAX_UPDATE_PHOTOS }], maxMb: opts.maxMb });
  const idOf = (req: Request) =>
    parseId(req.params.id) ??
    (() => {
      throw new HttpError(404);
    })();

  const render = async (ctx: Ctx, res: Response, status: number, item: ContentItem, values: Record<string, unknown>, errors: FieldErrors, kept: MediaRecord[] = []) => {
    const [updates, details] = await Promise.all([listUpdates(ctx, item.id), projectProgress(ctx, item)]);
    res.status(status).render('admin/projects/timeline', {
      title: t('projectUpdate.title', { title: item.title }),
      item,
      base,
      details,
      updates,
      values,
      errors,
      kept: kept.map((m) => ({ id: m.id, alt: m.alt, thumb: imageSources(m.files)?.thumb ?? null })),
      maxDate: latestUpdateDate(),
      maxPhotos: MAX_UPDATE_PHOTOS,
      maxMb: opts.maxMb,
    });
  };

  router.get('/:id/progres', async (req, res) => {
    const ctx = ctxOf(req, db);
    const item = await getProject(ctx, idOf(req), 'read');
    const today = isoDateIn(ctx.district.timezone);
    await render(ctx, res, 200, item, { update_date: today, percent: '', note: '' }, {});
  });

  // The right to change the project is checked before multer reads a byte (CSRF ran earlier).
  const mayUpdate = (req: Request, _res: Response, next: NextFunction) => {
    getProject(ctxOf(req, db), idOf(req), 'update').then(() => next(), next);
  };

  router.post('/:id/progres', mayUpdate, upload, async (req, res) => {
    const ctx = ctxOf(req, db);
    const item = await getProject(ctx, idOf(req), 'update');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = parseForm(updateForm, body);
    const values: Record<string, unknown> = form.ok ? { ...form.data } : { ...form.values };
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    delete errors.media_ids;
    // Photos stored by an earlier failed attempt come back as ids, so a weak connection sends them once.
    const earlier = idList.safeParse(body.media_ids);
    let mediaIds = earlier.success ? earlier.data : [];
    if (!earlier.success) errors.photo_files = t('content.mediaInvalid');
    const refusal = uploadRefusal(req);
    if (refusal) errors.photo_files = refusal.message;
    const spam = form.ok ? noteSpam(ctx, form.data.note) : [];
    if (spam.length) {
      errors.note = t('projectUpdate.spam', { terms: spam.join(', ') });
      await auditRefusedNote(ctx, item, spam);
    }
    const files = filesOf(req, 'photo_files');
    if (mediaIds.length + files.length > MAX_UPDATE_PHOTOS) errors.photo_files = t('projectUpdate.tooManyPhotos');
    else if (files.some((f) => kindOf(f.buffer) !== 'image')) errors.photo_files = t('projectUpdate.photoOnly');
    if (!errors.photo_files && spam.length === 0) {
      try {
        for (const file of files) {
          mediaIds.push((await createMedia(ctx, storage, { buffer: file.buffer, originalName: file.originalname, alt: item.title, villageId: item.village_id })).id);
        }
      } catch (err) {
        if (err instanceof MediaRejected || err instanceof StorageError) errors.photo_files = err.message;
        else if (err instanceof MediaInputError) errors.photo_files = t(err.messageKey);
        else throw err;
      }
    }
    let kept: MediaRecord[];
    try {
      kept = await attachableMedia(ctx, mediaIds, item.village_id);
      if (kept.some((m) => m.kind !== 'image')) throw new MediaInputError('media', 'mediaAdmin.notAttachable');
    } catch (err) {
      if (!(err instanceof MediaInputError)) throw err;
      errors.photo_files = t('content.mediaInvalid');
      [mediaIds, kept] = [[], []];
    }
    if (!form.ok || Object.keys(errors).length > 0) {
      return render(ctx, res, refusal?.status ?? 400, item, { ...values, media_ids: mediaIds }, errors, kept);
    }
    const { update_date, percent, note } = form.data;
    const result = await addUpdate(ctx, item.id, { update_date: update_date as string, percent, note, mediaIds });
    flash(req, 'success', t('projectUpdate.added', { percent: result.progress }));
    res.redirect(303, `${base}/${item.id}/progres`);
  });

  router.post('/:id/progres/:uid/hapus', async (req, res) => {
    const ctx = ctxOf(req, db);
    const updateId = parseId(req.params.uid);
    if (updateId === null) throw new HttpError(404);
    const result = await removeUpdate(ctx, idOf(req), updateId);
    flash(req, 'success', t('projectUpdate.removed', { percent: result.progress }));
    res.redirect(303, `${base}/${idOf(req)}/progres`);
  });

  return router;
}
