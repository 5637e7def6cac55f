import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/**', 'build-test/**', 'data/**', 'node_modules/**', '.react-router/**', 'coverage/**', 'drizzle/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off',
    },
  },
  {
    // Domain code must never depend on the web layer.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**', '../app/*', '../../app/*'], message: 'src/ must not import from app/' }] }],
    },
  },
  {
    // The methodology is pure: no I/O, no database.
    files: ['src/methodology/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:fs*', 'node:net', 'node:http*', 'fs', 'http', 'undici', '**/db/**', 'drizzle-orm*'], message: 'src/methodology is pure: no I/O' },
      ] }],
    },
  },
);
