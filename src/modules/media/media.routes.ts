import { type NextFunction, type Request, type Response, Router } from 'express';
import { villagesFor } from '../districts/villages';
import type { Kysely } from 'kysely';
import { authorize } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { ctxOf, flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { pageOf, parseId } from '../../lib/pagination';
import { type FieldErrors, parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { type MediaStorage, MediaRejected, StorageError } from '../../files';
import { altForm, districtUploadForm, operatorUploadForm } from './media.schema';
import * as media from './media.service';
import { documentUrl, formatBytes, imageSources } from './media.urls';
import { filesOf, uploadOne, uploadRefusal } from './upload';

export interface MediaRouteOptions {
  /** UPLOAD_MAX_MB. */
  maxMb: number;
}

const helpers = { imageSources, documentUrl, formatBytes };

/** The media library under /admin/media: list, upload, alt text, delete (to the sweep). */
export function mediaRoutes(db: Kysely<Database>, storage: MediaStorage, opts: MediaRouteOptions = { maxMb: 15 }): Router {
  const router = Router();
  const upload = uploadOne('file', opts.maxMb);

  router.use((req, res, next) => {
    authorize(req.ability, 'read', 'Media');
    Object.assign(res.locals, helpers);
    next();
  });

  const idOf = (req: Request) => {
    const id = parseId(req.params.id);
    if (id === null) throw new HttpError(404);
    return id;
  };
  const isOperator = (req: Request) => req.user?.role === 'village_operator';

  router.get('/', async (req, res) => {
    const page = pageOf(req.query.page, 24);
    const { rows, total } = await media.listMedia(ctxOf(req, db), page);
    res.render('admin/media/list', { title: t('mediaAdmin.title'), rows, total, page });
  });

  const renderNew = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FieldErrors) => {
    const ctx = ctxOf(req, db);
    const villages = isOperator(req) ? [] : await villagesFor(ctx);
    res.status(status).render('admin/media/form', { title: t('mediaAdmin.new'), villages, values, errors, maxMb: opts.maxMb });
  };

  // The right to upload is checked before multer reads a byte (CSRF ran earlier, from the action URL).
  const mayCreate = (req: Request, _res: Response, next: NextFunction) => {
    authorize(req.ability, 'create', 'Media');
    next();
  };

  router.get('/baru', mayCreate, async (req, res) => {
    await renderNew(req, res, 200, { alt: '' }, {});
  });

  router.post('/', mayCreate, upload, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed = { alt: body.alt, village_id: body.village_id };
    const refusal = uploadRefusal(req);
    if (refusal) return renderNew(req, res, refusal.status, typed, { file: refusal.message });
    const form = parseForm(isOperator(req) ? operatorUploadForm : districtUploadForm, body);
    if (!form.ok) return renderNew(req, res, 400, form.values, form.errors);
    const [file] = filesOf(req, 'file');
    const values = { ...form.data };
    if (!file) return renderNew(req, res, 400, values, { file: t('mediaAdmin.noFile') });
    try {
      const villageId = 'village_id' in form.data ? (form.data.village_id as number | null) : undefined;
      const saved = await media.createMedia(ctxOf(req, db), storage, { buffer: file.buffer, originalName: file.originalname, alt: form.data.alt, villageId });
      flash(req, 'success', t('mediaAdmin.uploaded', { name: saved.original_name }));
      res.redirect(303, '/admin/media');
    } catch (err) {
      if (err instanceof MediaRejected) return renderNew(req, res, 400, values, { file: err.message });
      if (err instanceof StorageError) return renderNew(req, res, 503, values, { _form: err.message });
      if (err instanceof media.MediaInputError) return renderNew(req, res, 400, values, { [err.field]: t(err.messageKey) });
      throw err;
    }
  });

  const renderEdit = (res: Response, status: number, item: media.MediaRecord, values: Record<string, unknown>, errors: FieldErrors) =>
    res.status(status).render('admin/media/edit', { title: t('mediaAdmin.edit'), item, values, errors });

  router.get('/:id/ubah', async (req, res) => {
    const item = await media.getMedia(ctxOf(req, db), idOf(req), 'update');
    renderEdit(res, 200, item, { alt: item.alt }, {});
  });

  router.post('/:id', async (req, res) => {
    const ctx = ctxOf(req, db);
    const id = idOf(req);
    const item = await media.getMedia(ctx, id, 'update');
    const form = parseForm(altForm, req.body);
    if (!form.ok) return renderEdit(res, 400, item, form.values, form.errors);
    try {
      await media.updateAlt(ctx, id, form.data.alt);
    } catch (err) {
      if (!(err instanceof media.MediaInputError)) throw err;
      return renderEdit(res, 400, item, form.data, { [err.field]: t(err.messageKey) });
    }
    flash(req, 'success', t('mediaAdmin.updated'));
    res.redirect(303, '/admin/media');
  });

  router.post('/:id/hapus', async (req, res) => {
    const item = await media.deleteMedia(ctxOf(req, db), idOf(req));
    flash(req, 'success', t('mediaAdmin.deleted', { name: item.original_name || `#${item.id}` }));
    res.redirect(303, '/admin/media');
  });

  return router;
}
