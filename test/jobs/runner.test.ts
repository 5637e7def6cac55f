import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../src/db/schema/jobs';
import { enqueueDocument, registerDocumentJobs } from '../../src/documents/jobs.server';
import { claimJob, getJob, JobRunner, readResult } from '../../src/jobs/runner.server';
import { approveVersion, computeDraft, publishVersion } from '../../src/results/versions.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedResultsCampaign, type ResultsFixture } from '../results/fixtures';

describe(`background jobs with leases (${testEngine})`, () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'noko-jobs-'));
  beforeAll(async () => {
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 6, municipalities: 2, fewResponses: [1] });
    const v = await computeDraft(t.db, f.campaignId, f.users.operator);
    await approveVersion(t.db, v.id, { number: '1', date: '2025-10-01', confirmGaps: true }, f.users.chair);
    await publishVersion(t.db, v.id, f.users.authority, new Date(), { confirmGaps: true });
    registerDocumentJobs(t.db, { inWorker: true });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('two runners never both run one job; the file is stored and reused until the data changes', async () => {
    const { job, reused } = await enqueueDocument(t.db, dataDir, {
      kind: 'analytical',
      format: 'pdf',
      params: { campaignId: f.campaignId },
    });
    expect(reused).toBe(false);
    const a = new JobRunner({ db: t.db, dataDir });
    const b = new JobRunner({ db: t.db, dataDir });
    const ran = await Promise.all([a.execute(job.id), b.execute(job.id)]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    const done = (await getJob(t.db, job.id))!;
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(1);
    expect(done.progress).toBe(1);
    const bytes = readResult(dataDir, done)!;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(done.resultFile).toMatch(/^[0-9a-f]{64}\.pdf$/);

    const again = await enqueueDocument(t.db, dataDir, {
      kind: 'analytical',
      format: 'pdf',
      params: { campaignId: f.campaignId },
    });
    expect(again.reused).toBe(true);
    expect(again.job.id).toBe(job.id);

    // A correction is a new version with a new hash: the old file is not reused for it.
    const v2 = await computeDraft(t.db, f.campaignId, f.users.operator, { reason: 'исправление' });
    await approveVersion(t.db, v2.id, { number: '2', date: '2025-10-02', confirmGaps: true }, f.users.chair);
    await publishVersion(t.db, v2.id, f.users.authority, new Date(), { confirmGaps: true });
    const fresh = await enqueueDocument(t.db, dataDir, {
      kind: 'analytical',
      format: 'pdf',
      params: { campaignId: f.campaignId },
    });
    expect(fresh.reused).toBe(false);
    expect(fresh.job.dataKey).not.toBe(job.dataKey);
    await t.db.delete(jobs).where(eq(jobs.id, fresh.job.id));
  });

  it('a job whose runner stopped is resumed by another after the lease ran out', async () => {
    const { job } = await enqueueDocument(t.db, dataDir, {
      kind: 'analytical',
      format: 'docx',
      params: { campaignId: f.campaignId },
    });
    // A runner took the job and its process died: the row stays running with a lease that expires.
    expect(await claimJob(t.db, job.id, 'dead-host:1:x', 50)).not.toBeNull();
    const b = new JobRunner({ db: t.db, dataDir });
    expect(await b.execute(job.id)).toBe(false); // the lease is still live
    await new Promise((r) => setTimeout(r, 120));
    expect(await b.drain()).toBe(1);
    const done = (await getJob(t.db, job.id))!;
    expect(done.status).toBe('done');
    expect(done.attempts).toBe(2);
    expect(readResult(dataDir, done)!.subarray(0, 2).toString()).toBe('PK');
  });

  it('a request the kind cannot serve fails before it is queued, with a Russian message', async () => {
    await expect(
      enqueueDocument(t.db, dataDir, { kind: 'analytical', format: 'xlsx', params: { campaignId: f.campaignId } }),
    ).rejects.toThrow(/DOCX, PDF/);
    await expect(
      enqueueDocument(t.db, dataDir, { kind: 'nope', format: 'pdf', params: { campaignId: f.campaignId } }),
    ).rejects.toThrow(/Неизвестный вид/);
    await expect(
      enqueueDocument(t.db, dataDir, {
        kind: 'analytical',
        format: 'pdf',
        params: { campaignId: f.campaignId, options: { version: '9' } },
      }),
    ).rejects.toThrow(/№ 9/);
  });
});
