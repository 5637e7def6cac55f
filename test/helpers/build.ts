import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from 'react-router';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Builds the React Router app once per test file (≈2 s) and loads it. The build runs under a lock file
 * because several engineers' test runs share build/.
 */
export async function loadBuild(): Promise<{ build: ServerBuild; clientDir: string }> {
  execFileSync('flock', ['/tmp/noko-rr-build.lock', 'npx', 'react-router', 'build'], { cwd: root, stdio: 'pipe' });
  const url = pathToFileURL(path.join(root, 'build/server/index.js')).href;
  const build = (await import(/* @vite-ignore */ `${url}?t=${Date.now()}`)) as ServerBuild;
  return { build, clientDir: path.relative(process.cwd(), path.join(root, 'build/client')) };
}
