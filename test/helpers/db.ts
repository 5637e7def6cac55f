import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/index';

export type TestDatabase = DatabaseHandle;

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new throw-away
 * database on the server named by TEST_DATABASE_URL (dropped again by close()).
 */
export async function createTestDb(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openDatabase({ engine: 'pglite' });

  const scratch = await createScratchPgDatabase(url);
  const handle = await openDatabase({ engine: 'postgres', url: scratch.url, poolSize: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/** A new, empty database on the server of `serverUrl`; `drop()` removes it even with connections open. */
export async function createScratchPgDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `noko_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
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
