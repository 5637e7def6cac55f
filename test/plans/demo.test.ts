import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/campaigns/demo.server';
import { improvementPlans, planEvidence, planItems, planReports } from '../../src/db/schema/plans';
import { isOverdue } from '../../src/plans/model';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';

describe(`demo: plans in every state (${testEngine})`, () => {
  let t: TestDatabase;
  let dataDir: string;
  let pastCampaignId: string;
  beforeAll(async () => {
    t = await createTestDb();
    dataDir = mkdtempSync(path.join(tmpdir(), 'noko-plans-demo-'));
    pastCampaignId = (await seedDemo(t.db, dataDir)).pastCampaignId;
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a plan for every organisation of the finished campaign, in every plan state', async () => {
    const plans = await t.db.select().from(improvementPlans).where(eq(improvementPlans.campaignId, pastCampaignId));
    expect(plans.length).toBeGreaterThanOrEqual(8);
    const states = new Set(plans.map((p) => p.status));
    for (const s of ['draft', 'submitted', 'returned', 'agreed', 'approved', 'published'])
      expect(states, s).toContain(s);
    expect(
      plans
        .filter((p) => p.status === 'approved' || p.status === 'published')
        .every((p) => p.actId === plans.find((x) => x.actId)!.actId),
    ).toBe(true);
  });

  it('rows done and verified, overdue, carried over, cancelled, claimed with a photo awaiting verification, rejected', async () => {
    const plans = await t.db
      .select({ id: improvementPlans.id })
      .from(improvementPlans)
      .where(eq(improvementPlans.campaignId, pastCampaignId));
    const rows = await t.db
      .select()
      .from(planItems)
      .where(
        inArray(
          planItems.planId,
          plans.map((p) => p.id),
        ),
      );
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ['verified', 'claimed', 'carried_over', 'cancelled', 'in_progress', 'planned'])
      expect(statuses, s).toContain(s);
    const today = new Date().toISOString().slice(0, 10);
    expect(rows.some((r) => isOverdue(r, today))).toBe(true);
    expect(rows.some((r) => r.status === 'in_progress' && r.rejectedReason)).toBe(true);
    const claimed = rows.filter((r) => r.status === 'claimed').map((r) => r.id);
    const photos = await t.db.select().from(planEvidence).where(inArray(planEvidence.itemId, claimed));
    expect(photos.some((e) => e.kind === 'photo' && e.mediaType === 'image/png')).toBe(true);
    const reports = await t.db
      .select()
      .from(planReports)
      .where(
        inArray(
          planReports.planId,
          plans.map((p) => p.id),
        ),
      );
    expect(new Set(reports.map((r) => r.status))).toEqual(new Set(['accepted', 'submitted']));
  });

  it('a second run changes nothing', async () => {
    const before = (await t.db.select().from(improvementPlans)).length;
    await seedDemo(t.db, dataDir);
    expect((await t.db.select().from(improvementPlans)).length).toBe(before);
  });
});
