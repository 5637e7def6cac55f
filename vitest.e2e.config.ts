import { defineConfig } from 'vitest/config';

// Browser tests: real server processes driven by Debian's Chromium; one file at a time to keep the
// 2-core machines responsive.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
