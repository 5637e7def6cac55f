import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { progressReporter, run } from '../../cli/audit-campaign';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.server';
import { runResultList } from '../../src/site-audit/read-models.server';
import { DbAuditStore } from '../../src/site-audit/store-db.server';
import { newDataDir } from '../helpers/db';
import { compliantSchool } from './fixtures/school';
import { seedCampaign } from './helpers/seed';
import { serve, type FixtureServer } from './helpers/server';

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await run(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

// The CLI opens the database the environment names, like in production: a PGlite folder or PostgreSQL.
const pgUrl = process.env.TEST_DATABASE_URL;
const dataDir = mkdtempSync(path.join(tmpdir(), 'noko-cli-audit-'));
let dbUrl: string | undefined;
const open = (): Promise<DatabaseHandle> =>
  dbUrl ? openDatabase({ engine: 'postgres', url: dbUrl }) : openDatabase({ engine: 'pglite', dataDir });

describe('noko audit-campaign', () => {
  const servers: FixtureServer[] = [];
  let campaignId: string;
  const saved = {
    DATA_DIR: process.env.DATA_DIR,
    DATABASE_URL: process.env.DATABASE_URL,
    LOG_LEVEL: process.env.LOG_LEVEL,
    SITE_AUDIT_ALLOW_NETWORKS: process.env.SITE_AUDIT_ALLOW_NETWORKS,
  };
  beforeAll(async () => {
    if (pgUrl) {
      const name = `noko_test_cli_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const u = new URL(pgUrl);
      u.pathname = `/${name}`;
      dbUrl = u.toString();
    } else await newDataDir(dataDir);
    for (let i = 0; i < 3; i++) servers.push(await serve(compliantSchool()));
    const h = await open();
    const { campaign } = await seedCampaign(h.db, [...servers.map((s) => s.url), null], 'CLI');
    campaignId = campaign.id;
    await h.close();
    process.env.DATA_DIR = dataDir;
    // The fixture sites live on loopback, which the campaign audit refuses unless the installation allows it.
    process.env.SITE_AUDIT_ALLOW_NETWORKS = '127.0.0.0/8';
    if (dbUrl) process.env.DATABASE_URL = dbUrl;
    else delete process.env.DATABASE_URL;
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (dbUrl && pgUrl) {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(dbUrl).pathname.slice(1)} with (force)`);
      await admin.end();
    }
  });

  it('audits every organisation of the campaign with progress on stderr (non-TTY: lines)', async () => {
    const { code, out, err } = await capture([
      campaignId,
      '--date',
      '2025-12-01',
      '--no-documents',
      '--concurrency',
      '2',
    ]);
    expect(err).toContain('Не указан адрес сайта в реестре (1)');
    expect(err).toMatch(/\[█+\] 4\/4, недоступно 1\n/);
    expect(code).toBe(0);
    expect(out).toMatch(/Проверено сайтов: 4 из 4/);
    const runId = /Номер проверки: ([0-9a-f-]{36})/.exec(out)?.[1];
    expect(runId).toBeTruthy();
    const h = await open();
    try {
      expect(await new DbAuditStore(h.db).getRun(runId!)).toMatchObject({ status: 'done', done: 4, failed: 1 });
      const list = await runResultList(h.db, runId!);
      expect(list.filter((r) => r.present !== null && r.present === r.required)).toHaveLength(3);
    } finally {
      await h.close();
    }
  });

  it('resumes an interrupted run and audits only what is left', async () => {
    const h = await open();
    let runId: string;
    try {
      const store = new DbAuditStore(h.db);
      const { startCampaignAudit } = await import('../../src/site-audit/campaign-audit.server');
      runId = (
        await startCampaignAudit(
          h.db,
          campaignId,
          { id: null, name: 't' },
          { runner: 'cli', settings: { date: '2025-12-01', checkDocuments: false } },
        )
      ).runId;
      const [first] = await store.pendingTargets(runId);
      await store.saveResult(runId, first!, {
        report: null,
        error: 'сохранено до сбоя',
        finishedAt: new Date().toISOString(),
        diff: null,
      });
      await store.setRunStatus(runId, 'running');
    } finally {
      await h.close();
    }
    const before = servers.map((s) => s.log.length);
    const { code, out } = await capture([campaignId, '--resume', runId, '--no-documents']);
    expect(code).toBe(0);
    expect(out).toContain('Проверено сайтов: 4 из 4, недоступно или без адреса: 2');
    expect(servers.filter((s, i) => s.log.length > (before[i] as number))).toHaveLength(2);
    expect((await capture([campaignId, '--resume', runId])).out).toContain('уже завершена');
  });

  it('exits non-zero for an unknown campaign or run', async () => {
    const unknown = await capture(['00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Кампания не найдена');
    expect((await capture(['nonsense'])).code).toBe(1);
    expect((await capture([campaignId, '--resume', '00000000-0000-4000-8000-000000000000'])).code).toBe(1);
    expect((await capture([])).code).toBe(2);
  });

  it.skipIf(!!pgUrl)('explains in Russian that the embedded database is held by the running server', async () => {
    const held = await open();
    try {
      const { code, err } = await capture([campaignId]);
      expect(code).toBe(1);
      expect(err).toContain('Встроенную базу сейчас держит запущенный сервер НОКО');
    } finally {
      await held.close();
    }
  });
});

describe('progress reporter', () => {
  const p = (done: number) => ({ runId: 'r', total: 40, done, failed: 0, current: [] });
  it('prints a line per 5 % when stderr is not a terminal', () => {
    const lines: string[] = [];
    const r = progressReporter({ isTTY: false, write: (s: string) => lines.push(s) });
    for (let d = 0; d <= 40; d++) r.update(p(d));
    expect(lines).toHaveLength(21);
    expect(lines.every((l) => l.endsWith('\n'))).toBe(true);
  });
  it('redraws one line on a terminal', () => {
    const chunks: string[] = [];
    const r = progressReporter({ isTTY: true, columns: 80, write: (s: string) => chunks.push(s) });
    r.update(p(1));
    r.update(p(2));
    r.end(p(40));
    expect(chunks.slice(0, 2).every((c) => c.startsWith('\r') && !c.includes('\n'))).toBe(true);
    expect(chunks.at(-1)).toMatch(/^\r.*40\/40.*\n$/);
  });
});
