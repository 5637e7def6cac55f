// Whether build/ matches the sources: a content hash of everything the React Router build reads,
// stored next to the build. Content (not mtimes) because checkouts and merges touch mtimes without
// changing anything, and a revert can bring back old content with a new mtime.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
/**
 * `npm start` serves build/; the tests build into build-test/ (NOKO_BUILD_DIR, set by the test setup), so
 * `npm test` in a checkout where the server runs never replaces the assets its pages load (decision 0026).
 */
export const buildDir = (): string => process.env.NOKO_BUILD_DIR || 'build';
const inputs = ['app', 'src', 'react-router.config.ts', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];
const stampFile = () => path.join(root, buildDir(), 'server/.inputs-sha256');
const marker = () => path.join(root, buildDir(), 'server/index.js');
// Shared by every worktree on the machine: builds are CPU-heavy and the machines have two cores.
const lockFile = '/tmp/noko-rr-build.lock';

function addTree(hash: ReturnType<typeof createHash>, rel: string): void {
  const full = path.join(root, rel);
  if (!existsSync(full)) return;
  const entries = readdirSync(full, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) addTree(hash, child);
    else if (entry.isFile())
      hash
        .update(`${child}\0`)
        .update(readFileSync(path.join(root, child)))
        .update('\0');
  }
}

export function sourcesHash(): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const full = path.join(root, input);
    if (!existsSync(full)) continue;
    if (input.includes('.')) hash.update(`${input}\0`).update(readFileSync(full)).update('\0');
    else addTree(hash, input);
  }
  return hash.digest('hex');
}

export function buildIsCurrent(hash = sourcesHash()): boolean {
  return existsSync(marker()) && existsSync(stampFile()) && readFileSync(stampFile(), 'utf8').trim() === hash;
}

/** Builds the router bundle now; returns what the build printed (stdout and stderr together). */
export function runBuild(options: { stdio?: 'inherit' | 'pipe' } = {}): string {
  const hash = sourcesHash();
  const result = spawnSync('flock', [lockFile, 'npx', 'react-router', 'build'], {
    cwd: root,
    encoding: 'utf8',
    stdio: options.stdio === 'inherit' ? 'inherit' : 'pipe',
    env: { ...process.env, NOKO_BUILD_DIR: buildDir() },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`react-router build failed (exit ${String(result.status)}):\n${output}`);
  writeFileSync(stampFile(), `${hash}\n`);
  return output;
}

/** Builds the router bundle unless build/ already matches the sources. Returns whether it built. */
export function ensureBuild(options: { stdio?: 'inherit' | 'pipe' } = {}): boolean {
  if (buildIsCurrent()) return false;
  runBuild(options);
  return true;
}
