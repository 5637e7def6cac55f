import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { auditLog } from '../../src/db/schema/audit';
import { checklistAnswers } from '../../src/db/schema/checklists';
import { councilDecisions } from '../../src/db/schema/council';
import { computeDraft, getVersion } from '../../src/results/versions.server';
import {
  addProposal,
  adoptDraftsTx,
  adoptedProposals,
  draftFromVersion,
  listProposals,
  removeProposal,
  updateProposal,
} from '../../src/council/proposals.server';
import { CouncilError } from '../../src/council/errors';
import { seedResultsCampaign, type ResultsFixture } from '../results/fixtures';

describe('proposals drafted from a result version, edited, adopted', () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  let versionId: string;
  const actor = { id: null, name: 'Секретарь' };
  beforeAll(async () => {
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 4, seed: 7 });
    versionId = (await computeDraft(t.db, f.campaignId, f.users.operator)).id;
  });
  afterAll(async () => t?.close());

  it('every «no» checklist item of an organisation becomes one proposal with its source item', async () => {
    const drafted = await draftFromVersion(t.db, f.campaignId, versionId, 90, actor);
    expect(drafted).toBeGreaterThan(0);
    const all = await listProposals(t.db, f.campaignId);
    expect(all).toHaveLength(drafted);
    const org = f.orgIds[0]!;
    const no = await t.db
      .select()
      .from(checklistAnswers)
      .where(and(eq(checklistAnswers.organisationId, org), eq(checklistAnswers.answer, 'no')));
    const own = all.filter((p) => p.organisationId === org && p.sourceItem && !p.sourceItem.startsWith('survey:'));
    expect(own.map((p) => p.sourceItem).sort()).toEqual(no.map((a) => `${a.checklist}:${a.itemId}`).sort());
    const ramp = own.find((p) => p.sourceItem === '3.1:ramps');
    if (ramp)
      expect(ramp).toMatchObject({ addressee: 'founder', needsFunding: true, criterion: 'K3', indicator: '3.1' });
    for (const p of own.filter((x) => x.sourceItem!.startsWith('1.1-site')))
      expect(p.text.startsWith('Разместить на официальном сайте')).toBe(true);
  });

  it('survey criteria below the threshold bring a standard text; a threshold of 0 brings none', async () => {
    const v = (await getVersion(t.db, versionId))!;
    const org = v.snapshot.organisations[0]!;
    const surveyIds = v.snapshot.criteria.flatMap((c) =>
      c.indicators.filter((i) => i.survey).map((i) => ({ c: c.id, i: i.id })),
    );
    const lowCriteria = new Set(
      surveyIds
        .filter((x) => {
          const val = org.indicators[x.i]?.value;
          return val !== null && val !== undefined && val < 100;
        })
        .map((x) => x.c),
    );
    await draftFromVersion(t.db, f.campaignId, versionId, 100, actor);
    const at100 = (await listProposals(t.db, f.campaignId)).filter(
      (p) => p.organisationId === org.id && p.sourceItem?.startsWith('survey:'),
    );
    expect(new Set(at100.map((p) => p.criterion))).toEqual(lowCriteria);
    await draftFromVersion(t.db, f.campaignId, versionId, 0, actor);
    expect((await listProposals(t.db, f.campaignId)).filter((p) => p.sourceItem?.startsWith('survey:'))).toEqual([]);
  });

  it('the secretary edits, adds and removes; an edited draft survives a redraft; all audited', async () => {
    await draftFromVersion(t.db, f.campaignId, versionId, 90, actor);
    const [first] = (await listProposals(t.db, f.campaignId)).filter((p) => p.organisationId);
    const edited = await updateProposal(
      t.db,
      f.campaignId,
      first!.id,
      {
        organisationId: first!.organisationId,
        addressee: 'organisation',
        criterion: first!.criterion,
        indicator: first!.indicator,
        text: 'Исправленный текст',
        needsFunding: true,
      },
      actor,
    );
    expect(edited.origin).toBe('manual');
    const added = await addProposal(
      t.db,
      f.campaignId,
      {
        organisationId: null,
        addressee: 'all',
        criterion: 'K1',
        text: 'Всем организациям разместить ссылку на анкету',
        needsFunding: false,
      },
      actor,
    );
    await draftFromVersion(t.db, f.campaignId, versionId, 90, actor);
    const after = await listProposals(t.db, f.campaignId);
    expect(after.find((p) => p.id === first!.id)?.text).toBe('Исправленный текст');
    expect(after.some((p) => p.id === added.id)).toBe(true);
    await removeProposal(t.db, f.campaignId, added.id, actor);
    expect((await listProposals(t.db, f.campaignId)).some((p) => p.id === added.id)).toBe(false);
    await expect(
      addProposal(
        t.db,
        f.campaignId,
        { organisationId: null, addressee: 'organisation', criterion: 'K1', text: 'x', needsFunding: false },
        actor,
      ),
    ).rejects.toBeInstanceOf(CouncilError);
    const actions = (await t.db.select().from(auditLog)).map((a) => a.action);
    for (const a of [
      'council.proposals.draft',
      'council.proposal.edit',
      'council.proposal.add',
      'council.proposal.remove',
    ])
      expect(actions).toContain(a);
  });

  it('adoptedProposals is empty until adoption, then returns the organisation’s own and the general ones; adopted are frozen', async () => {
    expect(await adoptedProposals(t.db, f.campaignId)).toEqual([]);
    const [d] = await t.db
      .insert(councilDecisions)
      .values({
        campaignId: f.campaignId,
        kind: 'results',
        number: '3',
        decidedOn: '2025-10-10',
        resultVersionId: versionId,
      })
      .returning();
    const drafts = await listProposals(t.db, f.campaignId);
    await t.db.transaction((tx) => adoptDraftsTx(tx, f.campaignId, d!.id, versionId));
    const all = await adoptedProposals(t.db, f.campaignId);
    expect(all).toHaveLength(drafts.length);
    const org = f.orgIds[1]!;
    const mine = await adoptedProposals(t.db, f.campaignId, org);
    expect(mine.length).toBe(drafts.filter((p) => p.organisationId === org || p.organisationId === null).length);
    expect(mine.every((p) => p.organisationId === org || p.organisationId === null)).toBe(true);
    expect(mine[0]).toMatchObject({
      decisionNumber: '3',
      decisionDate: '2025-10-10',
      resultVersionId: versionId,
      campaignId: f.campaignId,
    });
    await expect(removeProposal(t.db, f.campaignId, mine[0]!.id, actor)).rejects.toThrow('уже приняты');
    await expect(draftFromVersion(t.db, f.campaignId, versionId, 90, actor)).rejects.toThrow('уже приняты');
    expect(await adoptedProposals(t.db, 'not-a-uuid')).toEqual([]);
  });
});
