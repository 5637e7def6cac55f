// One migrated template database per test run, copied for every test file (decision 0062). Migrating
// from scratch costs about two seconds of CPU per file; loading a dumped PGlite folder or copying a
// PostgreSQL template costs a fraction of that. The template's name carries a hash of drizzle/ (and of
// the PGlite version, whose dump format it depends on), so a branch with other migrations never picks up
// a template built from someone else's.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrationsFolder, openDatabase } from '../../src/db/index.server';

const root = path.resolve(import.meta.dirname, '../..');
const cacheDir = path.join(root, 'node_modules/.cache/noko-test');
// Any constant: serialises template creation between concurrent runs on one PostgreSQL server.
const TEMPLATE_LOCK_KEY = 727_0296;

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, full);
    else
      hash
        .update(`${path.relative(migrationsFolder, full)}\0`)
        .update(readFileSync(full))
        .update('\0');
  }
}

let migrationsHashMemo: string | undefined;
export function migrationsHash(): string {
  if (!migrationsHashMemo) {
    const hash = createHash('sha256');
    hashTree(hash, migrationsFolder);
    const pglite = JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'));
    hash.update(`pglite@${String(pglite.version)}`);
    migrationsHashMemo = hash.digest('hex').slice(0, 16);
  }
  return migrationsHashMemo;
}

export function pgliteTemplatePath(): string {
  return path.join(cacheDir, `pglite-${migrationsHash()}.tar`);
}

/** Writes the PGlite template unless it exists. Safe to race: the file appears by rename. */
export async function ensurePgliteTemplate(): Promise<string> {
  const file = pgliteTemplatePath();
  if (existsSync(file)) return file;
  const handle = await openDatabase({ engine: 'pglite' });
  try {
    const dump = await handle.pglite!.dumpDataDir('none');
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await handle.close();
  }
  return file;
}

let pgliteTemplateMemo: Promise<Blob> | undefined;
/** The dumped, migrated PGlite data folder, read once per test process. */
export function pgliteTemplate(): Promise<Blob> {
  pgliteTemplateMemo ??= ensurePgliteTemplate().then((file) => new Blob([readFileSync(file)]));
  return pgliteTemplateMemo;
}

export function pgTemplateName(): string {
  return `noko_template_${migrationsHash()}`;
}

const pgTemplateReady = new Map<string, Promise<void>>();
/** Creates the migrated template database on the server of `serverUrl` unless it is there already. */
export function ensurePgTemplate(serverUrl: string): Promise<void> {
  let ready = pgTemplateReady.get(serverUrl);
  if (!ready) {
    ready = createPgTemplate(serverUrl);
    pgTemplateReady.set(serverUrl, ready);
  }
  return ready;
}

async function createPgTemplate(serverUrl: string): Promise<void> {
  const name = pgTemplateName();
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return;
    // Migrate under another name and rename at the end, so a run killed half-way never leaves a
    // half-migrated template behind under the real name.
    const building = `${name}_building`;
    await admin.query(`drop database if exists ${building} with (force)`);
    await admin.query(`create database ${building}`);
    const target = new URL(serverUrl);
    target.pathname = `/${building}`;
    const handle = await openDatabase({ engine: 'postgres', url: target.toString(), poolSize: 1 });
    await handle.close();
    await admin.query(`alter database ${building} rename to ${name}`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]).catch(() => undefined);
    await admin.end();
  }
}
