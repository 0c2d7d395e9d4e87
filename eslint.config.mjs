// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'eslint.config.mjs', 'jest.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/*', '../../apps/*'], message: 'Apps never import apps.' },
            { group: ['@lib/*/src/*', 'libs/*'], message: 'Import libs through their barrel (@lib/<name>).' },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.browser-spec.ts',
      'libs/testing/**',
      'bench/**',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Domain code is pure: no framework, no database, no I/O; it takes plain values and returns them.
    files: ['apps/*/src/**/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/*', '../../apps/*'], message: 'Apps never import apps.' },
            { group: ['@lib/*/src/*', 'libs/*'], message: 'Import libs through their barrel (@lib/<name>).' },
            {
              group: ['typeorm', 'typeorm/*', '@nestjs/*', 'axios', '@nats-io/*', 'pg'],
              message:
                'domain/ is pure: no TypeORM, Nest, HTTP, NATS or database here; a service does the I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // The operator console's page script: plain browser JavaScript served as is (no build step).
    files: ['apps/scheduler/src/console/assets/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'sessionStorage', 'fetch', 'URLSearchParams', 'Node', 'confirm']
          .concat(['setTimeout', 'console'])
          .map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // Benchmarks drive an app the way its own tests do (its test harness); they are no app of their own.
    files: ['bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@lib/*/src/*', 'libs/*'], message: 'Import libs through their barrel (@lib/<name>).' },
          ],
        },
      ],
    },
  },
);
