// ESLint flat config. `npm run lint` runs it and `prettier --check`: formatting is Prettier's
// alone (eslint-config-prettier, last, turns off the rules that would disagree with it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layering (docs/architecture.md, "Rules"): what each folder may not import. A pattern is matched
// against the import's text, so '../../http/errors' and '../http/errors' both name src/http.
const EXPRESS = ['express', 'express-session', 'multer', 'passport', 'passport-local', 'csrf-sync', 'helmet', 'compression'];
const ABOVE = {
  modules: 'src/modules (the features)',
  http: 'src/http (request plumbing)',
  auth: 'src/auth (login and sessions)',
  authz: 'src/authz (abilities)',
  domain: 'src/domain (Ctx)',
  'domain/context': 'src/domain/context.ts (Ctx)',
  cli: 'src/cli (the commands)',
  startup: 'src/startup',
  backup: 'src/backup',
};
const TOP = { regex: '^(\\.\\./)+(app|main|bootstrap)$', message: 'src/app.ts, main.ts and bootstrap.ts are the top: nothing imports them (docs/architecture.md, "Rules").' };
// A service or query reaching a router, a form reader or the upload middleware would load Express through it.
const EDGE = { regex: '\\.(routes|form)$|/media/(upload|serve)$', message: 'A router, form reader or upload middleware: only the web edge imports it (docs/architecture.md, "Rules").' };
function layer(banned, { express = true, edge = false } = {}) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: express ? EXPRESS.map((name) => ({ name, message: 'Only routes and middleware know Express (docs/architecture.md, "Rules").' })) : [],
        patterns: [
          TOP,
          ...(edge ? [EDGE] : []),
          ...banned.map((folder) => ({
            regex: `(^|/)${folder}(/|$)`,
            message: `${ABOVE[folder]} sits above this file: move the piece down, or pass it in from src/app.ts (docs/architecture.md, "Rules").`,
          })),
        ],
      },
    ],
  };
}
// The web edge of a feature: routers, form readers and middleware. Everything else in a module
// (services, queries, schemas, views) takes a Ctx or plain values.
const MODULE_EDGE = [
  'src/modules/**/*.routes.ts',
  'src/modules/**/*.form.ts',
  'src/modules/portal/index.ts',
  'src/modules/media/serve.ts',
  'src/modules/media/upload.ts',
  'src/modules/districts/suspension.ts',
  'src/modules/settings/identity.public.ts',
];
const BOTTOM = ['src/config.ts', 'src/paths.ts', 'src/logger.ts', 'src/db/**/*.ts', 'src/lib/**/*.ts', 'src/i18n/**/*.ts', 'src/regions/**/*.ts', 'src/files/**/*.ts', 'src/audit/**/*.ts'];
const layering = [
  { files: BOTTOM, rules: layer(['modules', 'http', 'auth', 'authz', 'domain', 'cli', 'startup', 'backup']) },
  // authorize() throws the domain's ForbiddenError; Ctx (domain/context.ts) is above authz.
  { files: ['src/authz/**/*.ts'], rules: layer(['modules', 'http', 'auth', 'domain/context', 'cli', 'startup', 'backup']) },
  { files: ['src/domain/**/*.ts'], rules: layer(['modules', 'http', 'auth', 'cli', 'startup', 'backup']) },
  { files: ['src/backup/**/*.ts'], rules: layer(['modules', 'http', 'auth', 'authz', 'domain', 'cli', 'startup']) },
  { files: ['src/http/**/*.ts'], rules: layer(['modules', 'auth', 'cli', 'startup', 'backup'], { express: false }) },
  { files: ['src/auth/**/*.ts'], rules: layer(['modules', 'cli', 'startup', 'backup'], { express: false }) },
  { files: ['src/modules/**/*.ts'], ignores: MODULE_EDGE, rules: layer(['http', 'cli', 'startup', 'backup'], { edge: true }) },
  { files: MODULE_EDGE, rules: layer(['cli', 'startup', 'backup'], { express: false }) },
];

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'uploads/', 'coverage/', 'backups/', 'views/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // A leading underscore marks a name kept on purpose: Express's four-argument error handler,
      // a field dropped with a rest pattern (`const { version: _v, ...data } = row`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Express's types are extended by declaration merging: `interface User extends SessionUser {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // Kysely's migration signature: a migration must not depend on today's schema types
    // (src/db/untyped.ts says the same for the migrator and backups).
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Served as-is to phones' browsers: plain scripts.
    files: ['public/js/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    files: ['tests/**/*.ts'],
    languageOptions: { globals: globals.jest },
  },
  ...layering,
  prettier,
);
