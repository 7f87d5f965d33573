// ESLint flat config. `npm run lint` runs it and `prettier --check`: formatting is Prettier's
// alone (eslint-config-prettier, last, turns off the rules that would disagree with it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
  prettier,
);
