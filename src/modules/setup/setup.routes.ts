import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { passwordProblem } from '../../auth/password';
import type { Database } from '../../db/schema';
import { flash } from '../../http/context';
import { HttpError } from '../../http/errors';
import { type FieldErrors, parseForm, text } from '../../lib/validation';
import { t } from '../../i18n';
import { DISTRICT_CODE, findDistrict } from '../../regions/official';
import { searchDistricts } from '../../regions/search';
import { countDistricts, normaliseHost } from '../districts/hosts';
import { username } from '../users/users.schema';
import { SetupRaceError, completeSetup, isValidSetupToken } from './setup.service';

const setupForm = z.strictObject({
  token: z.string().max(100),
  q: z.string().max(100).optional(),
  district_code: z.string({ error: 'setup.districtRequired' }).regex(DISTRICT_CODE, 'setup.districtRequired'),
  host: z.string().trim().max(253, 'validation.tooLong').default(''),
  name: text(100),
  username,
  password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200, 'password.tooLong'),
  password_confirm: z.string().max(200).default(''),
});

export function setupRoutes(db: Kysely<Database>): Router {
  const router = Router();

  // Once a kecamatan exists, setup is gone for good.
  router.use('/pasang', async (_req, _res, next) => {
    try {
      next((await countDistricts(db)) > 0 ? new HttpError(404) : undefined);
    } catch (err) {
      next(err);
    }
  });

  router.get('/pasang', async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const valid = await isValidSetupToken(db, token);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    render(req, res, valid ? 200 : token ? 403 : 200, {
      token: valid ? token : '',
      tokenError: token && !valid ? t('setup.tokenInvalid') : null,
      q,
      results: valid ? searchDistricts(q) : [],
      values: { host: req.hostname ?? '' },
      errors: {},
    });
  });

  router.post('/pasang', async (req, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token : '';
    if (!(await isValidSetupToken(db, token))) {
      return render(req, res, 403, { token: '', tokenError: t('setup.tokenInvalid'), q: '', results: [], values: {}, errors: {} });
    }
    const form = parseForm(setupForm, req.body);
    const values = form.ok ? form.data : form.values;
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    if (form.ok) {
      if (!findDistrict(form.data.district_code)) errors.district_code = t('setup.districtRequired');
      if (form.data.host && !normaliseHost(form.data.host)) errors.host = t('setup.hostInvalid');
      const problem = passwordProblem(form.data.password, form.data.username);
      if (problem) errors.password = t(problem);
      else if (form.data.password !== form.data.password_confirm) errors.password_confirm = t('password.mismatch');
    }
    const code = typeof values.district_code === 'string' ? values.district_code : '';
    if (!form.ok || Object.keys(errors).length > 0) {
      const chosen = findDistrict(code);
      const q = typeof values.q === 'string' ? values.q : '';
      const results = [...(chosen ? [chosen] : []), ...searchDistricts(q).filter((d) => d.code !== code)];
      return render(req, res, 400, { token, tokenError: null, q, results, values: { ...values, password: '', password_confirm: '' }, errors });
    }
    try {
      await completeSetup(db, {
        token,
        districtCode: form.data.district_code,
        host: form.data.host ? normaliseHost(form.data.host) : null,
        name: form.data.name,
        username: form.data.username,
        password: form.data.password,
        ip: req.ip ?? '',
      });
    } catch (err) {
      if (err instanceof SetupRaceError) throw new HttpError(404);
      throw err;
    }
    flash(req, 'success', t('setup.done'));
    res.redirect(303, '/masuk');
  });

  return router;
}

function render(req: Request, res: Response, status: number, data: Record<string, unknown>) {
  res.status(status).render('setup/setup', { title: t('setup.title'), ...data, district: null, currentUser: null, path: req.path });
}
