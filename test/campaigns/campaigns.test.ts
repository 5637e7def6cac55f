import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { campaignOrganisations } from '../../src/db/schema/registry';
import { campaignCalendar, overdueSteps, setOperatorReportDate, updateStep } from '../../src/campaigns/calendar.server';
import {
  createCampaign,
  getCampaign,
  listSteps,
  listCampaigns,
  updateCampaign,
} from '../../src/campaigns/campaigns.server';
import { collectedData, deleteCampaign } from '../../src/campaigns/deletion.server';
import { CampaignError } from '../../src/campaigns/errors';
import { recordCampaignEvent } from '../../src/campaigns/events.server';
import { campaignOrganisationList, setCampaignOrganisations } from '../../src/campaigns/organisation-list.server';
import { publicCampaign } from '../../src/campaigns/public.server';
import { readCampaignDocument } from '../../src/council/decision-documents.server';
import { recordCouncilDecision } from '../../src/council/list-decision.server';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../src/db/schema/audit';
import { checklistAnswers } from '../../src/db/schema/checklists';
import { importOrganisations } from '../../src/registry/import.server';
import { listOrganisations } from '../../src/registry/organisations.server';
import { actor, csv, municipality, org, utf8 } from '../registry/fixtures';

let t: TestDatabase;
let territoryId: string;
let orgIds: string[];
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'noko-camp-'));

beforeAll(async () => {
  t = await createTestDb();
  territoryId = (await municipality(t.db)).municipality.id;
  const rows = [org(1), org(2), org(3, { 'Дата последней оценки': '01.03.2021' }), org(4)];
  const r = await importOrganisations(t.db, { territoryId, bytes: utf8(csv(rows)), fileName: 'a.csv', actor });
  expect(r.ok).toBe(true);
  orgIds = (await listOrganisations(t.db, [territoryId])).map((o) => o.id);
});
afterAll(async () => t?.close());

describe('campaigns', () => {
  it('refuses an unknown methodology and bad policies', async () => {
    await expect(
      createCampaign(
        t.db,
        { territoryId, year: 2025, title: 'x', methodologyId: 'edu-1999', policies: { minN: -1 } },
        actor,
      ),
    ).rejects.toMatchObject({
      details: expect.arrayContaining([
        expect.stringMatching(/неизвестная версия методики/),
        expect.stringMatching(/minN/),
      ]),
    });
  });

  it('periodicity: due list, too-soon needs a reason, all or nothing', async () => {
    const old = await createCampaign(
      t.db,
      { territoryId, year: 2024, title: 'НОК 2024', methodologyId: 'edu-2019', policies: {} },
      actor,
    );
    await recordCouncilDecision(t.db, { campaignId: old.id, number: '1', date: '2024-03-10', dataDir, actor });
    const sorted = [...orgIds];
    await setCampaignOrganisations(t.db, old.id, [{ organisationId: sorted[0]! }], actor);

    const current = await createCampaign(
      t.db,
      { territoryId, year: 2025, title: 'НОК 2025', methodologyId: 'edu-2019', policies: {} },
      actor,
    );
    await recordCouncilDecision(t.db, { campaignId: current.id, number: '7', date: '2025-02-20', dataDir, actor });
    const c = (await getCampaign(t.db, current.id))!;
    const list = await campaignOrganisationList(t.db, c);
    // Organisation 0 was assessed 2024-03-10: less than a year before 2025-02-20, not due. The others are due.
    const e0 = list.entries.find((e) => e.organisation.id === sorted[0])!;
    expect(e0.verdict.tooSoon?.title).toBe('НОК 2024');
    expect(e0.verdict.due).toBe(false);
    expect(list.dueLeftOut).toHaveLength(3);

    const [before] = await t.db.select({ n: count() }).from(campaignOrganisations);
    const err = await setCampaignOrganisations(
      t.db,
      current.id,
      [{ organisationId: sorted[0]! }, { organisationId: sorted[1]! }],
      actor,
    ).catch((e) => e);
    expect(err).toBeInstanceOf(CampaignError);
    expect((err as CampaignError).details[0]).toMatch(/меньше года назад.*причину/);
    const [after] = await t.db.select({ n: count() }).from(campaignOrganisations);
    expect(after!.n).toBe(before!.n);

    await setCampaignOrganisations(
      t.db,
      current.id,
      [{ organisationId: sorted[0]!, reason: 'жалобы родителей' }, { organisationId: sorted[1]! }],
      actor,
    );
    const list2 = await campaignOrganisationList(t.db, c);
    expect(list2.dueLeftOut.map((e) => e.organisation.id).sort()).toEqual([sorted[2]!, sorted[3]!].sort());
    expect(list2.tooSoonWithoutReason).toHaveLength(0);

    const pub = await publicCampaign(t.db, current.id);
    expect(pub?.organisations).toHaveLength(2);
    expect(pub?.campaign.councilDecisionNumber).toBe('7');
  });

  it('refuses an organisation from another territory', async () => {
    const other = (await municipality(t.db, 'Другой')).municipality.id;
    const c = await createCampaign(
      t.db,
      { territoryId: other, year: 2025, title: 'Чужая', methodologyId: 'edu-2019', policies: {} },
      actor,
    );
    await expect(setCampaignOrganisations(t.db, c.id, [{ organisationId: orgIds[0]! }], actor)).rejects.toMatchObject({
      details: expect.arrayContaining([expect.stringMatching(/не относится к территории/)]),
    });
  });

  it('stores the council decision document under DATA_DIR and checks what it is', async () => {
    const c = await createCampaign(
      t.db,
      { territoryId, year: 2026, title: 'НОК 2026', methodologyId: 'edu-2019', policies: {} },
      actor,
    );
    const pdf = utf8('%PDF-1.4\n% решение совета\n');
    await recordCouncilDecision(t.db, {
      campaignId: c.id,
      number: '3-с',
      date: '2026-02-15',
      document: { fileName: 'Решение.pdf', bytes: pdf },
      dataDir,
      actor,
    });
    const pub = await publicCampaign(t.db, c.id);
    const doc = pub!.documents[0]!;
    expect(doc.fileName).toBe('Решение.pdf');
    expect(readFileSync(path.join(dataDir, doc.storedPath)).toString()).toContain('%PDF');
    const read = await readCampaignDocument(t.db, dataDir, c.id, doc.id);
    expect(read?.bytes.length).toBe(pdf.length);
    await expect(
      recordCouncilDecision(t.db, {
        campaignId: c.id,
        number: '4',
        date: '2026-02-16',
        document: { fileName: 'x.pdf', bytes: utf8('MZ not a pdf') },
        dataDir,
        actor,
      }),
    ).rejects.toMatchObject({ details: [expect.stringMatching(/не похоже на PDF/)] });
  });

  it('calendar: steps follow recorded events; the clocks count by ГК РФ 191–193; nothing overdue that cannot start', async () => {
    const c = await createCampaign(
      t.db,
      { territoryId, year: 2027, title: 'НОК 2027', methodologyId: 'edu-2019', policies: {} },
      actor,
      '2027-01-10',
    );
    const cal0 = await campaignCalendar(t.db, c, '2027-03-20');
    expect(cal0.steps.map((s) => s.key)).toContain('council_results');
    // Only the steps that can start are overdue; publishing the list waits for the list itself.
    expect(cal0.steps.filter((s) => s.overdue).map((s) => s.key)).toEqual(['list', 'tor']);
    expect(cal0.steps.find((s) => s.key === 'publish_list')!.state).toBe('waiting');
    expect(cal0.clocks[0]!.state).toBe('waiting');

    // A report «received» tomorrow is refused: events are recorded when they happen.
    await expect(setOperatorReportDate(t.db, c.id, '2027-09-11', actor, '2027-09-10')).rejects.toMatchObject({
      details: [expect.stringMatching(/ещё не наступила/)],
    });
    await setOperatorReportDate(t.db, c.id, '2027-09-10', actor, '2027-09-12', 'письмо № 45');
    const c2 = (await getCampaign(t.db, c.id))!;
    expect(c2.status).toBe('scoring');
    const cal1 = await campaignCalendar(t.db, c2, '2027-10-01');
    // 2027 has no production calendar: the date is computed by art. 112 ТК РФ and marked preliminary.
    expect(cal1.clocks[0]).toMatchObject({
      deadline: '2027-10-11',
      preliminary: 'календарь на 2027 год не загружен — срок предварительный',
    });
    expect(cal1.clocks[0]!.computed).toMatchObject({ nominal: '2027-10-10', from: '2027-09-10' });
    expect(cal1.steps.find((s) => s.key === 'council_results')!.dueOn).toBe('2027-10-11');

    // The council step cannot be ticked by hand: it is the council's decision, recorded as an event.
    const step = (await listSteps(t.db, c.id)).find((s) => s.key === 'council_results')!;
    await expect(
      updateStep(t.db, {
        campaignId: c.id,
        stepId: step.id,
        status: 'done',
        doneOn: '2027-10-05',
        actor,
        today: '2027-10-06',
      }),
    ).rejects.toThrow(/записью события/);
    await expect(
      recordCampaignEvent(t.db, {
        campaignId: c.id,
        kind: 'council_results_adopted',
        occurredOn: '2027-09-01',
        actor,
        today: '2027-10-06',
      }),
    ).rejects.toThrow(/раньше/);
    await recordCampaignEvent(t.db, {
      campaignId: c.id,
      kind: 'council_results_adopted',
      occurredOn: '2027-10-05',
      document: 'решение № 4',
      actor,
      today: '2027-10-06',
    });
    const cal2 = await campaignCalendar(t.db, c2, '2027-10-06');
    // The authority's month counts from the council's real decision date.
    expect(cal2.clocks[1]).toMatchObject({ startsOn: '2027-10-05', deadline: '2027-11-05', provisional: false });
    expect((await getCampaign(t.db, c.id))!.status).toBe('approved');

    const tor = (await listSteps(t.db, c.id)).find((s) => s.key === 'tor')!;
    await expect(
      updateStep(t.db, {
        campaignId: c.id,
        stepId: tor.id,
        status: 'done',
        doneOn: '2027-12-01',
        actor,
        today: '2027-10-06',
      }),
    ).rejects.toThrow(/ещё не наступила/);

    const overdue = await overdueSteps(t.db, [territoryId], '2027-11-10');
    expect(overdue.some((s) => s.key === 'authority_measures' && s.campaignTitle === 'НОК 2027')).toBe(true);
    expect(overdue.some((s) => s.key === 'improvement_plans')).toBe(false);
    expect(await overdueSteps(t.db, ['00000000-0000-0000-0000-000000000000'], '2027-11-10')).toEqual([]);
  });

  it('one campaign per territory and year; a repeat needs a reason; an empty campaign can be deleted, audited', async () => {
    await expect(
      createCampaign(
        t.db,
        { territoryId, year: 2027, title: 'НОК 2027 ещё раз', methodologyId: 'edu-2019', policies: {} },
        actor,
      ),
    ).rejects.toMatchObject({
      details: [expect.stringMatching(/уже есть кампания 2027 года — «НОК 2027»/)],
    });
    const repeat = await createCampaign(
      t.db,
      {
        territoryId,
        year: 2027,
        title: 'НОК 2027 (повторная)',
        methodologyId: 'edu-2019',
        policies: {},
        repeatReason: 'реорганизация двух школ',
      },
      actor,
      '2027-11-20',
    );
    expect(repeat.repeatReason).toBe('реорганизация двух школ');
    // Born in November: no step carries a date already past, so nothing is overdue on its first day.
    const cal = await campaignCalendar(t.db, repeat, '2027-11-20');
    expect(cal.steps.filter((s) => s.overdue)).toEqual([]);
    await expect(collectedData(t.db, repeat.id)).resolves.toEqual({
      responses: 0,
      checklistAnswers: 0,
      siteAudits: 0,
      resultVersions: 0,
    });
    await deleteCampaign(t.db, repeat.id, actor);
    expect(await getCampaign(t.db, repeat.id)).toBeUndefined();
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'campaign.delete'), eq(auditLog.entityId, repeat.id)));
    expect(entry?.before).toMatchObject({ title: 'НОК 2027 (повторная)' });
  });

  it('the stage follows events and never moves back: a published campaign does not reopen collection', async () => {
    const c = await createCampaign(
      t.db,
      { territoryId, year: 2030, title: 'НОК 2030', methodologyId: 'edu-2019', policies: {} },
      actor,
      '2030-01-10',
    );
    await recordCouncilDecision(t.db, {
      campaignId: c.id,
      number: '1',
      date: '2030-02-01',
      dataDir,
      actor,
      today: '2030-02-02',
    });
    expect((await getCampaign(t.db, c.id))!.status).toBe('collecting');
    await recordCampaignEvent(t.db, {
      campaignId: c.id,
      kind: 'operator_report_received',
      occurredOn: '2030-09-01',
      actor,
      today: '2030-09-02',
    });
    await recordCampaignEvent(t.db, {
      campaignId: c.id,
      kind: 'council_results_adopted',
      occurredOn: '2030-09-20',
      actor,
      today: '2030-09-21',
    });
    await recordCampaignEvent(t.db, {
      campaignId: c.id,
      kind: 'results_published',
      occurredOn: '2030-10-01',
      actor,
      today: '2030-10-02',
    });
    expect((await getCampaign(t.db, c.id))!.status).toBe('published');
    // Re-dating the list decision, or a forged «status» in a settings patch, changes nothing about the stage.
    await recordCouncilDecision(t.db, {
      campaignId: c.id,
      number: '1а',
      date: '2030-02-03',
      dataDir,
      actor,
      today: '2030-10-02',
    });
    await updateCampaign(
      t.db,
      c.id,
      { title: 'НОК 2030', status: 'collecting' } as Parameters<typeof updateCampaign>[2],
      actor,
    );
    expect((await getCampaign(t.db, c.id))!.status).toBe('published');
  });

  it('a campaign with collected data cannot be deleted', async () => {
    const c = (await listCampaigns(t.db, [territoryId])).find((x) => x.year === 2027)!;
    await t.db
      .insert(checklistAnswers)
      .values({ campaignId: c.id, organisationId: orgIds[0]!, checklist: '1.2', itemId: 'x', answer: 'no' });
    await expect(deleteCampaign(t.db, c.id, actor)).rejects.toMatchObject({
      message: expect.stringMatching(/уже собраны данные/),
      details: ['ответов в чек-листах: 1'],
    });
    expect(await getCampaign(t.db, c.id)).toBeDefined();
  });
});
