import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { auditLog } from '../../src/db/schema/audit';
import { campaignSteps } from '../../src/db/schema/campaigns';
import { councilDecisions, councilMeetings as councilMeetingsTable } from '../../src/db/schema/council';
import { campaigns } from '../../src/db/schema/registry';
import { defaultSteps } from '../../src/campaigns/calendar';
import { computeDraft, getVersion, listVersions } from '../../src/results/versions.server';
import { addMember, createCouncil, listMembers } from '../../src/council/council.server';
import {
  addAgendaItem,
  createMeeting,
  getMeetingFull,
  meetingProtocol,
  publishMeeting,
  recordItem,
  setAttendance,
} from '../../src/council/meetings.server';
import { adoptedProposals, draftFromVersion, removeProposal } from '../../src/council/proposals.server';
import {
  clockEvents,
  clockViews,
  recordAuthorityReceived,
  recordDecisionSent,
  recordMeasures,
  recordReportReceived,
} from '../../src/council/clock.server';
import { campaignEventsOf } from '../../src/campaigns/events.server';
import { campaignCriteria } from '../../src/council/criteria.server';
import { seedResultsCampaign, type ResultsFixture } from '../results/fixtures';

const actor = { id: null, name: 'Секретарь Иванова' };

describe('a council meeting: attendance, votes, decisions that drive the campaign', () => {
  let t: TestDatabase;
  let f: ResultsFixture;
  let councilId: string;
  let meetingId: string;
  const audit = async () => (await t.db.select({ n: count() }).from(auditLog))[0]!.n;

  beforeAll(async () => {
    t = await createTestDb();
    f = await seedResultsCampaign(t.db, { orgs: 3, seed: 3, year: 2026 });
    await t.db
      .insert(campaignSteps)
      .values(defaultSteps(2026).map((s, i) => ({ ...s, campaignId: f.campaignId, sort: i + 1 })));
    const council = await createCouncil(
      t.db,
      f.regionId,
      {
        name: 'Общественный совет по НОК',
        quorumRule: 'more_than_half',
        tieRule: 'fails',
        absenteeVoting: false,
        proposalThreshold: 90,
      },
      actor,
    );
    councilId = council.id;
    const roles = ['chair', 'secretary', 'member', 'member', 'member'] as const;
    for (const [i, role] of roles.entries()) {
      await addMember(
        t.db,
        councilId,
        {
          name: `Член ${i + 1}`,
          role,
          represents: 'родительская общественность',
          termFrom: '2025-01-01',
          termTo: '2027-12-31',
          eligibilityDeclaredOn: '2025-01-10',
          email: `m${i}@example.ru`,
        },
        actor,
      );
    }
    // Term over before the meeting: not counted in the quorum's base.
    await addMember(
      t.db,
      councilId,
      {
        name: 'Бывший член',
        role: 'member',
        represents: '',
        termFrom: '2022-01-01',
        termTo: '2024-12-31',
        eligibilityDeclaredOn: null,
        email: null,
      },
      actor,
    );
  });
  afterAll(async () => t?.close());

  it('refuses a second chair in the same term and an absentee meeting the statute does not allow', async () => {
    await expect(
      addMember(
        t.db,
        councilId,
        {
          name: 'Второй председатель',
          role: 'chair',
          represents: '',
          termFrom: '2026-01-01',
          termTo: '2026-12-31',
          eligibilityDeclaredOn: null,
          email: null,
        },
        actor,
      ),
    ).rejects.toMatchObject({ details: [expect.stringContaining('председатель в этот срок уже есть')] });
    await expect(
      createMeeting(
        t.db,
        councilId,
        { heldOn: '2026-10-05', place: '', format: 'absentee', presidingMemberId: null, secretaryMemberId: null },
        actor,
      ),
    ).rejects.toMatchObject({ details: ['регламент совета не допускает заочного голосования'] });
  });

  it('numbers meetings per year and counts the quorum from members in office', async () => {
    const members = await listMembers(t.db, councilId);
    const chair = members.find((m) => m.role === 'chair')!;
    const secretary = members.find((m) => m.role === 'secretary')!;
    const m1 = await createMeeting(
      t.db,
      councilId,
      {
        heldOn: '2026-10-05',
        place: 'ул. Ленина, 1, зал 3',
        format: 'in_person',
        presidingMemberId: chair.id,
        secretaryMemberId: secretary.id,
      },
      actor,
    );
    const m2 = await createMeeting(
      t.db,
      councilId,
      {
        heldOn: '2026-10-20',
        place: '',
        format: 'video',
        presidingMemberId: chair.id,
        secretaryMemberId: secretary.id,
      },
      actor,
    );
    expect([m1.number, m2.number]).toEqual([1, 2]);
    meetingId = m1.id;
    const full = (await getMeetingFull(t.db, councilId, meetingId))!;
    expect(full.members).toHaveLength(5);
    expect(full.quorum).toMatchObject({ present: 0, needed: 3, has: false });
  });

  it('a meeting without quorum cannot adopt a decision, and nothing changes', async () => {
    const full = (await getMeetingFull(t.db, councilId, meetingId))!;
    const [chair, secretary] = full.members;
    await setAttendance(
      t.db,
      councilId,
      meetingId,
      {
        presentIds: [chair!.id, secretary!.id],
        invitees: [{ name: 'Петров П. П.', post: 'начальник управления образования' }],
      },
      actor,
    );
    const item = await addAgendaItem(
      t.db,
      councilId,
      meetingId,
      { kind: 'list', title: '', campaignId: f.campaignId },
      actor,
    );
    const before = await audit();
    await expect(
      recordItem(
        t.db,
        councilId,
        meetingId,
        item.id,
        {
          heard: 'Секретаря',
          spoke: '',
          decided: 'Утвердить перечень',
          votes: { for: 2, against: 0, abstained: 0 },
          presidingVote: null,
          decidedOn: null,
          points: null,
        },
        actor,
      ),
    ).rejects.toMatchObject({ details: ['кворума нет: совет не может принимать решения'] });
    expect(await audit()).toBe(before);
    expect((await t.db.select().from(councilDecisions)).length).toBe(0);
  });

  it('refuses more votes than members present and a decision dated before its meeting', async () => {
    const full = (await getMeetingFull(t.db, councilId, meetingId))!;
    await setAttendance(
      t.db,
      councilId,
      meetingId,
      { presentIds: full.members.slice(0, 4).map((m) => m.id), invitees: full.meeting.invitees },
      actor,
    );
    const item = (await getMeetingFull(t.db, councilId, meetingId))!.items[0]!;
    const before = await audit();
    await expect(
      recordItem(
        t.db,
        councilId,
        meetingId,
        item.id,
        {
          heard: '',
          spoke: '',
          decided: 'Утвердить перечень',
          votes: { for: 4, against: 1, abstained: 0 },
          presidingVote: null,
          decidedOn: null,
          points: null,
        },
        actor,
      ),
    ).rejects.toMatchObject({ details: ['голосов (5) больше, чем присутствующих членов совета (4)'] });
    await expect(
      recordItem(
        t.db,
        councilId,
        meetingId,
        item.id,
        {
          heard: '',
          spoke: '',
          decided: 'Утвердить перечень',
          votes: { for: 4, against: 0, abstained: 0 },
          presidingVote: null,
          decidedOn: '2026-10-01',
          points: null,
        },
        actor,
      ),
    ).rejects.toMatchObject({ details: ['решение не может быть датировано раньше заседания (05.10.2026)'] });
    expect(await audit()).toBe(before);
  });

  it('the list decision is adopted and the campaign takes it; attendance is then fixed', async () => {
    const item = (await getMeetingFull(t.db, councilId, meetingId))!.items[0]!;
    const r = await recordItem(
      t.db,
      councilId,
      meetingId,
      item.id,
      {
        heard: 'Секретаря совета о перечне',
        spoke: 'Член 3',
        decided: 'Утвердить перечень организаций',
        votes: { for: 3, against: 1, abstained: 0 },
        presidingVote: null,
        decidedOn: null,
        points: null,
      },
      actor,
    );
    expect(r.decision).toMatchObject({ kind: 'list', number: '1/1', decidedOn: '2026-10-05' });
    const [c] = await t.db.select().from(campaigns).where(eq(campaigns.id, f.campaignId));
    expect(c).toMatchObject({ councilDecisionNumber: '1/1', councilDecisionDate: '2026-10-05' });
    const [step] = await t.db.select().from(campaignSteps).where(eq(campaignSteps.key, 'list'));
    expect(step).toMatchObject({ status: 'done', doneOn: '2026-10-05' });
    // The campaign's own record of events (its stage and deadlines page) has the decision too.
    expect((await campaignEventsOf(t.db, f.campaignId)).find((e) => e.kind === 'list_approved')).toMatchObject({
      occurredOn: '2026-10-05',
      source: 'council',
      sourceId: r.decision!.id,
      document: 'решение совета № 1/1',
    });
    const full = (await getMeetingFull(t.db, councilId, meetingId))!;
    await expect(
      setAttendance(t.db, councilId, meetingId, { presentIds: full.members.map((m) => m.id), invitees: [] }, actor),
    ).rejects.toMatchObject({ details: [expect.stringContaining('уже записаны голоса')] });
  });

  it('the results decision locks the version, adopts the proposals and starts the authority clock', async () => {
    await recordReportReceived(
      t.db,
      f.campaignId,
      { date: '2026-09-09', coveringDocument: 'письмо оператора № 15 от 08.09.2026' },
      actor,
    );
    const draft = await computeDraft(t.db, f.campaignId, f.users.operator);
    await draftFromVersion(t.db, f.campaignId, draft.id, 90, actor);
    const item = await addAgendaItem(
      t.db,
      councilId,
      meetingId,
      { kind: 'results', title: '', campaignId: f.campaignId },
      actor,
    );
    expect(item.resultVersionId).toBe(draft.id);
    const r = await recordItem(
      t.db,
      councilId,
      meetingId,
      item.id,
      {
        heard: 'Оператора',
        spoke: '',
        decided: 'Утвердить результаты и предложения',
        votes: { for: 4, against: 0, abstained: 0 },
        presidingVote: null,
        decidedOn: null,
        points: null,
      },
      actor,
    );
    expect(r.decision?.kind).toBe('results');
    const v = (await getVersion(t.db, draft.id))!;
    expect(v).toMatchObject({ status: 'approved', decisionNumber: '1/2', decisionDate: '2026-10-05' });
    // Later recomputations never change the approved version.
    await expect(computeDraft(t.db, f.campaignId, f.users.operator)).rejects.toThrow('уже утверждена');
    expect((await getVersion(t.db, draft.id))!.contentHash).toBe(v.contentHash);
    expect(await listVersions(t.db, f.campaignId)).toHaveLength(1);
    const adopted = await adoptedProposals(t.db, f.campaignId);
    expect(adopted.length).toBeGreaterThan(0);
    expect(adopted.every((p) => p.resultVersionId === draft.id && p.decisionNumber === '1/2')).toBe(true);
    await expect(removeProposal(t.db, f.campaignId, adopted[0]!.id, actor)).rejects.toThrow('уже приняты');

    const ev = await clockEvents(t.db, f.campaignId);
    expect(ev).toMatchObject({ reportReceivedOn: '2026-09-09', decisionAdoptedOn: '2026-10-05' });
    await expect(recordDecisionSent(t.db, f.campaignId, '2026-10-01', actor)).rejects.toThrow('раньше, чем принято');
    await recordDecisionSent(t.db, f.campaignId, '2026-10-06', actor);
    await recordAuthorityReceived(t.db, f.campaignId, '2026-10-07', actor);
    const views = clockViews(await clockEvents(t.db, f.campaignId), '2026-11-02');
    expect(views[0]).toMatchObject({ key: 'council', due: '2026-10-09', state: 'met' });
    // 07.11.2026 is a Saturday: the authority's month ends on Monday 09.11.2026.
    expect(views[1]).toMatchObject({ key: 'authority', nominal: '2026-11-07', due: '2026-11-09', state: 'week' });
    await expect(
      recordMeasures(
        t.db,
        f.campaignId,
        { actNumber: '123', actDate: '2026-10-01', text: 'Меры', passedOn: null },
        actor,
      ),
    ).rejects.toThrow('раньше получения');
    await recordMeasures(
      t.db,
      f.campaignId,
      { actNumber: '123-р', actDate: '2026-11-02', text: 'Утвердить планы', passedOn: '2026-11-03' },
      actor,
    );
    expect(clockViews(await clockEvents(t.db, f.campaignId), '2026-11-03')[1]!.state).toBe('met');
    // The campaign page's clocks read the same dates: the council's records are the campaign's events.
    const events = Object.fromEntries((await campaignEventsOf(t.db, f.campaignId)).map((e) => [e.kind, e]));
    expect(events.operator_report_received).toMatchObject({
      occurredOn: '2026-09-09',
      source: 'council',
      document: 'письмо оператора № 15 от 08.09.2026',
    });
    expect(events.authority_measures_taken).toMatchObject({
      occurredOn: '2026-11-02',
      source: 'council',
      document: 'акт № 123-р от 02.11.2026',
    });
  });

  it('the protocol is produced from the data and published; a published meeting no longer changes', async () => {
    const full = (await getMeetingFull(t.db, councilId, meetingId))!;
    const p = meetingProtocol(full);
    expect(p.title).toBe('ПРОТОКОЛ № 1');
    expect(p.date).toBe('05.10.2026');
    expect(p.presentLine).toBe('4 из 5');
    expect(p.quorum.has).toBe(true);
    expect(p.presiding).toBe('Член 1');
    expect(p.invitees).toEqual([{ name: 'Петров П. П.', post: 'начальник управления образования' }]);
    expect(p.items.map((i) => i.votes)).toEqual([
      { for: 3, against: 1, abstained: 0 },
      { for: 4, against: 0, abstained: 0 },
    ]);
    expect(p.items[0]!.decided).toEqual(['Утвердить перечень организаций']);
    expect(p.items[1]!.decisionNumber).toBe('1/2');
    await publishMeeting(t.db, councilId, meetingId, actor);
    await expect(
      addAgendaItem(t.db, councilId, meetingId, { kind: 'other', title: 'Разное', campaignId: null }, actor),
    ).rejects.toThrow('опубликован');
    const actions = new Set((await t.db.select().from(auditLog)).map((a) => a.action));
    for (const a of [
      'council.create',
      'council.member.add',
      'council.meeting.create',
      'council.meeting.attendance',
      'council.agenda.vote',
      'council.decision.list',
      'council.decision.results',
      'results.approve',
      'council.clock.reportReceived',
      'council.clock.measures',
      'council.meeting.publish',
    ])
      expect(actions, a).toContain(a);
  });
  it("additional criteria: the campaign takes its latest decision's list, public only once published; the score is untouched", async () => {
    const [m2] = await t.db.select().from(councilMeetingsTable).where(eq(councilMeetingsTable.number, 2));
    const full = (await getMeetingFull(t.db, councilId, m2!.id))!;
    await setAttendance(
      t.db,
      councilId,
      m2!.id,
      { presentIds: full.members.slice(0, 4).map((m) => m.id), invitees: [] },
      actor,
    );
    const vote = {
      heard: 'Секретаря',
      spoke: '',
      votes: { for: 4, against: 0, abstained: 0 },
      presidingVote: null,
      decidedOn: null,
    } as const;
    const before = (await listVersions(t.db, f.campaignId)).map((v) => v.contentHash);
    const a = await addAgendaItem(
      t.db,
      councilId,
      m2!.id,
      { kind: 'criteria', title: '', campaignId: f.campaignId },
      actor,
    );
    await recordItem(
      t.db,
      councilId,
      m2!.id,
      a.id,
      { ...vote, decided: 'Установить критерии', points: 'Качество питания\n\n  Освещение территории  ' },
      actor,
    );
    expect(await campaignCriteria(t.db, f.campaignId)).toMatchObject({
      number: '2/1',
      decidedOn: '2026-10-20',
      criteria: ['Качество питания', 'Освещение территории'],
      published: false,
      meetingId: m2!.id,
    });
    expect(await campaignCriteria(t.db, f.campaignId, { publishedOnly: true })).toBeNull();
    const b = await addAgendaItem(
      t.db,
      councilId,
      m2!.id,
      { kind: 'criteria', title: '', campaignId: f.campaignId },
      actor,
    );
    await recordItem(
      t.db,
      councilId,
      m2!.id,
      b.id,
      { ...vote, decided: 'Заменить перечень критериев', points: 'Качество питания', decidedOn: '2026-10-21' },
      actor,
    );
    expect((await campaignCriteria(t.db, f.campaignId))?.criteria).toEqual(['Качество питания']);
    // Nothing of the result versions moved: the official score does not take them.
    expect((await listVersions(t.db, f.campaignId)).map((v) => v.contentHash)).toEqual(before);
    expect(await campaignCriteria(t.db, 'not-a-uuid')).toBeNull();
  });
});
