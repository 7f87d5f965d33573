import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { authorize, can } from '../../authz/authorize';
import type { ContentItem, Database } from '../../db/schema';
import { ctxOf, flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { multipartText } from '../../http/kept-input';
import { pageOf, parseId } from '../../lib/pagination';
import type { Ctx } from '../../domain/context';
import { parseForm, type FieldErrors } from '../../lib/validation';
import { type MessageKey, t } from '../../i18n';
import type { MediaStorage } from '../../files';
import { uploadFiles } from '../media/upload';
import { carriedValues, formContext, readItemForm, valuesOf } from './content.form';
import { uploadFieldsOf } from './documents.form';
import { libraryPage, libraryScope, pickable, readPicker } from './photo-picker';
import { uploadTimeHint } from './upload-time';
import { statusForm } from './content.schema';
import { ConflictError, ContentInputError, SaveRaceError } from './content.errors';
import { createItem, updateItem } from './content.service';
import { villagesFor } from '../districts/villages';
import { getItem, listFilterOf, listItems, listRevisions } from './queries';
import type { SectionDef } from './section';
import { changedFields, parseSnapshot, snapshotOf } from './snapshot';
import { TransitionError, changeStatus, trashAction } from './workflow';

export interface ContentDeps {
  storage: MediaStorage;
  maxMb: number;
}

/** The workspace section of one content type: list, forms, status, trash and history. */
export function contentRoutes(db: Kysely<Database>, def: SectionDef, deps: ContentDeps): Router {
  const router = Router();
  const base = `/admin/${def.section}`;
  const upload = uploadFiles({ fields: uploadFieldsOf(def), maxMb: deps.maxMb });
  const idOf = (req: Request) =>
    parseId(req.params.id) ??
    (() => {
      throw new HttpError(404);
    })();

  router.use((req, res, next) => {
    authorize(req.ability, 'read', 'Content');
    // A kecamatan-level section (pengumuman, agenda, halaman) is closed to whoever may not touch kecamatan-level items.
    if (!def.levels.includes('village') && !can(req.ability, 'read', 'Content', { district_id: req.district?.id ?? -1, village_id: null })) throw new HttpError(403);
    Object.assign(res.locals, { def, base, sectionTitle: t(`section.${def.section}` as MessageKey) });
    next();
  });

  router.get('/', async (req, res) => {
    const ctx = ctxOf(req, db);
    const filter = listFilterOf(req.query);
    const page = pageOf(req.query.page);
    const { rows, total } = await listItems(ctx, def, filter, page);
    res.render('admin/content/list', { title: res.locals.sectionTitle, rows, total, page, filter, villages: await villagesFor(ctx) });
  });

  const renderForm = async (ctx: Ctx, res: Response, status: number, opts: { item: ContentItem | null; values: Record<string, unknown>; errors: FieldErrors }) => {
    const villageId = (opts.values.village_id as number | null | undefined) ?? opts.item?.village_id ?? null;
    const context = await formContext(ctx, def, villageId, opts.values);
    res
      .status(status)
      .render('admin/content/form', { title: opts.item ? opts.item.title : t(`section.new.${def.section}` as MessageKey), ...opts, ...context, uploadHint: uploadTimeHint(deps.maxMb) });
  };

  router.get('/baru', async (req, res) => {
    const ctx = ctxOf(req, db);
    authorize(ctx.ability, 'create', 'Content');
    await renderForm(ctx, res, 200, { item: null, values: { village_id: ctx.user.village_id }, errors: {} });
  });

  router.post(
    '/',
    (req, _res, next) => next(authorize(req.ability, 'create', 'Content')),
    upload,
    async (req, res) => {
      const ctx = ctxOf(req, db);
      const read = await readItemForm(ctx, def, req, deps.storage);
      if (!read.ok) return renderForm(ctx, res, 400, { item: null, values: read.values, errors: read.errors });
      try {
        const { id, status } = await createItem(ctx, def, read.input);
        flash(req, 'success', t(`content.created.${status === 'published' ? 'published' : status === 'submitted' ? 'submitted' : 'draft'}`));
        res.redirect(303, `${base}/${id}/ubah`);
      } catch (err) {
        if (err instanceof SaveRaceError) return renderForm(ctx, res, 409, { item: null, values: valuesOf(read.input.snapshot, read.input.villageId), errors: { title: t('content.saveRace') } });
        if (!(err instanceof ContentInputError)) throw err;
        await renderForm(ctx, res, 400, { item: null, values: { ...read.input.snapshot.details, ...read.input.snapshot }, errors: { [err.field]: t(err.messageKey) } });
      }
    },
  );

  router.get('/:id/ubah', async (req, res) => {
    const ctx = ctxOf(req, db);
    const item = await getItem(ctx, def, idOf(req), 'update');
    if (item.deleted_at) throw new HttpError(404);
    const pending = item.pending_revision_id ? await db.selectFrom('content_revisions').select('data').where('id', '=', item.pending_revision_id).executeTakeFirst() : undefined;
    const snap = pending ? parseSnapshot(pending.data) : await snapshotOf(db, def, item);
    await renderForm(ctx, res, 200, { item, values: valuesOf(snap, item.village_id), errors: {} });
  });

  // Choosing library photos, a step of its own that carries the form's fields (src/modules/content/photo-picker.ts).
  const picker = async (req: Request, res: Response, item: ContentItem | null) => {
    const ctx = ctxOf(req, db);
    const input = readPicker(await multipartText(req));
    const villageId = item ? item.village_id : (parseId(input.carried.find(([name]) => name === 'village_id')?.[1]) ?? null);
    const scope = libraryScope(ctx, villageId);
    const chosen = await pickable(ctx, scope, input.chosen);
    if (input.back) {
      const values = { ...carriedValues(input.carried), village_id: villageId, media_ids: chosen.map((m) => m.id) };
      return renderForm(ctx, res, 200, { item, values, errors: {} });
    }
    const { photos, hasNext } = await libraryPage(ctx, scope, input.page);
    const action = item ? `${base}/${item.id}/pustaka` : `${base}/pustaka`;
    res.render('admin/content/photos', { title: t('picker.title'), item, carried: input.carried, chosen, photos, page: input.page, hasNext, action });
  };
  router.post(
    '/pustaka',
    (req, _res, next) => next(authorize(req.ability, 'create', 'Content')),
    (req, res) => picker(req, res, null),
  );
  router.post('/:id/pustaka', async (req, res) => {
    const item = await getItem(ctxOf(req, db), def, idOf(req), 'update');
    if (item.deleted_at) throw new HttpError(404);
    await picker(req, res, item);
  });

  // Rights and the record's existence are checked before a single uploaded byte is read.
  router.post(
    '/:id',
    async (req, _res, next) =>
      next(
        await getItem(ctxOf(req, db), def, idOf(req), 'update').then(
          () => undefined,
          (e) => e,
        ),
      ),
    upload,
    async (req, res) => {
      const ctx = ctxOf(req, db);
      const item = await getItem(ctx, def, idOf(req), 'update');
      const read = await readItemForm(ctx, def, req, deps.storage, item);
      if (!read.ok) return renderForm(ctx, res, 400, { item, values: read.values, errors: read.errors });
      try {
        const result = await updateItem(ctx, def, item.id, read.version ?? -1, { ...read.input, villageId: item.village_id });
        flash(req, 'success', result.pending ? t('content.updated.pending') : t('content.status.done', { status: t(`status.${result.status}`) }));
        res.redirect(303, `${base}/${item.id}/ubah`);
      } catch (err) {
        if (err instanceof SaveRaceError) return renderForm(ctx, res, 409, { item, values: valuesOf(read.input.snapshot, item.village_id), errors: { title: t('content.saveRace') } });
        if (!(err instanceof ConflictError)) throw err;
        const editor = err.current.updated_by ? await db.selectFrom('users').select('name').where('id', '=', err.current.updated_by).executeTakeFirst() : undefined;
        res.status(409).render('admin/content/conflict', {
          title: t('content.conflictTitle'),
          item: err.current,
          mine: read.input.snapshot,
          theirs: err.currentSnapshot,
          changed: changedFields(read.input.snapshot, err.currentSnapshot),
          editor: editor?.name ?? '—',
        });
      }
    },
  );

  router.post('/:id/status', async (req, res) => {
    const ctx = ctxOf(req, db);
    const id = idOf(req);
    const form = parseForm(statusForm, req.body);
    if (!form.ok) throw new HttpError(400);
    try {
      const status = await changeStatus(ctx, def, id, form.data.action, form.data.note);
      flash(req, 'success', t('content.status.done', { status: t(`status.${status}`) }));
    } catch (err) {
      if (!(err instanceof TransitionError)) throw err;
      flash(req, 'error', t('content.transitionInvalid'));
    }
    res.redirect(303, form.data.back === 'tinjauan' ? '/admin/tinjauan' : `${base}/${id}/ubah`);
  });

  for (const [path, action, message] of [
    ['hapus', 'delete', 'content.trashed'],
    ['pulihkan', 'restore', 'content.restored'],
    ['musnahkan', 'purge', 'content.purged'],
  ] as const) {
    router.post(`/:id/${path}`, async (req, res) => {
      try {
        await trashAction(ctxOf(req, db), def, idOf(req), action);
        flash(req, 'success', t(message));
      } catch (err) {
        if (!(err instanceof TransitionError)) throw err;
        flash(req, 'error', t('content.transitionInvalid'));
      }
      res.redirect(303, action === 'restore' ? `${base}/${idOf(req)}/ubah` : `${base}?sampah=1`);
    });
  }

  router.get('/:id/riwayat', async (req, res) => {
    const ctx = ctxOf(req, db);
    const item = await getItem(ctx, def, idOf(req), 'read');
    const revisions = (await listRevisions(ctx, item)).map((r) => ({ ...r, snap: parseSnapshot(r.data) }));
    res.render('admin/content/history', { title: t('content.historyTitle', { title: item.title }), item, revisions });
  });

  // Restoring a revision is a new save of its text, under the same rules as any edit.
  router.post('/:id/riwayat/:rev/pulihkan', async (req, res) => {
    const ctx = ctxOf(req, db);
    const item = await getItem(ctx, def, idOf(req), 'update');
    const revId = parseId(req.params.rev);
    const rev = revId ? await db.selectFrom('content_revisions').select('data').where('id', '=', revId).where('item_id', '=', item.id).executeTakeFirst() : undefined;
    if (!rev) throw new HttpError(404);
    const intent = item.status === 'published' ? 'publish' : 'draft';
    const result = await updateItem(ctx, def, item.id, item.version, { snapshot: parseSnapshot(rev.data), intent, villageId: item.village_id });
    flash(req, 'success', result.pending ? t('content.updated.pending') : t('content.revisionRestored'));
    res.redirect(303, `${base}/${item.id}/ubah`);
  });

  return router;
}
