import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**', 'build/**', 'build-test/**'],
    // Once per run: the router build and the migrated template database (decision 0062).
    globalSetup: ['test/setup/global.ts'],
    // A cheap scrypt cost for the accounts tests create and log in (honoured only when NODE_ENV is
    // test; test/auth/password.test.ts checks the production cost itself).
    env: { NOKO_TEST_SCRYPT_LOG2N: '10', NOKO_BUILD_DIR: 'build-test' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One test file per core. Vitest's default for `vitest run` is one fewer than the cores, which on the
    // 2-core machines is a single file at a time, while the suite's files spend much of their time waiting
    // on child processes, sockets and timers (decision 0066). `--maxWorkers=N` still overrides it.
    maxWorkers: availableParallelism(),
  },
});
