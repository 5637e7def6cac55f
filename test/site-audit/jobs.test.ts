import { tmpdir } from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs as jobsTable, type Job } from '../../src/db/schema/jobs';
import { siteAuditRuns } from '../../src/db/schema/site-audit';
import { claimJob, JobRunner, type JobRunnerOptions } from '../../src/jobs/runner.server';
import { runBulkAudit, type BulkProgress } from '../../src/site-audit/job.server';
import { registerSiteAuditJobs } from '../../src/site-audit/jobs.server';
import { startCampaignAudit } from '../../src/site-audit/campaign-audit.server';
import { DbAuditStore } from '../../src/site-audit/store-db.server';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { compliantSchool } from './fixtures/school';
import { seedCampaign } from './helpers/seed';
import { serve, type FixtureServer } from './helpers/server';

const actor = { id: null, name: 'Оператор' };
const bulk = { concurrency: 2, fetcher: { politenessDelayMs: 0 } };
const settings = { date: '2025-12-01', checkDocuments: false };

/**
 * The site audit's handler as the server registers it (fixture sites on 127.0.0.1), with this test's
 * progress hook, and a runner of the generic job runner on the test database.
 */
function runnerFor(
  db: TestDatabase['db'],
  opts: { bulk?: typeof bulk; onRun?: (p: BulkProgress) => void } & Partial<JobRunnerOptions> = {},
): JobRunner {
  const { bulk: b = bulk, onRun, ...runner } = opts;
  registerSiteAuditJobs({ allowNetworks: ['127.0.0.0/8'], bulk: b, ...(onRun ? { onProgress: onRun } : {}) });
  return new JobRunner({ db, dataDir: tmpdir(), pollMs: 50, ...runner });
}

describe('background site-audit jobs', () => {
  let t: TestDatabase;
  /** The job executing a run (queued with it by startCampaignAudit). */
  const jobOf = async (runId: string): Promise<Job | undefined> =>
    (
      await t.db
        .select()
        .from(jobsTable)
        .where(sql`${jobsTable.params}->>'runId' = ${runId}`)
    )[0];
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
    await runBulkAudit(store, runId, {
      ...bulk,
      concurrency: 1,
      signal: stop.signal,
      onProgress: (p) => p.done >= 3 && stop.abort(),
    });
    await t.db.update(siteAuditRuns).set({ status: 'running' }).where(eq(siteAuditRuns.id, runId));
    // Its job stays claimed by the dead process, with a lease that runs out.
    expect(await claimJob(t.db, (await jobOf(runId))!.id, 'dead-host:1:x', 1)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    const auditedBefore = new Set((await store.results(runId)).filter((r) => r.report).map((r) => r.url));
    expect(auditedBefore.size).toBe(2);
    expect(await store.getRun(runId)).toMatchObject({ status: 'running', done: 3, total: 5 });

    const before = servers.map((s) => s.log.length);
    const jobs = runnerFor(t.db);
    jobs.start();
    await jobs.whenIdle();
    await jobs.stop();

    expect(await store.getRun(runId)).toMatchObject({ status: 'done', done: 5, failed: 1, total: 5 });
    // The job is done and has no file: its result is the run's rows.
    expect(await jobOf(runId)).toMatchObject({ status: 'done', attempts: 2, resultFile: null, leaseOwner: null });
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
    const jobs = runnerFor(t.db, { onRun: (p) => seen.push(p.runId) });
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
      const { campaign } = await seedCampaign(
        t.db,
        slow.map((s) => s.url),
        'Остановка',
      );
      const { runId } = await startCampaignAudit(t.db, campaign.id, actor, { settings });
      let stopping: Promise<void> | null = null;
      const jobs: JobRunner = runnerFor(t.db, {
        bulk: { ...bulk, concurrency: 1 },
        onRun: (p) => {
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
      // Handed back at shutdown: the next process need not wait for the lease to run out.
      expect(await jobOf(runId)).toMatchObject({ status: 'running', leaseOwner: null, leaseUntil: null });

      const next = runnerFor(t.db);
      next.start();
      await next.whenIdle();
      await next.stop();
      expect(await store.getRun(runId)).toMatchObject({ status: 'done', done: 3, failed: 0 });
    } finally {
      for (const s of slow) await s.close();
    }
  });

  it('two runners on one database (two app instances) execute each run once', async () => {
    const a = await seedCampaign(t.db, [servers[0]!.url, servers[1]!.url], 'Два экземпляра А');
    const b = await seedCampaign(t.db, [servers[2]!.url, servers[3]!.url], 'Два экземпляра Б');
    const runs = [
      (await startCampaignAudit(t.db, a.campaign.id, actor, { settings })).runId,
      (await startCampaignAudit(t.db, b.campaign.id, actor, { settings })).runId,
    ];
    const homeHits = () => servers.map((s) => s.log.filter((l) => l.path === '/').length);
    const before = homeHits();
    const executedBy = new Map<string, Set<string>>();
    const runners: JobRunner[] = [];
    for (let i = 0; i < 2; i++) {
      const jobs: JobRunner = runnerFor(t.db, {
        pollMs: 20,
        onProgress: (jobId) => {
          if (!executedBy.has(jobId)) executedBy.set(jobId, new Set());
          executedBy.get(jobId)!.add(jobs.owner);
        },
      });
      runners.push(jobs);
    }
    for (const r of runners) r.start();
    await Promise.all(runners.map((r) => r.whenIdle()));
    await Promise.all(runners.map((r) => r.stop()));
    const store = new DbAuditStore(t.db);
    for (const runId of runs) {
      expect(await store.getRun(runId)).toMatchObject({ status: 'done', done: 2 });
      expect(executedBy.get((await jobOf(runId))!.id)?.size).toBe(1);
    }
    // Each site's home page was fetched once: nobody audited a site twice.
    expect(homeHits().map((n, i) => n - before[i]!)).toEqual([1, 1, 1, 1]);
    const [lease] = await t.db
      .select({ owner: jobsTable.leaseOwner })
      .from(jobsTable)
      .where(eq(jobsTable.id, (await jobOf(runs[0]!))!.id));
    expect(lease?.owner).toBeNull(); // released when finished
  });

  it('leaves a run whose lease another runner holds, and takes it over once the lease has run out', async () => {
    const { campaign } = await seedCampaign(t.db, [servers[0]!.url], 'Аренда');
    const { runId } = await startCampaignAudit(t.db, campaign.id, actor, { settings });
    const job = (await jobOf(runId))!;
    await t.db.update(siteAuditRuns).set({ status: 'running' }).where(eq(siteAuditRuns.id, runId));
    await t.db
      .update(jobsTable)
      .set({ status: 'running', leaseOwner: 'other-host:1:abcd', leaseUntil: sql`now() + interval '1 hour'` })
      .where(eq(jobsTable.id, job.id));
    const before = servers[0]!.log.length;
    const jobs = runnerFor(t.db, { pollMs: 20 });
    jobs.start();
    await jobs.whenIdle();
    expect(servers[0]!.log.length).toBe(before);
    expect((await new DbAuditStore(t.db).getRun(runId))?.done).toBe(0);

    // The other instance died: its lease expires and this runner finishes the run.
    await t.db
      .update(jobsTable)
      .set({ leaseUntil: sql`now() - interval '1 second'` })
      .where(eq(jobsTable.id, job.id));
    await jobs.whenIdle();
    await jobs.stop();
    expect(await new DbAuditStore(t.db).getRun(runId)).toMatchObject({ status: 'done', done: 1 });
  });

  it('stops working on a run as soon as it learns that its lease was taken over', async () => {
    const slow: FixtureServer[] = [];
    for (let i = 0; i < 4; i++) slow.push(await serve(compliantSchool(), { latencyMs: 40 }));
    try {
      const { campaign } = await seedCampaign(
        t.db,
        slow.map((s) => s.url),
        'Перехват',
      );
      const { runId } = await startCampaignAudit(t.db, campaign.id, actor, { settings });
      const job = (await jobOf(runId))!;
      let takenOver = false;
      const jobs = runnerFor(t.db, {
        pollMs: 20,
        leaseMs: 150,
        bulk: { ...bulk, concurrency: 1 },
        onRun: (p) => {
          if (p.done >= 1 && !takenOver) {
            takenOver = true;
            // Another instance took the run (as it would after this one stalled beyond its lease).
            void t.db
              .update(jobsTable)
              .set({ leaseOwner: 'other-host:2:beef', leaseUntil: sql`now() + interval '1 hour'` })
              .where(eq(jobsTable.id, job.id))
              .execute();
          }
        },
      });
      jobs.start();
      while (!takenOver) await new Promise((r) => setTimeout(r, 10));
      await jobs.whenIdle();
      await jobs.stop();
      const run = await new DbAuditStore(t.db).getRun(runId);
      expect(run?.status).toBe('running'); // left to its new holder, not finished or cancelled here
      expect(run?.done).toBeLessThan(4);
      const [row] = await t.db.select({ owner: jobsTable.leaseOwner }).from(jobsTable).where(eq(jobsTable.id, job.id));
      expect(row?.owner).toBe('other-host:2:beef');
    } finally {
      for (const s of slow) await s.close();
    }
  });

  it('does not take runs the command line is executing', async () => {
    const { campaign } = await seedCampaign(t.db, [servers[3]!.url], 'CLI');
    const { runId } = await startCampaignAudit(t.db, campaign.id, actor, { settings, runner: 'cli' });
    await new DbAuditStore(t.db).setRunStatus(runId, 'running');
    expect(await jobOf(runId)).toBeUndefined(); // the command executes it itself: nothing is queued
    const before = servers[3]!.log.length;
    const jobs = runnerFor(t.db);
    jobs.start();
    await jobs.whenIdle();
    await jobs.stop();
    expect(servers[3]!.log.length).toBe(before);
    expect((await new DbAuditStore(t.db).getRun(runId))?.done).toBe(0);
  });
});
