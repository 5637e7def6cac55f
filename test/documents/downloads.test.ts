// docs2's downloads through the real HTTP app: links on the pages where the data lives, files with their
// types, the permission of each kind, and refusals as Russian 4xx messages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { createSession } from '../../src/auth/sessions.server';
import { seedDemo } from '../../src/campaigns/demo.server';
import { improvementPlans } from '../../src/db/schema/plans';
import { users } from '../../src/db/schema/auth';
import { browser } from '../auth/http-helpers';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { registerDocumentJobs } from '../../src/documents/jobs.server';
import { JobRunner } from '../../src/jobs/runner.server';

describe(`document downloads through the real HTTP app (${testEngine})`, () => {
  let t: TestDatabase;
  let dataDir: string;
  let app: ReturnType<typeof createHttpApp>;
  let client: ReturnType<typeof browser>;
  let campaignId: string;
  let currentId: string;
  let ownPlan: string;
  let otherPlan: string;
  const cookies = {} as Record<'authority' | 'council' | 'org', string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'noko-docs2-http-'));
    const built = await loadBuild();
    t = await createTestDb();
    const demo = await seedDemo(t.db, dataDir);
    campaignId = demo.pastCampaignId;
    currentId = demo.currentCampaignId;
    const plans = await t.db
      .select()
      .from(improvementPlans)
      .where(
        and(
          eq(improvementPlans.campaignId, campaignId),
          inArray(improvementPlans.status, ['approved', 'published']),
          ne(improvementPlans.status, 'superseded'),
        ),
      );
    ownPlan = plans[0]!.id;
    otherPlan = plans[1]!.id;
    const mk = async (role: 'authority' | 'council' | 'organisation', extra: Record<string, unknown>) => {
      const [u] = await t.db
        .insert(users)
        .values({
          email: `${role}-${Math.random().toString(36).slice(2, 8)}@docs.test`,
          name: `Тест ${role}`,
          role,
          ...extra,
        })
        .returning();
      return `noko_session=${(await createSession(t.db, u!.id)).token}`;
    };
    cookies.authority = await mk('authority', { territoryId: demo.municipalityId });
    cookies.council = await mk('council', { territoryId: demo.municipalityId, councilPosition: 'member' });
    cookies.org = await mk('organisation', { organisationId: plans[0]!.organisationId });
    const config = testConfig({ dataDir });
    app = createHttpApp({ db: t.db, config, logger: silentLogger, ...built });
    registerDocumentJobs(t.db, { inWorker: false });
    client = browser(app, config);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the campaign page links the deadlines sheet and the bus.gov.ru package; both download with their types', async () => {
    const page = await (await client.get(`/campaigns/${campaignId}`, cookies.authority)).text();
    expect(page).toContain(`/downloads/${campaignId}/deadlines/xlsx`);
    expect(page).toContain(`/downloads/${campaignId}/busgov/zip`);
    const councilPage = await (await client.get(`/campaigns/${campaignId}`, cookies.council)).text();
    expect(councilPage).not.toContain(`/downloads/${campaignId}/busgov/zip`);
    const xlsx = await client.get(`/downloads/${campaignId}/deadlines/xlsx`, cookies.authority);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toMatch(/attachment; filename="sroki-kampanii-\d{4}\.xlsx"/);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    // The package is a job (decision 0067): the page's button posts to the same address, which queues it
    // and leads to the job's page; the link itself builds nothing inside the request.
    expect(page).toMatch(new RegExp(`<form(?=[^>]*method="post")[^>]*action="/downloads/${campaignId}/busgov/zip"`));
    const direct = await client.get(`/downloads/${campaignId}/busgov/zip`, cookies.authority);
    expect(direct.status).toBe(303);
    expect(direct.headers.get('location')).toBe(`/documents/campaigns/${campaignId}`);
    const queued = await client.post(`/downloads/${campaignId}/busgov/zip`, {}, cookies.authority);
    expect(queued.status).toBe(303);
    const jobPath = queued.headers.get('location')!;
    expect(jobPath).toMatch(/^\/documents\/jobs\/[0-9a-f-]{36}$/);
    const pending = await client.get(jobPath, cookies.authority);
    expect(pending.headers.get('refresh')).toBe('2');
    expect(await pending.text()).toContain('Пакет для bus.gov.ru');
    expect(await new JobRunner({ db: t.db, dataDir }).drain()).toBe(1);
    expect(await (await client.get(jobPath, cookies.authority)).text()).toContain(`href="${jobPath}/file"`);
    const zip = await client.get(`${jobPath}/file`, cookies.authority);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toContain('paket-bus-gov-ru.zip');
    expect(
      Buffer.from(await zip.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    // Asked again on the same data: the same job and its stored file, nothing built anew.
    const again = await client.post(`/downloads/${campaignId}/busgov/zip`, {}, cookies.authority);
    expect(again.headers.get('location')).toBe(jobPath);
    // The council reads results but does not post to bus.gov.ru: not the link, not the queue, not the job.
    expect((await client.get(`/downloads/${campaignId}/busgov/zip`, cookies.council)).status).toBe(403);
    expect((await client.post(`/downloads/${campaignId}/busgov/zip`, {}, cookies.council)).status).toBe(403);
    expect((await client.get(jobPath, cookies.council)).status).toBe(403);
    expect((await client.get(`${jobPath}/file`, cookies.council)).status).toBe(403);
    // A document downloaded by its link is not queued.
    expect((await client.post(`/downloads/${campaignId}/deadlines/xlsx`, {}, cookies.authority)).status).toBe(405);
  }, 120_000);

  it('a plan: its organisation downloads its own, not another organisation’s; the plan page links the form and the report', async () => {
    const page = await (await client.get(`/plans/${ownPlan}`, cookies.org)).text();
    expect(page).toContain(`/downloads/${campaignId}/plan/pdf?plan=${ownPlan}`);
    expect(page).toMatch(/name="asOf"/);
    const own = await client.get(`/downloads/${campaignId}/plan/pdf?plan=${ownPlan}`, cookies.org);
    expect(own.status).toBe(200);
    expect(
      Buffer.from(await own.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect((await client.get(`/downloads/${campaignId}/plan/pdf?plan=${otherPlan}`, cookies.org)).status).toBe(403);
    // The territory summary is not the organisation's to see.
    expect((await client.get(`/downloads/${campaignId}/plans/xlsx`, cookies.org)).status).toBe(403);
    expect((await client.get(`/downloads/${campaignId}/plans/xlsx`, cookies.authority)).status).toBe(200);
    const docx = await client.get(
      `/downloads/${campaignId}/plan/docx?plan=${ownPlan}&asOf=2024-06-30`,
      cookies.authority,
    );
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toContain('svedeniya-o-hode-realizacii-plana');
  }, 120_000);

  it('refusals are Russian 4xx: unknown kind or format, a bad date, a decision the council has not taken, no session', async () => {
    expect((await client.get(`/downloads/${campaignId}/nothing/pdf`, cookies.authority)).status).toBe(404);
    const fmt = await client.get(`/downloads/${campaignId}/deadlines/zip`, cookies.authority);
    expect(fmt.status).toBe(404);
    expect(await fmt.text()).toContain('выпускается в форматах: XLSX, PDF, DOCX');
    const bad = await client.get(
      `/downloads/${campaignId}/plan/pdf?plan=${ownPlan}&asOf=31.12.2024`,
      cookies.authority,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('по состоянию на');
    // The demo's finished campaign has the council's results decision; the current one not yet.
    const decision = await client.get(`/downloads/${campaignId}/decision/pdf`, cookies.council);
    expect(decision.status).toBe(200);
    expect(
      Buffer.from(await decision.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const none = await client.get(`/downloads/${currentId}/decision/pdf`, cookies.council);
    expect(none.status).toBe(409);
    expect(await none.text()).toContain('Совет ещё не принял решение о результатах');
    expect((await client.get(`/downloads/${campaignId}/deadlines/xlsx`)).status).toBe(302);
    expect(
      (await client.get(`/downloads/00000000-0000-4000-8000-000000000000/deadlines/xlsx`, cookies.authority)).status,
    ).toBe(403);
  }, 60_000);
});
