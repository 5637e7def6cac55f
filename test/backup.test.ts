import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { run as backup, restore } from '../cli/backup';
import { recordAudit } from '../src/db/audit.server';
import { openDatabase } from '../src/db/index.server';
import { auditLog } from '../src/db/schema/audit';
import { openNewDataDir } from './helpers/db';

describe('noko backup / restore (embedded database)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'noko-backup-'));
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  afterAll(() => {
    process.env.DATA_DIR = saved.DATA_DIR;
    if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.DATABASE_URL;
    rmSync(root, { recursive: true, force: true });
  });

  it('copies the data and restores it into an empty folder', async () => {
    delete process.env.DATABASE_URL;
    const source = path.join(root, 'source');
    const db = await openNewDataDir(source);
    await recordAudit(db.db, { actor: null, action: 'create', entity: 'backup-probe', entityId: 'b1' });
    await db.close();
    mkdirSync(path.join(source, 'uploads'), { recursive: true });
    writeFileSync(path.join(source, 'uploads', 'abc123'), 'photo bytes');

    process.env.DATA_DIR = source;
    const file = path.join(root, 'copy.tar.gz');
    expect(await backup(['--out', file])).toBe(0);
    expect(existsSync(file)).toBe(true);

    process.env.DATA_DIR = path.join(root, 'restored');
    expect(await restore([file])).toBe(0);
    const restored = await openDatabase({ engine: 'pglite', dataDir: process.env.DATA_DIR });
    const rows = await restored.db.select().from(auditLog).where(eq(auditLog.entityId, 'b1'));
    await restored.close();
    expect(rows).toHaveLength(1);
    expect(readFileSync(path.join(process.env.DATA_DIR, 'uploads', 'abc123'), 'utf8')).toBe('photo bytes');

    // Restoring over existing data is refused.
    expect(await restore([file])).toBe(1);
  }, 120_000);

  it('refuses a file that is not a backup', async () => {
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = path.join(root, 'garbage-target');
    const bogus = path.join(root, 'bogus.tar.gz');
    writeFileSync(bogus, 'not a tarball');
    expect(await restore([bogus])).toBe(1);
  });

  it('refuses while the server holds the data folder', async () => {
    delete process.env.DATABASE_URL;
    const dir = path.join(root, 'busy');
    const held = await openNewDataDir(dir);
    process.env.DATA_DIR = dir;
    try {
      expect(await backup(['--out', path.join(root, 'busy.tar.gz')])).toBe(1);
    } finally {
      await held.close();
    }
  }, 120_000);
});
