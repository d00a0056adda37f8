import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = [
  'fastify',
  'pg',
  'ioredis',
  'undici',
  '@electric-sql/pglite',
  'node:fs',
  'node:net',
  'node:http',
  'node:child_process',
  'fs',
  'net',
  'http',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.zakupai/**', 'deploy/grafana/dashboards/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Pure domain code: no I/O, and no binary floats for money.
    files: ['packages/domain/src/**/*.ts', 'services/*/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules,
          patterns: ['**/adapters/**', '@zakupai/kit', '@zakupai/db', '@zakupai/secrets', '@zakupai/vault'],
        },
      ],
      'no-restricted-globals': ['error', 'parseFloat', 'fetch', 'process'],
      'no-restricted-properties': [
        'error',
        { object: 'Number', property: 'parseFloat' },
        { property: 'toFixed' },
      ],
    },
  },
);
