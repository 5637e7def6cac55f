import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedDemo } from '../../src/campaigns/demo.server';
import { campaignCalendar } from '../../src/campaigns/calendar.server';
import { getCampaign } from '../../src/campaigns/campaigns.server';
import { campaignEventsOf } from '../../src/campaigns/events.server';
import { auditLog } from '../../src/db/schema/audit';
import { councilDecisions } from '../../src/db/schema/council';
import { improvementPlans, planItems } from '../../src/db/schema/plans';
import { councilOfTerritory } from '../../src/council/council.server';
import { clockEvents, clockViews } from '../../src/council/clock.server';
import { campaignCriteria } from '../../src/council/criteria.server';
import { DEMO_ADDITIONAL_CRITERIA } from '../../src/council/demo.server';
import { getMeetingFull, listMeetings } from '../../src/council/meetings.server';
import { adoptedProposals } from '../../src/council/proposals.server';
import { publicCouncil, publicProposals } from '../../src/council/public.server';
import { computeDraft, getVersion, listVersions } from '../../src/results/versions.server';

describe(`the demo council (${testEngine})`, () => {
  let t: TestDatabase;
  const now = new Date('2026-12-01T09:00:00Z');
  const today = '2026-12-01';
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.close());

  it('holds two meetings; its results decision locks the past version, its adopted proposals become the plans', async () => {
    const r = await seedDemo(t.db, mkdtempSync(path.join(os.tmpdir(), 'noko-council-demo-')), now);
    const past = (await getCampaign(t.db, r.pastCampaignId))!;
    const council = (await councilOfTerritory(t.db, r.municipalityId))!;
    expect(council).toBeDefined();

    // Two published meetings of the past campaign's year, numbered 1 and 2, with quorum.
    const meetings = (await listMeetings(t.db, council.id, { publishedOnly: true })).sort(
      (a, b) => a.number - b.number,
    );
    expect(meetings.map((m) => [m.year, m.number])).toEqual([
      [past.year, 1],
      [past.year, 2],
    ]);
    const [first, second] = await Promise.all(meetings.map((m) => getMeetingFull(t.db, council.id, m.id)));
    expect(first!.quorum.has && second!.quorum.has).toBe(true);
    expect(first!.items.map((i) => [i.kind, i.adopted])).toEqual([
      ['list', true],
      ['tor', true],
      ['criteria', true],
    ]);
    expect(second!.items.map((i) => [i.kind, i.adopted])).toEqual([['results', true]]);

    // Meeting 1's list decision is the campaign's: its copy on the campaign and its recorded event.
    const decisions = await t.db.select().from(councilDecisions).where(eq(councilDecisions.campaignId, past.id));
    const byKind = Object.fromEntries(decisions.map((d) => [d.kind, d]));
    expect(Object.keys(byKind).sort()).toEqual(['criteria', 'list', 'results', 'tor']);
    expect(past).toMatchObject({
      councilDecisionNumber: byKind.list!.number,
      councilDecisionDate: byKind.list!.decidedOn,
    });
    expect((await campaignEventsOf(t.db, past.id)).find((e) => e.kind === 'list_approved')).toMatchObject({
      source: 'council',
      sourceId: byKind.list!.id,
    });

    // Meeting 2's results decision approved the one version, which the authority then published.
    const versions = await listVersions(t.db, past.id);
    expect(versions.map((v) => [v.status, v.decisionNumber, v.decisionDate])).toEqual([
      ['published', byKind.results!.number, second!.meeting.heldOn],
    ]);
    expect(byKind.results!.resultVersionId).toBe(versions[0]!.id);
    const v = (await getVersion(t.db, versions[0]!.id))!;
    expect(v.snapshot.organisations).toHaveLength(30);
    // The vote was the confirmation of the version's gaps (two small samples), kept in the audit entry.
    const [approval] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'results.approve'), eq(auditLog.entityId, v.id)));
    expect(approval?.reason).toMatch(/выборка опроса меньше требуемой/);
    // Locked: a recomputation is refused.
    await expect(
      computeDraft(t.db, past.id, {
        id: 'x',
        name: 'Оператор',
        email: 'o@x',
        role: 'admin',
        councilPosition: null,
        territoryId: null,
        organisationId: null,
      }),
    ).rejects.toThrow();

    const adopted = await adoptedProposals(t.db, past.id);
    expect(adopted.length).toBeGreaterThan(30);
    expect(adopted.every((p) => p.decisionId === byKind.results!.id && p.resultVersionId === v.id)).toBe(true);
    expect((await publicProposals(t.db, past.id)).length).toBe(adopted.length);

    // The plans demo built on those proposals: a plan per organisation, rows that answer adopted proposals.
    const plans = await t.db.select().from(improvementPlans).where(eq(improvementPlans.campaignId, past.id));
    expect(new Set(plans.map((p) => p.organisationId)).size).toBe(30);
    expect(new Set(plans.map((p) => p.status)).size).toBeGreaterThanOrEqual(4);
    const rows = await t.db
      .select({ proposalId: planItems.proposalId })
      .from(planItems)
      .where(
        and(
          inArray(
            planItems.planId,
            plans.map((p) => p.id),
          ),
          eq(planItems.source, 'proposal'),
        ),
      );
    expect(rows.length).toBeGreaterThan(0);
    const adoptedIds = new Set(adopted.map((p) => p.id));
    expect(rows.every((row) => row.proposalId !== null && adoptedIds.has(row.proposalId))).toBe(true);

    // The additional criteria of meeting 1 are the campaign's; the official score is untouched by them.
    expect(await campaignCriteria(t.db, past.id, { publishedOnly: true })).toMatchObject({
      number: byKind.criteria!.number,
      criteria: DEMO_ADDITIONAL_CRITERIA,
      published: true,
    });

    // Both clocks met, in the council room and on the campaign's own calendar.
    expect(clockViews(await clockEvents(t.db, past.id), today).map((c) => c.state)).toEqual(['met', 'met']);
    expect((await campaignCalendar(t.db, past, today)).clocks.map((c) => c.state)).toEqual(['met', 'met']);
    expect(past.status).toBe('closed');

    const pub = (await publicCouncil(t.db, council.id, today))!;
    expect(pub.members).toHaveLength(7);
    // The current campaign's list decision, recorded on its page, belongs to the council too.
    expect(pub.decisions.filter((d) => d.kind === 'list')).toHaveLength(2);
    // The current campaign waits for its operator's report: no council clock yet.
    expect(clockViews(await clockEvents(t.db, r.currentCampaignId), today)[0]!.from).toBeNull();
  }, 240_000);
});
