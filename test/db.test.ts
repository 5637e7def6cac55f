import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../src/db/audit.server';
import { openDatabase } from '../src/db/index.server';
import { lockDataDir, DataDirLockedError } from '../src/db/lock.server';
import { auditLog } from '../src/db/schema/audit';
import { createTestDb, testEngine, type TestDatabase } from './helpers/db';

describe(`data layer on ${testEngine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs on the engine the environment asks for', () => {
    expect(t.engine).toBe(testEngine);
  });

  it('applies the migrations: the audit log exists and takes rows', async () => {
    await recordAudit(t.db, {
      actor: { id: 'u1', name: 'Иванова' },
      action: 'update',
      entity: 'organisation',
      entityId: '42',
      before: { name: 'Школа 1' },
      after: { name: 'Школа № 1' },
      reason: 'опечатка',
    });
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, '42'));
    expect(row?.before).toEqual({ name: 'Школа 1' });
    expect(row?.after).toEqual({ name: 'Школа № 1' });
    expect(row?.at).toBeInstanceOf(Date);
  });

  it('rolls back a failed transaction entirely', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await recordAudit(tx, { actor: null, action: 'create', entity: 'probe', entityId: 'rollback' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.entityId, 'rollback'));
    expect(rows).toHaveLength(0);
  });

  it('reports constraint violations with the same Postgres error code', async () => {
    const err = await t.db.execute(sql`insert into audit_log (action, entity) values (null, 'x')`).catch((e) => e);
    const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    expect(code).toBe('23502');
  });

  it('orders and filters with ordinary SQL', async () => {
    for (const n of [1, 2, 3]) await recordAudit(t.db, { actor: null, action: 'n', entity: 'order', entityId: String(n) });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.entity, 'order')).orderBy(desc(auditLog.id));
    expect(rows.map((r) => r.entityId)).toEqual(['3', '2', '1']);
  });
});

describe('embedded data folder lock', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'noko-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second holder while the first is alive', () => {
    const release = lockDataDir(dir);
    // Simulate another live process by writing our parent's pid into the lock file.
    writeFileSync(path.join(dir, 'noko.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
  });

  it('takes over a lock left by a dead process', () => {
    writeFileSync(path.join(dir, 'noko.lock'), '2147483646');
    const release = lockDataDir(dir);
    release();
  });

  it('refuses to open the same PGlite folder twice', async () => {
    const dataDir = path.join(dir, 'db');
    const first = await openDatabase({ engine: 'pglite', dataDir });
    await expect(openDatabase({ engine: 'pglite', dataDir })).rejects.toThrow(/уже используется/);
    await first.close();
    const again = await openDatabase({ engine: 'pglite', dataDir });
    await again.close();
  }, 60_000);
});

describe.runIf(testEngine === 'postgres')('PostgreSQL pool', () => {
  it('survives the server terminating an idle pooled connection', async () => {
    const t = await createTestDb();
    try {
      await t.db.execute(sql`select 1`);
      // Terminate every other backend of this test database, as a restart or failover would.
      await t.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
      const rows = await t.db.execute(sql`select 2 as two`);
      expect(rows).toBeTruthy();
    } finally {
      await t.close();
    }
  });
});
