import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { authorize } from '../../authz/authorize';
import type { Database } from '../../db/schema';
import { ctxOf, flash } from '../../http/context';
import { parseForm } from '../../lib/validation';
import { t } from '../../i18n';
import { DEFAULT_BLOCKED_TERMS } from '../content/spam';
import { type IdentityDeps, identityRoutes } from './identity.routes';
import { MAX_TERMS, MAX_TERM_LENGTH, parseTerms, parseVillageIds, settingsForm } from './settings.schema';
import { SettingsInputError, type TwoFactorPolicy, reviewModes, saveSettings, storedTerms, twoFactorPolicyOf } from './settings.service';

/** The kecamatan's settings (/admin/pengaturan): review mode per village and the blocked terms; its identity under /identitas. */
export function settingsRoutes(db: Kysely<Database>, deps: IdentityDeps): Router {
  const router = Router();

  router.use((req, _res, next) => {
    authorize(req.ability, 'update', 'District', { id: req.district?.id ?? -1 });
    next();
  });
  router.use('/identitas', identityRoutes(db, deps));

  const render = async (req: Request, res: Response, status: number, opts: { error?: string; ticked?: number[]; termsText?: string; twoFactor?: TwoFactorPolicy } = {}) => {
    const ctx = ctxOf(req, db);
    const villages = await reviewModes(ctx);
    const own = storedTerms(ctx.district.blocked_terms);
    res.status(status).render('admin/settings/form', {
      title: t('settings.title'),
      villages,
      ticked: new Set(opts.ticked ?? villages.filter((v) => v.review_required).map((v) => v.id)),
      termsText: opts.termsText ?? (own ?? DEFAULT_BLOCKED_TERMS).join('\n'),
      ownCount: own === null ? null : own.length,
      limits: { max: MAX_TERMS, len: MAX_TERM_LENGTH, count: DEFAULT_BLOCKED_TERMS.length },
      twoFactor: opts.twoFactor ?? twoFactorPolicyOf(ctx.district),
      error: opts.error ?? null,
    });
  };

  router.get('/', (req, res) => render(req, res, 200));

  router.post('/', async (req, res) => {
    const form = parseForm(settingsForm, req.body);
    if (!form.ok) return render(req, res, 400, { error: Object.values(form.errors)[0] ?? t('validation.invalid'), termsText: String(form.values.blocked_terms ?? '') });
    const ids = parseVillageIds(form.data.review_village);
    const terms = parseTerms(form.data.blocked_terms);
    const twoFactor = { admins: form.data.two_factor_admins === '1', operators: form.data.two_factor_operators === '1' };
    const keep = { ticked: ids ?? [], termsText: form.data.blocked_terms, twoFactor };
    if (ids === null) return render(req, res, 400, { ...keep, error: t('settings.villageInvalid') });
    if (!terms.ok) return render(req, res, 400, { ...keep, error: terms.message });
    try {
      const changed = await saveSettings(ctxOf(req, db), { reviewVillageIds: ids, terms: terms.terms, twoFactor });
      flash(req, 'success', changed ? t('settings.saved') : t('settings.unchanged'));
      res.redirect(303, '/admin/pengaturan');
    } catch (err) {
      if (!(err instanceof SettingsInputError)) throw err;
      await render(req, res, 400, { ...keep, error: t('settings.villageInvalid') });
    }
  });

  return router;
}
