// The documents pages through the real HTTP app: the results page's form queues the job, the job's page
// refreshes itself (HTTP Refresh header, no JavaScript) until the runner is done, then offers the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { createSession } from '../../src/auth/sessions.server';
import { jobs } from '../../src/db/schema/jobs';
import { registerDocumentJobs } from '../../src/documents/jobs.server';
import { JobRunner, readResult } from '../../src/jobs/runner.server';
import { sweepJobFiles } from '../../src/jobs/sweep.server';
import { approveVersion, computeDraft, publishVersion } from '../../src/results/versions.server';
import { browser } from '../auth/http-helpers';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedResultsCampaign, type ResultsFixture } from '../results/fixtures';

describe(`documents pages (${testEngine})`, () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  let app: ReturnType<typeof createHttpApp>;
  let client: ReturnType<typeof browser>;
  let operator = '';
  let dataDir = '';
  const jobCount = async () => (await t.db.select({ n: count() }).from(jobs))[0]!.n;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'noko-docs-http-'));
    const built = await loadBuild();
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 5, municipalities: 1 });
    const v = await computeDraft(t.db, f.campaignId, f.users.operator);
    await approveVersion(t.db, v.id, { number: '3', date: '2025-10-01', confirmGaps: true }, f.users.chair);
    await publishVersion(t.db, v.id, f.users.authority, new Date(), { confirmGaps: true });
    operator = `noko_session=${(await createSession(t.db, f.users.operator.id)).token}`;
    const config = testConfig({ dataDir });
    app = createHttpApp({ db: t.db, config, logger: silentLogger, ...built });
    client = browser(app, config);
    registerDocumentJobs(t.db, { inWorker: false });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the results page offers the analytical report; the form queues one job and leads to its page', async () => {
    const page = await (await client.get(`/results/${f.campaignId}`, operator)).text();
    expect(page).toContain(`action="/documents/campaigns/${f.campaignId}"`);
    expect(page).toContain('Аналитический отчёт оператора');

    const bad = await client.post(
      `/documents/campaigns/${f.campaignId}`,
      { kind: 'analytical', format: 'xlsx' },
      operator,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('выпускается в форматах: DOCX, PDF');
    expect(await jobCount()).toBe(0);

    const res = await client.post(
      `/documents/campaigns/${f.campaignId}`,
      { kind: 'analytical', format: 'docx' },
      operator,
    );
    expect(res.status).toBe(303);
    const jobPath = res.headers.get('location')!;
    expect(jobPath).toMatch(/^\/documents\/jobs\/[0-9a-f-]{36}$/);
    // The same request again joins the queued job.
    const again = await client.post(
      `/documents/campaigns/${f.campaignId}`,
      { kind: 'analytical', format: 'docx' },
      operator,
    );
    expect(again.headers.get('location')).toBe(jobPath);
    expect(await jobCount()).toBe(1);

    const queuedRes = await client.get(jobPath, operator);
    expect(queuedRes.headers.get('refresh')).toBe('2');
    const queued = await queuedRes.text();
    expect(queued).toMatch(/<progress[^>]*value="0"/);
    expect(queued).toContain('В очереди');
    expect((await client.get(`${jobPath}/file`, operator)).status).toBe(404);

    expect(await new JobRunner({ db: t.db, dataDir }).drain()).toBe(1);
    const doneRes = await client.get(jobPath, operator);
    expect(doneRes.headers.get('refresh')).toBeNull();
    const done = await doneRes.text();
    expect(done).toContain(`href="${jobPath}/file"`);
    const file = await client.get(`${jobPath}/file`, operator);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('wordprocessingml');
    expect(file.headers.get('content-disposition')).toContain('analiticheskiy-otchet.docx');
    const zip = await JSZip.loadAsync(await file.arrayBuffer());
    expect(await zip.file('word/document.xml')!.async('string')).toContain('АНАЛИТИЧЕСКИЙ ОТЧЁТ');
  }, 120_000);

  it('the operator is not offered the bus.gov.ru package (the publisher’s) and cannot queue it', async () => {
    const page = await (await client.get(`/documents/campaigns/${f.campaignId}`, operator)).text();
    expect(page).toContain('Аналитический отчёт оператора');
    expect(page).not.toContain('Пакет для bus.gov.ru');
    const before = await jobCount();
    const res = await client.post(`/documents/campaigns/${f.campaignId}`, { kind: 'busgov', format: 'zip' }, operator);
    expect(res.status).toBe(403);
    expect(await jobCount()).toBe(before);
  });

  it('a superseded file swept after the retention: the job page says so and offers no link', async () => {
    const [done] = await t.db.select().from(jobs).where(eq(jobs.status, 'done'));
    expect(readResult(dataDir, done!)).not.toBeNull();
    // A newer job of the same request, on other data, finished eight days ago.
    await t.db.insert(jobs).values({
      kind: done!.kind,
      params: done!.params as object,
      paramsKey: done!.paramsKey,
      dataKey: 'results:newer',
      status: 'done',
      createdAt: sql`now() - interval '8 days'`,
      finishedAt: sql`now() - interval '8 days'`,
    });
    await t.db
      .update(jobs)
      .set({ createdAt: sql`now() - interval '9 days'` })
      .where(eq(jobs.id, done!.id));
    const swept = await sweepJobFiles(t.db, dataDir, { retentionMs: 7 * 86_400_000, graceMs: 0 });
    expect(swept.cleared).toBe(1);
    const page = await client.get(`/documents/jobs/${done!.id}`, operator);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Файл этого задания удалён');
    expect(html).not.toContain(`href="/documents/jobs/${done!.id}/file"`);
    expect((await client.get(`/documents/jobs/${done!.id}/file`, operator)).status).toBe(404);
  });

  it('a job is not shown to someone outside the campaign, and anonymous visitors go to the login page', async () => {
    const [j] = await t.db.select({ id: jobs.id }).from(jobs);
    const anon = await client.get(`/documents/jobs/${j!.id}`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
  });
});
