// Lint: typescript-eslint's recommended rules; tests may use non-null assertions. The architecture's
// boundaries are rules too, so a forbidden import fails CI (README, "Layout").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Frameworks, HTTP and storage: the domain knows none of them. */
const INFRASTRUCTURE = ['@nestjs/*', 'fastify', '@fastify/*', 'pg', 'better-sqlite3', 'kafkajs', '@kurrent/*', 'class-validator', 'class-transformer', 'rxjs', 'nodemailer', 'pdfkit'];
const APPS = { group: ['**/apps/**', '../../../apps/*'], message: 'libraries never import from apps/' };
const libraryRules = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns: [APPS, ...patterns] }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'coverage/**', 'infra/kafka/.dist/**', 'apps/*/public/vendor/**', 'bench/emmett-sqlite/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // No import cycle anywhere in the code (tests and benchmarks may import what they like).
  {
    files: ['apps/**/*.{ts,tsx}', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    ...importX.flatConfigs.typescript,
    settings: { ...importX.flatConfigs.typescript.settings, 'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'apps/dashboard/tsconfig.json'], noWarnOnMultipleProjects: true })] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // The boundaries between the libraries.
  {
    files: ['libs/domain/**/*.ts'],
    rules: libraryRules({ group: ['@ledger/*', '!@ledger/domain', ...INFRASTRUCTURE], message: 'the domain is pure: no framework, HTTP or storage, and no other @ledger library' }),
  },
  {
    files: ['libs/integrity/**/*.ts'],
    rules: libraryRules({ group: ['@ledger/*'], message: "the auditor's library stands alone: it imports no other @ledger library" }),
  },
  { files: ['libs/**/*.ts'], ignores: ['libs/domain/**', 'libs/integrity/**'], rules: libraryRules() },
  ...['sqlite', 'postgres', 'kurrentdb'].map((adapter) => ({
    files: [`libs/event-store/src/${adapter}/**/*.ts`],
    rules: libraryRules({
      group: ['sqlite', 'postgres', 'kurrentdb'].filter((other) => other !== adapter).flatMap((other) => [`../${other}/*`, `../${other}`]),
      message: 'an event-store adapter does not import another adapter',
    }),
  })),
);
