import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../src/db/audit.server';
import { openDatabase } from '../src/db/index.server';
import { lockDataDir, DataDirLockedError } from '../src/db/lock.server';
import { auditLog } from '../src/db/schema/audit';
import { createTestDb, openNewDataDir, testEngine, type TestDatabase } from './helpers/db';

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
    for (const n of [1, 2, 3])
      await recordAudit(t.db, { actor: null, action: 'n', entity: 'order', entityId: String(n) });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.entity, 'order')).orderBy(desc(auditLog.id));
    expect(rows.map((r) => r.entityId)).toEqual(['3', '2', '1']);
  });
});

describe('embedded data folder lock', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'noko-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The holder runs in another PID namespace, as a second container on the same volume would: it cannot
  // see our pid and we cannot see its, so only a kernel lock on the file tells them apart.
  const inOtherPidNamespace = (args: string[]) => ['unshare', ['--pid', '--fork', process.execPath, ...args]] as const;
  const holderArgs = (d: string) => ['--import', 'tsx', path.join(import.meta.dirname, 'helpers/lock-holder.ts'), d];
  const canUnshare = spawnSync('unshare', ['--pid', '--fork', 'true']).status === 0;

  it('refuses a second holder in the same process', () => {
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    lockDataDir(dir)();
  });

  it.runIf(canUnshare)('refuses a server in another PID namespace while the folder is held', () => {
    const release = lockDataDir(dir);
    try {
      const [cmd, args] = inOtherPidNamespace(holderArgs(dir));
      const child = spawnSync(cmd, args, { encoding: 'utf8', input: '', timeout: 30_000 });
      expect(child.stdout.trim()).toBe('refused');
    } finally {
      release();
    }
  });

  it.runIf(canUnshare)(
    'is refused while another PID namespace holds it, and free once that holder is killed',
    async () => {
      const [cmd, args] = inOtherPidNamespace(holderArgs(dir));
      const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
      const first = await new Promise<string>((resolve) =>
        child.stdout.once('data', (b: Buffer) => resolve(b.toString().trim())),
      );
      expect(first).toBe('held');
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      // SIGKILL to unshare leaves its child running until stdin closes; the kernel drops the lock with the last descriptor.
      child.stdin.destroy();
      await expect
        .poll(
          () => {
            try {
              lockDataDir(dir)();
              return true;
            } catch {
              return false;
            }
          },
          { timeout: 10_000 },
        )
        .toBe(true);
    },
    30_000,
  );

  it('refuses to open the same PGlite folder twice', async () => {
    const dataDir = path.join(dir, 'db');
    const first = await openNewDataDir(dataDir);
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
      await t.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      const rows = await t.db.execute(sql`select 2 as two`);
      expect(rows).toBeTruthy();
    } finally {
      await t.close();
    }
  });
});
