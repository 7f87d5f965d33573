import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { ctxOf, flash } from '../../http/context';
import type { FieldErrors } from '../../lib/validation';
import { t } from '../../i18n';
import type { MediaStorage } from '../../files';
import { uploadFiles, uploadRefusal } from '../media/upload';
import { IDENTITY_FILES, identityPreviews, identityValues, readIdentityForm } from './identity.form';
import { MAX_SOCIAL_LINKS } from './identity.schema';
import { loadIdentity, saveIdentity } from './identity.service';

export interface IdentityDeps {
  storage: MediaStorage;
  maxMb: number;
}

/**
 * /admin/pengaturan/identitas: the kecamatan's logo, photos, camat's welcome and office contacts.
 * Mounted inside the settings router, whose rights check (camat office of this kecamatan) runs
 * before multer reads a byte of the upload.
 */
export function identityRoutes(db: Kysely<Database>, deps: IdentityDeps): Router {
  const router = Router();
  const upload = uploadFiles({ fields: IDENTITY_FILES, maxMb: deps.maxMb });

  const render = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FieldErrors) => {
    res.status(status).render('admin/settings/identity', {
      title: t('identity.title'),
      values,
      errors,
      previews: await identityPreviews(ctxOf(req, db), values),
      maxMb: deps.maxMb,
      maxLinks: MAX_SOCIAL_LINKS,
    });
  };

  router.get('/', async (req, res) => {
    await render(req, res, 200, identityValues(await loadIdentity(db, req.district!.id)), {});
  });

  router.post('/', upload, async (req, res) => {
    const ctx = ctxOf(req, db);
    const read = await readIdentityForm(ctx, req, deps.storage);
    if (!read.ok) return render(req, res, uploadRefusal(req)?.status ?? 400, read.values, read.errors);
    const changed = await saveIdentity(ctx, read.input);
    flash(req, 'success', t(changed.length ? 'identity.saved' : 'identity.unchanged'));
    res.redirect(303, '/admin/pengaturan/identitas');
  });

  return router;
}
