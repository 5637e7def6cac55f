import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index';
import { lockDataDir } from './lock.server';

export { schema };
export type Schema = typeof schema;
/** The database handle every domain module takes: identical API on PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: domain functions that must join a caller's transaction take this. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export type DatabaseHandle = {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** The embedded engine itself, for backups; absent on PostgreSQL. */
  pglite?: PGlite;
  close: () => Promise<void>;
};

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

// Arbitrary constant shared by every app instance so that only one of them migrates at a time.
const MIGRATION_LOCK_KEY = 727_0295;

export type OpenOptions =
  | { engine: 'postgres'; url: string; poolSize?: number; migrate?: boolean; onPoolError?: (err: Error) => void }
  | { engine: 'pglite'; dataDir?: string; pglite?: PGlite; migrate?: boolean; loadDataDir?: Blob };

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  return options.engine === 'postgres' ? openPostgres(options) : openPglite(options);
}

async function openPostgres(options: {
  url: string;
  poolSize?: number;
  migrate?: boolean;
  onPoolError?: (err: Error) => void;
}): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // An idle pooled connection that the server drops (restart, failover, admin termination) emits 'error';
  // without a listener that would crash the process. The pool replaces the connection on next use.
  pool.on('error', options.onPoolError ?? (() => undefined));
  if (options.migrate !== false) {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      client.release();
    }
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, engine: 'postgres', close: () => pool.end() };
}

async function openPglite(options: {
  dataDir?: string;
  pglite?: PGlite;
  migrate?: boolean;
  loadDataDir?: Blob;
}): Promise<DatabaseHandle> {
  let release = () => {};
  let client = options.pglite;
  if (!client) {
    if (options.dataDir) {
      mkdirSync(options.dataDir, { recursive: true });
      release = lockDataDir(options.dataDir);
    }
    try {
      const loadDataDir = options.loadDataDir;
      client = options.dataDir
        ? await PGlite.create(path.join(options.dataDir, 'pglite'), loadDataDir ? { loadDataDir } : {})
        : await PGlite.create(loadDataDir ? { loadDataDir } : {});
    } catch (err) {
      release();
      throw err;
    }
  }
  const raw = drizzlePglite(client, { schema });
  if (options.migrate !== false) await migratePglite(raw, { migrationsFolder });
  const pgliteClient = client;
  return {
    db: raw as unknown as Db,
    engine: 'pglite',
    pglite: pgliteClient,
    close: async () => {
      try {
        await pgliteClient.close();
      } finally {
        release();
      }
    },
  };
}

/** Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export function openConfiguredDatabase(
  config: { databaseUrl: string | undefined; dataDir: string },
  onPoolError?: (err: Error) => void,
) {
  return config.databaseUrl
    ? openDatabase({ engine: 'postgres', url: config.databaseUrl, ...(onPoolError ? { onPoolError } : {}) })
    : openDatabase({ engine: 'pglite', dataDir: config.dataDir });
}
