import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { auditLog } from '../../src/db/schema/audit';
import { checklistAnswers } from '../../src/db/schema/checklists';
import { campaigns } from '../../src/db/schema/registry';
import { ForbiddenError } from '../../src/auth/policy';
import {
  approveVersion,
  assembleInputs,
  computeDraft,
  currentPublished,
  getVersion,
  listVersions,
  publishVersion,
  ResultsError,
} from '../../src/results/versions.server';
import { explanationOf } from '../../src/results/snapshot';
import { scoreOrganisations } from '../../src/methodology/engine';
import { requireMethodology } from '../../src/methodology/registry';
import { seedResultsCampaign, type ResultsFixture } from './fixtures';

describe('result versions: draft → approved → published → correction', () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  beforeAll(async () => {
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 8, fewResponses: [2] });
  });
  afterAll(async () => t?.close());

  it('assembles engine inputs from checklists, tallies and the registry', async () => {
    const a = await assembleInputs(t.db, f.campaignId);
    expect(a.raws).toHaveLength(8);
    const m = requireMethodology('edu-2019');
    const first = a.raws.find((r) => r.id === f.orgIds[0])!;
    const yes = await t.db.select().from(checklistAnswers).where(eq(checklistAnswers.organisationId, first.id));
    const count = (c: string) => yes.filter((r) => r.checklist === c && r.answer === 'yes').length;
    expect(first.checklists['2.1']).toBe(count('2.1'));
    expect(first.checklists['3.2']).toBe(count('3.2'));
    expect(first.information.site).toEqual({
      found: count('1.1-site'),
      norm: m.informationItems.lists[first.type]!.site.length,
    });
    expect(a.raws.find((r) => r.id === f.orgIds[2])!.survey.valid).toBe(4);
  });

  it('an organisation answering «n/a» to every stand item has no stands (norm 0)', async () => {
    const org = f.orgIds[1]!;
    await t.db.update(checklistAnswers).set({ answer: 'na' }).where(eq(checklistAnswers.organisationId, org)).execute();
    const a = await assembleInputs(t.db, f.campaignId);
    const raw = a.raws.find((r) => r.id === org)!;
    expect(raw.information.stand).toEqual({ found: 0, norm: 0 });
    expect(raw.checklists['2.1']).toBe(0);
  });

  it('a member of the council may not approve; an organisation may not compute', async () => {
    await expect(
      computeDraft(t.db, f.campaignId, { ...f.users.operator, role: 'organisation', organisationId: f.orgIds[0]! }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('computes a draft whose numbers are those of the engine, with explanations and inputs', async () => {
    const v = await computeDraft(t.db, f.campaignId, f.users.operator);
    expect(v.version).toBe(1);
    expect(v.status).toBe('draft');
    const full = (await getVersion(t.db, v.id))!;
    const a = await assembleInputs(t.db, f.campaignId);
    const run = scoreOrganisations(a.raws, a.methodology, { minRespondents: 10 });
    for (const o of run.organisations) {
      const s = full.snapshot.organisations.find((x) => x.id === o.id)!;
      expect(s.total).toBe(o.total);
      expect(s.rank).toBe(o.rank);
      expect(s.criteria.K3!.value).toBe(o.criteria.K3!.value);
      expect(s.belowMinimum).toBe(o.belowMinimum);
      expect(explanationOf(full.snapshot, s, '1.3')).toEqual(
        JSON.parse(JSON.stringify(o.indicators['1.3']!.explanation)),
      );
      expect(explanationOf(full.snapshot, s, 'Sn')).toEqual(JSON.parse(JSON.stringify(o.totalExplanation)));
      expect(explanationOf(full.snapshot, s, 'K3')).toEqual(JSON.parse(JSON.stringify(o.criteria.K3!.explanation)));
      expect(explanationOf(full.snapshot, s, '3.1')).toEqual(
        JSON.parse(JSON.stringify(o.indicators['3.1']!.explanation)),
      );
    }
    expect(full.snapshot.organisations.find((x) => x.id === f.orgIds[2])!.belowMinimum).toBe(true);
    expect(full.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('recomputing replaces the draft; approval needs a decision and is bound to the hash seen', async () => {
    const before = (await listVersions(t.db, f.campaignId))[0]!;
    const again = await computeDraft(t.db, f.campaignId, f.users.operator, { now: new Date('2025-10-01T10:00:00Z') });
    expect(again.id).toBe(before.id);
    expect(again.contentHash).not.toBe(before.contentHash);
    await expect(
      approveVersion(t.db, again.id, { number: '7', date: '2025-10-02' }, f.users.member),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      approveVersion(t.db, again.id, { number: '', date: '2025-10-02' }, f.users.chair),
    ).rejects.toBeInstanceOf(ResultsError);
    await expect(
      approveVersion(
        t.db,
        again.id,
        { number: '7', date: '2025-10-02', expectedHash: before.contentHash },
        f.users.chair,
      ),
    ).rejects.toThrow(/пересчитали/);
    await expect(publishVersion(t.db, again.id, f.users.authority)).rejects.toThrow(/утверждённую/);
    const approved = await approveVersion(
      t.db,
      again.id,
      { number: '7', date: '2025-10-02', expectedHash: again.contentHash, confirmGaps: true },
      f.users.chair,
    );
    expect(approved).toMatchObject({
      status: 'approved',
      decisionNumber: '7',
      decisionDate: '2025-10-02',
      approvedBy: f.users.chair.name,
    });
    await expect(computeDraft(t.db, f.campaignId, f.users.operator)).rejects.toThrow(/утверждена/);
    await expect(publishVersion(t.db, again.id, f.users.chair)).rejects.toBeInstanceOf(ForbiddenError);
    const published = await publishVersion(t.db, again.id, f.users.authority, new Date(), { confirmGaps: true });
    expect(published.status).toBe('published');
    expect((await currentPublished(t.db, f.campaignId))!.id).toBe(again.id);
    const [c] = await t.db.select().from(campaigns).where(eq(campaigns.id, f.campaignId));
    expect(c!.status).toBe('published');
  });

  it('a correction needs a reason, becomes version 2 and leaves version 1 visible', async () => {
    await expect(computeDraft(t.db, f.campaignId, f.users.operator)).rejects.toThrow(/причину/);
    const first = (await currentPublished(t.db, f.campaignId))!;
    await t.db
      .update(checklistAnswers)
      .set({ answer: 'yes' })
      .where(eq(checklistAnswers.organisationId, f.orgIds[3]!))
      .execute();
    const v2 = await computeDraft(t.db, f.campaignId, f.users.operator, {
      reason: 'Эксперт не учёл пандус у запасного входа',
    });
    expect(v2).toMatchObject({
      version: 2,
      status: 'draft',
      correctsId: first.id,
      reason: 'Эксперт не учёл пандус у запасного входа',
    });
    // The published snapshot is untouched by the correction.
    const old = (await getVersion(t.db, first.id))!;
    expect(old.contentHash).toBe(first.contentHash);
    await approveVersion(t.db, v2.id, { number: '9', date: '2025-11-01', confirmGaps: true }, f.users.chair);
    await publishVersion(t.db, v2.id, f.users.authority, new Date(), { confirmGaps: true });
    const versions = await listVersions(t.db, f.campaignId);
    expect(versions.map((v) => [v.version, v.status, v.supersededBy])).toEqual([
      [2, 'published', null],
      [1, 'published', v2.id],
    ]);
    const newOrg = (await getVersion(t.db, v2.id))!.snapshot.organisations.find((o) => o.id === f.orgIds[3])!;
    expect(newOrg.indicators['3.2']!.value).toBe(100);
    const oldOrg = old.snapshot.organisations.find((o) => o.id === f.orgIds[3])!;
    expect(oldOrg.indicators['3.2']!.value).toBeLessThan(100);
    expect(newOrg.criteria.K3!.value).toBeGreaterThan(oldOrg.criteria.K3!.value!);
  });

  it('every state change is in the audit log', async () => {
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.entity, 'result_version')).orderBy(auditLog.id);
    expect(rows.map((r) => r.action)).toEqual([
      'results.compute',
      'results.recompute',
      'results.approve',
      'results.publish',
      'results.correction',
      'results.approve',
      'results.publish',
    ]);
    expect(rows.find((r) => r.action === 'results.correction')!.reason).toMatch(/пандус/);
    // The campaign is the region's: every entry is filed under it, for the regional council to see.
    expect(rows.map((r) => r.territoryId)).toEqual(rows.map(() => f.regionId));
  });
});
