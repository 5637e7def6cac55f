// The one way tests run `noko` as people run it: `node bin/noko.js …` as a child process. In-process tests
// cannot catch a command whose event loop drains mid-work (Vitest keeps the loop alive), nor its exit code.
import { execFile } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

export type NokoResult = {
  /** The exit code; null when the child was killed by a signal (the deadline) or could not start. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

export type NokoOptions = {
  /** DATA_DIR of the child (its embedded database); without one the child inherits the test's. */
  dataDir?: string;
  /** Killed with SIGKILL after this long, so a hung command fails its test instead of hanging the suite. */
  deadlineMs?: number;
  /** Extra environment on top of the test's; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Working directory; the repository root by default (relative paths in arguments resolve from it). */
  cwd?: string;
  /** A program the child runs under, e.g. `['/usr/bin/time', '-v']` to read its peak memory. */
  wrapper?: readonly string[];
};

/**
 * Runs `node bin/noko.js …args` asynchronously (fixture sites and servers in this process keep answering
 * while it runs) and resolves with its exit code, signal and output; it never rejects.
 *
 * The child always runs on the embedded database: DATABASE_URL and PUBLIC_URL are removed so a
 * TEST_DATABASE_URL run or the developer's shell cannot point it elsewhere, and logs are silenced so
 * stderr holds only what the command itself writes.
 */
export function noko(args: readonly string[], options: NokoOptions = {}): Promise<NokoResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.PUBLIC_URL;
  if (options.dataDir !== undefined) env.DATA_DIR = options.dataDir;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const command = [...(options.wrapper ?? []), process.execPath, path.join(root, 'bin/noko.js'), ...args];
  return new Promise((resolve) => {
    execFile(
      command[0]!,
      command.slice(1),
      {
        cwd: options.cwd ?? root,
        env,
        encoding: 'utf8',
        timeout: options.deadlineMs ?? 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals }) | null;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          signal: e?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}
