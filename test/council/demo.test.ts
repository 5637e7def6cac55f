import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { seedDemo } from '../../src/campaigns/demo.server';
import { councilOfTerritory } from '../../src/council/council.server';
import { clockEvents, clockViews } from '../../src/council/clock.server';
import { listMeetings } from '../../src/council/meetings.server';
import { adoptedProposals } from '../../src/council/proposals.server';
import { publicCouncil, publicProposals } from '../../src/council/public.server';
import { listVersions } from '../../src/results/versions.server';

describe('the demo council', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.close());

  it('has two published meetings, a locked result version, adopted proposals and both clocks met', async () => {
    const r = await seedDemo(t.db, mkdtempSync(path.join(os.tmpdir(), 'noko-council-demo-')), new Date('2026-12-01T09:00:00Z'));
    const council = (await councilOfTerritory(t.db, r.municipalityId))!;
    const meetings = await listMeetings(t.db, council.id, { publishedOnly: true });
    expect(meetings).toHaveLength(2);
    const versions = await listVersions(t.db, r.pastCampaignId);
    expect(versions.map((v) => [v.status, v.decisionNumber])).toEqual([['published', '2/1']]);
    const adopted = await adoptedProposals(t.db, r.pastCampaignId);
    expect(adopted.length).toBeGreaterThan(10);
    expect(adopted.some((p) => p.addressee === 'founder' && p.organisationId === null)).toBe(true);
    expect((await publicProposals(t.db, r.pastCampaignId)).length).toBe(adopted.length);
    const views = clockViews(await clockEvents(t.db, r.pastCampaignId), '2026-12-01');
    expect(views.map((v) => v.state)).toEqual(['met', 'met']);
    const current = clockViews(await clockEvents(t.db, r.currentCampaignId), '2026-12-01');
    expect(current[0]!.state).toMatch(/running|week/);
    const pub = (await publicCouncil(t.db, council.id, '2026-12-01'))!;
    expect(pub.members).toHaveLength(7);
    // Both list decisions recorded on the campaign pages belong to the council too.
    expect(pub.decisions.filter((d) => d.kind === 'list')).toHaveLength(2);
  });
});
