// `npm start` from a built tree to the first served page: spawns the real command on a free port and polls
// until GET / answers 200. Runs a first start (database created) and a restart (database reopened).
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/e2e/server';

async function timeToFirstPage(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let exited = false;
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  child.stdout?.on('data', (d) => (stderr += d));
  child.once('exit', (code, signal) => {
    exited = true;
    stderr += `(exit ${code ?? signal})`;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`npm start exited before serving a page:\n${stderr}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not up yet
      }
      if (performance.now() - started > 60_000) throw new Error('server did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    if (!exited) {
      const done = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await done;
    }
    // npm exits at once on SIGTERM while the server still shuts down gracefully and holds DATA_DIR's lock:
    // wait for the whole process group to be gone before the next start.
    for (;;) {
      try {
        process.kill(-child.pid!, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

// The goal is measured from a built tree: build first so that `prestart` finds nothing to do.
execSync('npx react-router build', { stdio: 'ignore' });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'noko-bench-start-'));
try {
  const first = await timeToFirstPage(dataDir);
  const reopen: number[] = [];
  for (let i = 0; i < 3; i++) reopen.push(await timeToFirstPage(dataDir));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  console.log(`npm start → first page, new embedded database: ${(first / 1000).toFixed(2)} s`);
  console.log(
    `npm start → first page, existing database (3 runs): ${reopen.map((t) => (t / 1000).toFixed(2)).join(' s, ')} s`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
