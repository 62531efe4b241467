// Lint for the whole workspace: typescript-eslint (with the type-aware promise rules), Nx
// module boundaries between the projects' tags, and the workflow sandbox rules.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.data/**',
      '.nx/**',
      'coverage/**',
      'test-artifacts/**',
      '**/*.d.ts',
      'apps/web/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:pure', onlyDependOnLibsWithTags: ['scope:pure'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:pure'] },
            // The finding machine: pure decisions, run by the workflow and by the API (a created
            // finding's first state).
            {
              sourceTag: 'scope:machine',
              onlyDependOnLibsWithTags: ['scope:pure', 'scope:contracts'],
            },
            {
              sourceTag: 'scope:workflows',
              onlyDependOnLibsWithTags: [
                'scope:pure',
                'scope:contracts',
                'scope:machine',
                'scope:activities',
              ],
            },
            {
              sourceTag: 'scope:config',
              onlyDependOnLibsWithTags: ['scope:pure', 'scope:contracts'],
            },
            {
              sourceTag: 'scope:persistence',
              onlyDependOnLibsWithTags: ['scope:pure', 'scope:contracts'],
            },
            {
              sourceTag: 'scope:reports',
              onlyDependOnLibsWithTags: ['scope:pure', 'scope:contracts'],
            },
            {
              sourceTag: 'scope:activities',
              onlyDependOnLibsWithTags: [
                'scope:pure',
                'scope:contracts',
                'scope:persistence',
                'scope:config',
                'scope:reports',
              ],
            },
            {
              sourceTag: 'scope:worker',
              onlyDependOnLibsWithTags: [
                'scope:pure',
                'scope:contracts',
                'scope:persistence',
                'scope:config',
                'scope:activities',
                'scope:reports',
              ],
            },
            // Apps never import workflows/: the worker bundles it by path, the API starts it by
            // the FindingWorkflow type of libs/contracts.
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: [
                'scope:pure',
                'scope:contracts',
                'scope:persistence',
                'scope:config',
                'scope:reports',
                'scope:machine',
              ],
            },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:pure', 'scope:contracts'] },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node APIs, no I/O libraries,
    // and activities only as types (called through proxyActivities). So does everything it
    // imports: the finding machine, the domain's rules and the contracts.
    files: [
      'workflows/src/**/*.ts',
      'libs/finding-machine/src/**/*.ts',
      'libs/domain/src/**/*.ts',
      'libs/contracts/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflows are deterministic: no Node built-ins; use an activity.',
          })),
          patterns: [
            {
              group: [
                'typeorm',
                'pg',
                'better-sqlite3',
                '@rectiflow/persistence',
                '@rectiflow/config',
                '@temporalio/activity',
                '@temporalio/client',
                '@temporalio/worker',
              ],
              message: 'Workflows do no I/O; use an activity.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@rectiflow/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activities as types only and call them through proxyActivities.',
            },
          ],
        },
      ],
    },
  },
  {
    // The genre parser is pure (the web app bundles it too): only its documents/ entry point
    // (@rectiflow/importer/documents) reads files, with Node and npm packages.
    files: ['libs/importer/src/**/*.ts'],
    ignores: [
      'libs/importer/src/documents/**',
      'libs/importer/src/**/*.spec.ts',
      'libs/importer/src/test-support/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^[^.]',
              message: 'The parser is pure: no Node built-ins or packages (see its README).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
