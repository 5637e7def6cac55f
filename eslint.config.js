import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Room barrels (src/<room>/index.ts) are gone: import the module that owns the name, so a reader (and the
// server/client wall) sees the real dependency. src/db/schema/index.ts stays: drizzle needs the whole schema.
const BARREL_MESSAGE =
  'no room barrels: import the module that defines the name (src/db/schema/index.ts is the only index)';
/** From app/, test/, cli/…: any index module under src/ except the schema. */
const barrelFromOutside = { regex: '(^|/)src/(?!db/schema/)([\\w.-]+/)*index(\\.tsx?)?$', message: BARREL_MESSAGE };
/** Inside src/: a relative import of an index module, except the schema's. */
const barrelFromInside = { regex: '^(\\.\\.?/)+([\\w.-]+/)*(?<!schema/)index(\\.tsx?)?$', message: BARREL_MESSAGE };

export default tseslint.config(
  {
    ignores: [
      'build/**',
      'build-test/**',
      'data/**',
      'node_modules/**',
      '.react-router/**',
      'coverage/**',
      'drizzle/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [barrelFromOutside] }],
    },
  },
  {
    // Domain code must never depend on the web layer.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/**', '../app/*', '../../app/*'], message: 'src/ must not import from app/' },
            barrelFromInside,
          ],
        },
      ],
    },
  },
  {
    // The methodology is pure: no I/O, no database.
    files: ['src/methodology/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:fs*', 'node:net', 'node:http*', 'fs', 'http', 'undici', '**/db/**', 'drizzle-orm*'],
              message: 'src/methodology is pure: no I/O',
            },
            { group: ['**/app/**', '../app/*', '../../app/*'], message: 'src/ must not import from app/' },
            barrelFromInside,
          ],
        },
      ],
    },
  },
);
