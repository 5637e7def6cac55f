import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openDatabase, type Db } from '../../src/db/index.server';

export type RunningServer = { url: string; dataDir: string; output: () => string; stop: () => Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `server.ts` from the built tree on a free port with a throw-away DATA_DIR. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'noko-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the server on a fresh embedded database seeded first by `seed` (the server then takes the
 * folder's lock, so seeding must happen before). `stop()` also removes the folder.
 */
export async function startSeededServer<T>(
  seed: (db: Db, dataDir: string) => Promise<T>,
  env: Record<string, string> = {},
): Promise<{ server: RunningServer; seeded: T }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'noko-e2e-'));
  const handle = await openDatabase({ engine: 'pglite', dataDir });
  let seeded: T;
  try {
    seeded = await seed(handle.db, dataDir);
  } finally {
    await handle.close();
  }
  const server = await startServer({ ...env, DATA_DIR: dataDir });
  return {
    seeded,
    server: {
      ...server,
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    },
  };
}

/** axe-core's violations on the page, one readable line each (rule, help, where): [] when the page is clean. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Waits for the page's h1 to read `text`. After a client-side navigation the URL changes before React has
 * rendered the new page, so reading the heading right after `waitForURL` races the render.
 */
export async function headingIs(page: Page, text: string, timeout = 15_000): Promise<string | null> {
  await page
    .waitForFunction((t) => document.querySelector('h1')?.textContent === t, text, { timeout })
    .catch(() => undefined);
  return page.textContent('h1');
}
