import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteAuditRuns } from '../../src/db/schema/site-audit';
import { runBulkAudit } from '../../src/site-audit/job';
import { SiteAuditJobs } from '../../src/site-audit/jobs';
import { DbAuditStore, startCampaignAudit } from '../../src/site-audit/store-db';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { compliantSchool } from './fixtures/school';
import { seedCampaign } from './helpers/seed';
import { serve, type FixtureServer } from './helpers/server';

const actor = { id: null, name: 'Оператор' };
const bulk = { concurrency: 2, fetcher: { politenessDelayMs: 0 } };
const settings = { date: '2025-12-01', checkDocuments: false };

describe('background site-audit jobs', () => {
  let t: TestDatabase;
  const servers: FixtureServer[] = [];
  beforeAll(async () => {
    t = await createTestDb();
    for (let i = 0; i < 4; i++) servers.push(await serve(compliantSchool()));
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await t.close();
  });
  const fetchedSince = (before: number[]) => servers.map((s, i) => s.log.length > (before[i] as number));

  it('resumes a run a crashed process left running and audits only the rest', async () => {
    const { campaign } = await seedCampaign(t.db, [...servers.map((s) => s.url), null], 'Сбой');
    const { runId } = await startCampaignAudit(t.db, campaign.id, actor, { settings });
    const store = new DbAuditStore(t.db);
    // The "crashed" process: audits two sites, then dies with the run still marked running.
    const stop = new AbortController();
    await runBulkAudit(store, runId, { ...bulk, concurrency: 1, signal: stop.signal, onProgress: (p) => p.done >= 3 && stop.abort() });
    await t.db.update(siteAuditRuns).set({ status: 'running' }).where(eq(siteAuditRuns.id, runId));
    const auditedBefore = new Set((await store.results(runId)).filter((r) => r.report).map((r) => r.url));
    expect(auditedBefore.size).toBe(2);
    expect(await store.getRun(runId)).toMatchObject({ status: 'running', done: 3, total: 5 });

    const before = servers.map((s) => s.log.length);
    const jobs = new SiteAuditJobs({ db: t.db, pollMs: 50, bulk });
    jobs.start();
    await jobs.whenIdle();
    await jobs.stop();

    expect(await store.getRun(runId)).toMatchObject({ status: 'done', done: 5, failed: 1, total: 5 });
    const refetched = fetchedSince(before);
    servers.forEach((s, i) => expect(refetched[i]).toBe(!auditedBefore.has(s.url)));
    expect((await store.results(runId)).filter((r) => r.report)).toHaveLength(4);
  });

  it('executes queued runs one at a time, in order', async () => {
    const a = await seedCampaign(t.db, [servers[0]!.url, servers[1]!.url], 'Очередь А');
    const b = await seedCampaign(t.db, [servers[2]!.url], 'Очередь Б');
    const first = await startCampaignAudit(t.db, a.campaign.id, actor, { settings });
    const second = await startCampaignAudit(t.db, b.campaign.id, actor, { settings });
    const seen: string[] = [];
    const jobs = new SiteAuditJobs({ db: t.db, pollMs: 50, bulk, onProgress: (p) => seen.push(p.runId) });
    jobs.start();
    await jobs.whenIdle();
    await jobs.stop();
    const runs = await t.db.select().from(siteAuditRuns).where(eq(siteAuditRuns.status, 'done'));
    const r1 = runs.find((r) => r.id === first.runId)!;
    const r2 = runs.find((r) => r.id === second.runId)!;
    expect(r1.finishedAt!.getTime()).toBeLessThanOrEqual(r2.startedAt!.getTime());
    // Progress of the two runs never interleaves.
    expect(seen.indexOf(second.runId)).toBeGreaterThan(seen.lastIndexOf(first.runId));
  });

  it('leaves a run resumable when stopped for shutdown, and the next runner finishes it', async () => {
    const slow: FixtureServer[] = [];
    for (let i = 0; i < 3; i++) slow.push(await serve(compliantSchool(), { latencyMs: 30 }));
    try {
      const { campaign } = await seedCampaign(t.db, slow.map((s) => s.url), 'Остановка');
      const { runId } = await startCampaignAudit(t.db, campaign.id, actor, { settings });
      let stopping: Promise<void> | null = null;
      const jobs = new SiteAuditJobs({
        db: t.db,
        pollMs: 50,
        bulk: { ...bulk, concurrency: 1 },
        onProgress: (p) => {
          if (p.done >= 1 && !stopping) stopping = jobs.stop(30_000);
        },
      });
      jobs.start();
      while (!stopping) await new Promise((r) => setTimeout(r, 20));
      await stopping;
      const store = new DbAuditStore(t.db);
      const after = await store.getRun(runId);
      expect(after?.status).toBe('running');
      expect(after?.done).toBeLessThan(3);
      expect((await store.pendingTargets(runId)).length).toBe(3 - (after?.done ?? 0));

      const next = new SiteAuditJobs({ db: t.db, pollMs: 50, bulk });
      next.start();
      await next.whenIdle();
      await next.stop();
      expect(await store.getRun(runId)).toMatchObject({ status: 'done', done: 3, failed: 0 });
    } finally {
      for (const s of slow) await s.close();
    }
  });

  it('does not take runs the command line is executing', async () => {
    const { campaign } = await seedCampaign(t.db, [servers[3]!.url], 'CLI');
    const { runId } = await startCampaignAudit(t.db, campaign.id, actor, { settings, runner: 'cli' });
    await new DbAuditStore(t.db).setRunStatus(runId, 'running');
    const before = servers[3]!.log.length;
    const jobs = new SiteAuditJobs({ db: t.db, pollMs: 50, bulk });
    jobs.start();
    await jobs.whenIdle();
    await jobs.stop();
    expect(servers[3]!.log.length).toBe(before);
    expect((await new DbAuditStore(t.db).getRun(runId))?.done).toBe(0);
  });
});
