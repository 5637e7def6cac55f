import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from 'react-router';
import { ensureBuild, root } from '../../scripts/build-state';

/**
 * Loads the React Router build. The vitest globalSetup (test/setup/global.ts) has already built it once
 * for the run; ensureBuild() here only re-checks the sources' hash, and builds when a file is run some
 * other way or the sources changed since.
 */
export async function loadBuild(): Promise<{ build: ServerBuild; clientDir: string }> {
  ensureBuild();
  const url = pathToFileURL(path.join(root, 'build/server/index.js')).href;
  const build = (await import(/* @vite-ignore */ `${url}?t=${Date.now()}`)) as ServerBuild;
  return { build, clientDir: path.relative(process.cwd(), path.join(root, 'build/client')) };
}
