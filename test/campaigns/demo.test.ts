import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedDemo } from '../../src/campaigns/demo.server';
import { campaignCalendar, campaignOrganisationList, getCampaign, overdueSteps, publicCampaign } from '../../src/campaigns/campaigns.server';
import { listOrganisations } from '../../src/registry/organisations.server';

describe(`demo data (${testEngine})`, () => {
  let t: TestDatabase;
  const now = new Date('2026-11-22T09:00:00Z');
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.close());

  it('builds a municipality, two campaigns and running clocks; a second run changes nothing', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'noko-demo-'));
    const r = await seedDemo(t.db, dataDir, now);
    expect(r.created).toBe(true);
    const orgs = await listOrganisations(t.db, [r.municipalityId]);
    expect(orgs).toHaveLength(30);
    expect(new Set(orgs.map((o) => o.type))).toEqual(new Set(['preschool', 'school', 'college', 'additional']));

    const current = (await getCampaign(t.db, r.currentCampaignId))!;
    const past = (await getCampaign(t.db, r.pastCampaignId))!;
    expect(current.year - past.year).toBe(3);
    expect(past.status).toBe('closed');

    const list = await campaignOrganisationList(t.db, current);
    expect(list.entries.filter((e) => e.included)).toHaveLength(13);
    expect(list.dueLeftOut.length).toBeGreaterThan(0);
    expect(list.entries.some((e) => e.included && e.verdict.tooSoon && e.inclusionReason)).toBe(true);

    const cal = await campaignCalendar(t.db, current, '2026-11-22');
    expect(cal.clocks[0]).toMatchObject({ state: 'running', daysLeft: 20 });
    expect((await overdueSteps(t.db, [r.municipalityId], '2026-11-22')).length).toBeGreaterThan(0);
    expect((await publicCampaign(t.db, current.id))?.documents).toHaveLength(1);

    const again = await seedDemo(t.db, dataDir, now);
    expect(again).toMatchObject({ created: false, municipalityId: r.municipalityId, organisations: 30 });
  });
});
