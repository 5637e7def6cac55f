import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Once per run: the router build and the migrated template database (decision 0062).
    globalSetup: ['test/setup/global.ts'],
    // A cheap scrypt cost for the accounts tests create and log in (honoured only when NODE_ENV is
    // test; test/auth/password.test.ts checks the production cost itself).
    env: { NOKO_TEST_SCRYPT_LOG2N: '10' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
