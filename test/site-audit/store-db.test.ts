import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/audit';
import { siteAuditResults } from '../../src/db/schema/site-audit';
import { MemoryAuditStore } from '../../src/site-audit/store';
import {
  activeRunOf,
  CampaignAuditError,
  NO_WEBSITE,
  startCampaignAudit,
} from '../../src/site-audit/campaign-audit.server';
import { getResult, latestAuditFor, latestAuditSource, runResultList } from '../../src/site-audit/read-models.server';
import { DbAuditStore } from '../../src/site-audit/store-db.server';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { seedCampaign } from './helpers/seed';
import { auditStoreContract } from './helpers/store-contract';
import { eq } from 'drizzle-orm';

auditStoreContract('MemoryAuditStore', async () => ({
  store: new MemoryAuditStore(),
  orgIds: ['org-a', 'org-b', 'org-c', 'org-d'],
  campaignId: 'c1',
}));

auditStoreContract(`DbAuditStore (${process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, async () => {
  const handle = await createTestDb();
  const { campaign, orgs } = await seedCampaign(
    handle.db,
    ['a', 'b', 'c', 'd'].map((x) => `http://${x}.invalid/`),
  );
  return {
    store: new DbAuditStore(handle.db),
    orgIds: orgs.map((o) => o.id),
    campaignId: campaign.id,
    close: () => handle.close(),
  };
});

describe('campaign audits in the database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.close());
  const actor = { id: null, name: 'Оператор Тестов' };

  it('starts a run over the campaign list and reports organisations without a website', async () => {
    const { campaign, orgs } = await seedCampaign(
      t.db,
      ['http://one.invalid/', null, '  ', 'http://four.invalid/'],
      'Кампания А',
    );
    const started = await startCampaignAudit(t.db, campaign.id, actor, {
      settings: { date: '2025-12-01', checkDocuments: false },
    });
    expect(started.total).toBe(4);
    expect(started.withoutWebsite.map((o) => o.organisationId).sort()).toEqual([orgs[1]!.id, orgs[2]!.id].sort());
    const store = new DbAuditStore(t.db);
    expect(await store.getRun(started.runId)).toMatchObject({
      status: 'pending',
      total: 4,
      done: 2,
      failed: 2,
      settings: { date: '2025-12-01', insecure: false, checkDocuments: false },
    });
    const pending = await store.pendingTargets(started.runId);
    expect(pending.map((p) => p.url).sort()).toEqual(['http://four.invalid/', 'http://one.invalid/']);
    const list = await runResultList(t.db, started.runId);
    expect(list).toHaveLength(4);
    expect(list.filter((l) => l.error === NO_WEBSITE)).toHaveLength(2);
    expect((await activeRunOf(t.db, campaign.id))?.id).toBe(started.runId);
    // One run at a time per campaign.
    await expect(startCampaignAudit(t.db, campaign.id, actor)).rejects.toBeInstanceOf(CampaignAuditError);
    const logged = await t.db.select().from(auditLog).where(eq(auditLog.entityId, started.runId));
    expect(logged.map((l) => [l.action, l.territoryId])).toEqual([['site_audit.start', campaign.territoryId]]);
  });

  it('refuses unknown and empty campaigns', async () => {
    await expect(startCampaignAudit(t.db, '00000000-0000-4000-8000-000000000000', actor)).rejects.toThrow(
      'Кампания не найдена',
    );
    await expect(startCampaignAudit(t.db, 'not-a-uuid', actor)).rejects.toThrow('Кампания не найдена');
    const { campaign } = await seedCampaign(t.db, [], 'Пустая');
    await expect(startCampaignAudit(t.db, campaign.id, actor)).rejects.toThrow('нет ни одной организации');
  });

  it('finishes at once when no organisation has a website', async () => {
    const { campaign } = await seedCampaign(t.db, [null], 'Без сайтов');
    const started = await startCampaignAudit(t.db, campaign.id, actor);
    expect(await new DbAuditStore(t.db).getRun(started.runId)).toMatchObject({ status: 'done', done: 1, failed: 1 });
  });

  it('returns the latest successful report of an organisation for the checklists', async () => {
    const { campaign, orgs } = await seedCampaign(t.db, ['http://x.invalid/'], 'Кампания Б');
    const org = orgs[0]!;
    expect(await latestAuditFor(t.db, org.id)).toBeNull();
    expect(await latestAuditSource(t.db).history(org.id)).toEqual([]);
    const store = new DbAuditStore(t.db);
    const target = { organisationId: org.id, url: 'http://x.invalid/', orgType: 'school' as const };
    const report = (present: number) => ({ url: target.url, summary: { present, required: 9 } }) as never;
    const r1 = await store.createRun({
      campaignId: campaign.id,
      targets: [target],
      settings: { date: '2025-12-01', insecure: false, checkDocuments: false },
    });
    await store.saveResult(r1, target, {
      report: report(4),
      error: null,
      finishedAt: '2025-12-01T00:00:00.000Z',
      diff: null,
    });
    const r2 = await store.createRun({
      campaignId: campaign.id,
      targets: [target],
      settings: { date: '2025-12-02', insecure: false, checkDocuments: false },
    });
    await store.saveResult(r2, target, {
      report: null,
      error: 'недоступен',
      finishedAt: '2025-12-02T00:00:00.000Z',
      diff: null,
    });
    const latest = await latestAuditFor(t.db, org.id);
    expect(latest).toMatchObject({
      runId: r1,
      finishedAt: '2025-12-01T00:00:00.000Z',
      report: { summary: { present: 4 } },
    });
    const detail = await getResult(t.db, latest!.resultId);
    expect(detail).toMatchObject({
      organisationId: org.id,
      shortName: org.shortName,
      run: { id: r1 },
      report: { summary: { present: 4 } },
    });
    const [row] = await t.db.select().from(siteAuditResults).where(eq(siteAuditResults.id, latest!.resultId));
    expect(row).toMatchObject({ present: 4, required: 9 });
    expect(await latestAuditSource(t.db).history(org.id)).toHaveLength(1);
  });
});
