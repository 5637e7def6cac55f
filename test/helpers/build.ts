import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from 'react-router';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Tests build into their own folder, never build/: a server running from this checkout keeps serving the
 * assets its pages reference while the tests rebuild (issue 11 item 11).
 */
export const TEST_BUILD_DIR = 'build-test';

/**
 * Builds the React Router app once per test file (≈2 s) and loads it. The build runs under a lock file
 * because several test runs share build-test/.
 */
export async function loadBuild(): Promise<{ build: ServerBuild; clientDir: string }> {
  execFileSync('flock', ['/tmp/noko-rr-build.lock', 'npx', 'react-router', 'build'], { cwd: root, stdio: 'pipe', env: { ...process.env, NOKO_BUILD_DIR: TEST_BUILD_DIR } });
  const url = pathToFileURL(path.join(root, TEST_BUILD_DIR, 'server/index.js')).href;
  const build = (await import(/* @vite-ignore */ `${url}?t=${Date.now()}`)) as ServerBuild;
  return { build, clientDir: path.relative(process.cwd(), path.join(root, TEST_BUILD_DIR, 'client')) };
}
