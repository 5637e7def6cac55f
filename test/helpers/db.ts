import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.server';
import { ensurePgliteTemplate, ensurePgTemplate, pgliteTemplate, pgTemplateName } from './template-db';

export type TestDatabase = DatabaseHandle;

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new throw-away
 * database on the server named by TEST_DATABASE_URL (dropped again by close()).
 *
 * Both start as a copy of one template migrated once per run (decision 0062): PGlite loads a dumped
 * data folder, PostgreSQL copies with CREATE DATABASE … TEMPLATE. The migrator still runs on the copy,
 * so a template that lags behind drizzle/ is caught up rather than trusted.
 */
export async function createTestDb(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openDatabase({ engine: 'pglite', loadDataDir: await pgliteTemplate() });

  await ensurePgTemplate(url);
  const scratch = await createScratchPgDatabase(url, { template: pgTemplateName() });
  const handle = await openDatabase({ engine: 'postgres', url: scratch.url, poolSize: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/**
 * A new database on the server of `serverUrl` (empty, or a copy of `template`); `drop()` removes it even
 * with connections open.
 */
export async function createScratchPgDatabase(
  serverUrl: string,
  options: { template?: string } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `noko_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}${options.template ? ` template ${options.template}` : ''}`);
  } finally {
    await admin.end();
  }
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export const testEngine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A new DATA_DIR whose embedded database is already migrated, for a test that prepares a folder for a
 * child `noko` or server, or opens one itself. It unpacks the run's template (decision 0062) with the
 * system tar, into the very layout PGlite keeps on disk: a few milliseconds, where migrating the folder
 * from scratch costs about five seconds of CPU and loading the template through PGlite about two.
 */
export function newDataDir(dataDir: string): Promise<string> {
  return ensurePgliteTemplate().then((template) => {
    const pgdata = path.join(dataDir, 'pglite');
    mkdirSync(pgdata, { recursive: true });
    if (readdirSync(pgdata).length > 0) throw new Error(`newDataDir: ${pgdata} is not empty`);
    execFileSync('tar', ['-xf', template, '-C', pgdata], { stdio: ['ignore', 'ignore', 'pipe'] });
    return dataDir;
  });
}

/** Opens the embedded database of a new, already migrated DATA_DIR (see newDataDir). */
export async function openNewDataDir(dataDir: string): Promise<DatabaseHandle> {
  return openDatabase({ engine: 'pglite', dataDir: await newDataDir(dataDir) });
}
