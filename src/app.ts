import compression from 'compression';
import express, { type Express } from 'express';
import session from 'express-session';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { authRoutes } from './auth/auth.routes';
import { createPassport } from './auth/passport';
import { onSessionsEnded } from './auth/sessions';
import { sessionUserOf, userReadWithSession } from './auth/session-user';
import { signedInHere } from './auth/this-site';
import { attachAbility } from './authz/request-ability';
import type { Config } from './config';
import type { Database } from './db/schema';
import { LEAFLET_DIR, createAssets } from './http/assets';
import { createCsrf } from './http/csrf';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { locals } from './http/locals';
import { memberView } from './http/member-view';
import { pageCache } from './http/page-cache';
import { requestLog } from './http/request-log';
import { sessionSecret } from './http/secret';
import { SESSION_COOKIE, whenSessionNeeded } from './http/session-cookie';
import { securityHeaders } from './http/security';
import { series } from './http/series';
import { sessionReader } from './http/session-read';
import { KyselySessionStore } from './http/session-store';
import { resolveTenant } from './http/tenant';
import './http/types';
import { viewEngine } from './http/views';
import { type MediaStorage, storageFromConfig } from './files';
import { adminRoutes } from './modules/admin/admin.routes';
import { countDistricts, districtsChanged, tenantCache } from './modules/districts/hosts';
import { suspendedSite } from './modules/districts/suspension';
import { healthRoutes } from './modules/health/health.routes';
import { mediaServeRoutes } from './modules/media/serve';
import { createMailer } from './modules/notifications/mailer';
import { setupRoutes } from './modules/setup/setup.routes';
import { gated } from './http/route-gate';
import { portalRoutes } from './modules/portal';
import { NAV_SECTIONS, itemPath, villagePath } from './modules/portal/paths';
import { choicesOf } from './modules/content/fields';
import { PUBLIC_DIR, VIEWS_DIR } from './paths';

export interface AppDeps {
  db: Kysely<Database>;
  config: Config;
  logger: Logger;
  /** Where media bytes live; by default the configured store (MEDIA_S3_BUCKET, else the local UPLOAD_DIR). */
  storage?: MediaStorage;
}

export async function createApp({ db, config, logger, storage = storageFromConfig(config) }: AppDeps): Promise<Express> {
  const app = express();
  // Mail of notifications, when SMTP is configured; kicked after each announcement's commit.
  createMailer(config, db, logger);
  app.set('trust proxy', config.TRUST_PROXY);
  // Templates are read again on each render only in development, where they are being edited.
  app.engine('ejs', viewEngine({ cache: config.NODE_ENV !== 'development', debug: config.NODE_ENV !== 'production' }));
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);
  app.set('x-powered-by', false);
  if (config.NODE_ENV !== 'development') app.set('view cache', true);

  // Anonymous public pages, keyed by the kecamatan's content_version: a hit is answered by
  // cache.first, ahead of everything else, with bytes compressed when stored (docs/render-path.md).
  const tenant = resolveTenant({ lookup: tenantCache(db), countDistricts: () => countDistricts(db), changed: districtsChanged });
  const cache = config.PAGE_CACHE ? pageCache({ flightWaitMs: config.PAGE_CACHE_WAIT_MS }) : null;
  // What the cache holds and who waits for a render, for tests and benchmarks.
  app.set('page cache', cache);
  // What every request runs is a few layers of src/http/series.ts, not a layer per function.
  app.use(
    series(
      requestLog(app, logger),
      securityHeaders(config.MAP_TILE_URL),
      ...(cache ? [cache.first(tenant)] : []),
      gated(healthRoutes(db)),
      // Before the static mount, so stylesheets and scripts go out compressed too.
      compression(),
    ),
  );
  // Fingerprinted assets (a year, immutable) and the plain URLs (short max-age); asset() in views.
  const assets = createAssets(
    [
      { prefix: '', dir: PUBLIC_DIR },
      { prefix: 'vendor/leaflet', dir: LEAFLET_DIR },
    ],
    { dev: config.NODE_ENV === 'development' },
  );
  app.locals.asset = assets.url;
  app.locals.navSections = NAV_SECTIONS;
  // Links in views are written by the portal's URL helpers, as in code; a choice field's options come from its schema.
  Object.assign(app.locals, { itemPath, villagePath, choicesOf });
  app.use('/static', assets.router);

  const secret = await sessionSecret(db, config.SESSION_SECRET);
  const store = new KyselySessionStore(db, userReadWithSession);
  const passport = createPassport(db);
  const withSession = whenSessionNeeded(
    [
      passport.initialize(),
      session({
        name: SESSION_COOKIE,
        secret,
        store,
        resave: false,
        saveUninitialized: false,
        // The store moves the expiry, and the cookie with it, in steps (ROLL_STEP_MS).
        rolling: false,
        cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: config.SESSION_MAX_AGE_HOURS * 3600_000 },
      }),
      passport.session(),
    ],
    sessionReader({ secret, store, userOf: sessionUserOf, onUserEnded: onSessionsEnded }),
  );

  const csrf = createCsrf(secret);
  app.use(
    series(
      express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 200 }),
      tenant,
      suspendedSite,
      withSession,
      signedInHere,
      attachAbility,
      locals(csrf.generateToken),
      // A logged-in reader's public page: the stored anonymous page with their own navigation.
      ...(cache ? [memberView(cache.storedFor)] : []),
      // Every state-changing request, anonymous or not, carries its token (src/http/csrf.ts).
      csrf.csrfSynchronisedProtection,
      // Entered only by paths they have routes for (src/http/route-gate.ts).
      gated(setupRoutes(db)),
      gated(authRoutes(db, passport)),
    ),
  );
  app.use('/admin', adminRoutes(db, storage, config));
  app.use(series(gated(mediaServeRoutes(db, storage)), portalRoutes(db, config.PUBLIC_URL, { url: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION })));
  if (cache) app.use(cache.staleOnOutage);

  app.use(notFoundHandler);
  app.use(errorHandler(config.NODE_ENV === 'development'));
  return app;
}
