import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedDemo } from '../../src/campaigns/demo.server';
import { campaignCalendar, overdueSteps } from '../../src/campaigns/calendar.server';
import { getCampaign } from '../../src/campaigns/campaigns.server';
import { campaignOrganisationList } from '../../src/campaigns/organisation-list.server';
import { publicCampaign } from '../../src/campaigns/public.server';
import { checklistAnswers } from '../../src/db/schema/checklists';
import { siteAuditResults } from '../../src/db/schema/site-audit';
import { surveyResponses } from '../../src/db/schema/survey';
import { listOrganisations } from '../../src/registry/organisations.server';
import { getTallies } from '../../src/survey/tallies.server';
import { currentPublished, getVersion } from '../../src/results/versions.server';

describe(`demo data (${testEngine})`, () => {
  let t: TestDatabase;
  const now = new Date('2026-11-22T09:00:00Z');
  const today = '2026-11-22';
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.close());

  it('shows the whole cycle: a past campaign with collected data and published results for all 30, the current one mid-collection', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'noko-demo-'));
    const r = await seedDemo(t.db, dataDir, now);
    expect(r.created).toBe(true);
    const orgs = await listOrganisations(t.db, [r.municipalityId]);
    expect(orgs).toHaveLength(30);
    expect(new Set(orgs.map((o) => o.type))).toEqual(new Set(['preschool', 'school', 'college', 'additional']));

    const past = (await getCampaign(t.db, r.pastCampaignId))!;
    const current = (await getCampaign(t.db, r.currentCampaignId))!;
    expect(current.year - past.year).toBe(3);
    expect(past.status).toBe('closed');
    expect(current.status).toBe('collecting');

    // The past campaign: several thousand responses, every checklist filled, every site audited, results for all 30.
    const n = async (table: typeof surveyResponses | typeof checklistAnswers, id: string) =>
      Number((await t.db.select({ n: count() }).from(table).where(eq(table.campaignId, id)))[0]!.n);
    const pastResponses = await n(surveyResponses, past.id);
    expect(pastResponses).toBeGreaterThan(5000);
    const tallies = await getTallies(t.db, past.id);
    expect(tallies.reduce((s, x) => s + x.valid, 0)).toBe(pastResponses);
    expect(await n(checklistAnswers, past.id)).toBeGreaterThan(30 * 50);
    const audits = await t.db.select({ n: count() }).from(siteAuditResults);
    expect(Number(audits[0]!.n)).toBe(30);
    const published = (await currentPublished(t.db, past.id))!;
    const snapshot = (await getVersion(t.db, published.id))!.snapshot;
    expect(snapshot.organisations).toHaveLength(30);
    expect(snapshot.organisations.every((o) => o.total !== null && o.rank !== null)).toBe(true);
    // A couple of small samples, flagged on their public cards.
    expect(snapshot.organisations.filter((o) => o.sample && !o.sample.adequate).length).toBeGreaterThan(0);
    const pastCal = await campaignCalendar(t.db, past, today);
    expect(pastCal.clocks.map((c) => c.state)).toEqual(['met', 'met']);
    expect(pastCal.steps.every((s) => s.state === 'done')).toBe(true);

    // The current campaign: the list with its periodicity warnings; survey and checklists part-way; no results yet.
    const list = await campaignOrganisationList(t.db, current);
    expect(list.entries.filter((e) => e.included)).toHaveLength(13);
    expect(list.dueLeftOut.length).toBeGreaterThan(0);
    expect(list.entries.some((e) => e.included && e.verdict.tooSoon && e.inclusionReason)).toBe(true);
    const currentResponses = await n(surveyResponses, current.id);
    expect(currentResponses).toBeGreaterThan(300);
    expect(currentResponses).toBeLessThan(pastResponses / 2);
    expect(await currentPublished(t.db, current.id)).toBeNull();
    const cal = await campaignCalendar(t.db, current, today);
    // Nothing past due that could not start: the council's month waits for the operator's report.
    expect(cal.clocks[0]).toMatchObject({ state: 'waiting', label: 'ожидает: отчёт оператора ещё не получен' });
    expect(cal.steps.find((s) => s.key === 'data_collection')).toMatchObject({ state: 'open', dueOn: '2026-12-22' });
    expect(await overdueSteps(t.db, [r.municipalityId], today)).toEqual([]);
    expect((await publicCampaign(t.db, current.id))?.documents).toHaveLength(1);

    const again = await seedDemo(t.db, dataDir, now);
    expect(again).toMatchObject({ created: false, municipalityId: r.municipalityId, organisations: 30 });
  }, 180_000);
});
