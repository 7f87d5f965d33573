import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { authorize } from '../../authz/authorize';
import type { Database, Village } from '../../db/schema';
import { ctxOf, flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { parseId } from '../../lib/pagination';
import type { Ctx } from '../../domain/context';
import type { FieldErrors } from '../../lib/validation';
import { t } from '../../i18n';
import type { MediaStorage } from '../../files';
import { uploadFiles, uploadRefusal } from '../media/upload';
import { COVER_FIELD, coverChoices, readProfileForm, valuesOf } from './profile.form';
import { type Profile, ProfileConflict, changedFields, editableVillage, editableVillages, loadProfile, saveProfile } from './profile.service';

export interface ProfileDeps {
  storage: MediaStorage;
  maxMb: number;
}

interface Conflict {
  saved: Record<string, unknown>;
  changed: string[];
  editor: string;
}

/**
 * /admin/profil-desa: an operator edits their own village's profile; the camat office picks one
 * of its villages (?desa=<id>). Another village answers 404 (unseen) or 403 (read-only), and that
 * is settled before a single uploaded byte is read.
 */
export function profileRoutes(db: Kysely<Database>, deps: ProfileDeps): Router {
  const router = Router();
  const upload = uploadFiles({ fields: COVER_FIELD, maxMb: deps.maxMb });

  router.use((req, _res, next) => {
    authorize(req.ability, 'update', 'Village');
    next();
  });

  /** The village of this request: ?desa=<id>, else the operator's own; null asks the camat office to choose. */
  const villageOf = async (req: Request): Promise<Village | null> => {
    const ctx = ctxOf(req, db);
    if (req.query.desa !== undefined) {
      const id = parseId(req.query.desa);
      if (id === null) throw new HttpError(404);
      return editableVillage(ctx, id);
    }
    if (ctx.user.role === 'village_operator' && ctx.user.village_id !== null) return editableVillage(ctx, ctx.user.village_id);
    return null;
  };

  const render = async (ctx: Ctx, res: Response, status: number, village: Village, opts: { stored: Profile | null; values: Record<string, unknown>; errors: FieldErrors; conflict?: Conflict }) => {
    const coverId = parseId(String(opts.values.cover_media_id ?? '')) ?? opts.stored?.cover_media_id ?? null;
    const enteredBy = opts.stored?.population_entered_by ? await db.selectFrom('users').select('name').where('id', '=', opts.stored.population_entered_by).executeTakeFirst() : undefined;
    res.status(status).render('admin/profile/form', {
      title: t('profile.title', { kind: t(`kind.${village.kind}`), name: village.name }),
      village,
      values: opts.values,
      errors: opts.errors,
      conflict: opts.conflict ?? null,
      library: await coverChoices(ctx, village.id, coverId),
      enteredBy: enteredBy?.name ?? null,
      villages: ctx.user.role === 'village_operator' ? [] : await editableVillages(ctx),
      maxMb: deps.maxMb,
    });
  };

  router.get('/', async (req, res) => {
    const ctx = ctxOf(req, db);
    const village = await villageOf(req);
    if (!village) {
      return res.render('admin/profile/choose', { title: t('profile.chooseTitle'), villages: await editableVillages(ctx) });
    }
    const stored = await loadProfile(db, village.id);
    await render(ctx, res, 200, village, { stored, values: valuesOf(stored), errors: {} });
  });

  // The village (and the caller's right to it) is settled before multer reads the upload.
  const resolve = async (req: Request, res: Response, next: NextFunction) => {
    const village = await villageOf(req);
    if (!village) throw new HttpError(404);
    res.locals.profileVillage = village;
    next();
  };

  router.post('/', resolve, upload, async (req, res) => {
    const ctx = ctxOf(req, db);
    const village = res.locals.profileVillage as Village;
    const read = await readProfileForm(ctx, req, deps.storage, village);
    const stored = await loadProfile(db, village.id);
    if (!read.ok) return render(ctx, res, uploadRefusal(req)?.status ?? 400, village, { stored, values: read.values, errors: read.errors });
    try {
      const changed = await saveProfile(ctx, village, read.version, read.input);
      flash(req, 'success', t(changed.length ? 'profile.saved' : 'profile.unchanged'));
      res.redirect(303, `${req.baseUrl}?desa=${village.id}`);
    } catch (err) {
      if (!(err instanceof ProfileConflict)) throw err;
      const current = err.current;
      const editor = current?.updated_by ? await db.selectFrom('users').select('name').where('id', '=', current.updated_by).executeTakeFirst() : undefined;
      const saved = valuesOf(current);
      const conflict: Conflict = {
        saved,
        changed: current ? changedFields(current, read.input) : [],
        editor: editor?.name ?? '—',
      };
      // The typed values stay in the form; the hidden version becomes the stored one, so saving
      // again is a deliberate choice made after seeing both.
      await render(ctx, res, 409, village, { stored: current, values: { ...read.values, version: saved.version }, errors: {}, conflict });
    }
  });

  return router;
}
