import type { Config } from '@react-router/dev/config';

export default {
  appDirectory: 'app',
  // Tests build into their own folder (NOKO_BUILD_DIR=build-test), so `npm test` in a checkout where the
  // server runs never replaces the assets that server's pages are loading (issue 11 item 11).
  buildDirectory: process.env.NOKO_BUILD_DIR || 'build',
  ssr: true,
} satisfies Config;
