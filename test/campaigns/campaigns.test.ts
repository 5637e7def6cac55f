import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { campaignOrganisations } from '../../src/db/schema/registry';
import {
  CampaignError,
  campaignCalendar,
  campaignOrganisationList,
  createCampaign,
  getCampaign,
  overdueSteps,
  publicCampaign,
  readCampaignDocument,
  recordCouncilDecision,
  setCampaignOrganisations,
  setOperatorReportDate,
  listSteps,
  updateStep,
} from '../../src/campaigns/campaigns.server';
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
    await expect(createCampaign(t.db, { territoryId, year: 2025, title: 'x', methodologyId: 'edu-1999', policies: { minN: -1 } }, actor)).rejects.toMatchObject({
      details: expect.arrayContaining([expect.stringMatching(/неизвестная версия методики/), expect.stringMatching(/minN/)]),
    });
  });

  it('periodicity: due list, too-soon needs a reason, all or nothing', async () => {
    const old = await createCampaign(t.db, { territoryId, year: 2024, title: 'НОК 2024', methodologyId: 'edu-2019', policies: {} }, actor);
    await recordCouncilDecision(t.db, { campaignId: old.id, number: '1', date: '2024-03-10', dataDir, actor });
    const sorted = [...orgIds];
    await setCampaignOrganisations(t.db, old.id, [{ organisationId: sorted[0]! }], actor);

    const current = await createCampaign(t.db, { territoryId, year: 2025, title: 'НОК 2025', methodologyId: 'edu-2019', policies: {} }, actor);
    await recordCouncilDecision(t.db, { campaignId: current.id, number: '7', date: '2025-02-20', dataDir, actor });
    const c = (await getCampaign(t.db, current.id))!;
    const list = await campaignOrganisationList(t.db, c);
    // Organisation 0 was assessed 2024-03-10: less than a year before 2025-02-20, not due. The others are due.
    const e0 = list.entries.find((e) => e.organisation.id === sorted[0])!;
    expect(e0.verdict.tooSoon?.title).toBe('НОК 2024');
    expect(e0.verdict.due).toBe(false);
    expect(list.dueLeftOut).toHaveLength(3);

    const [before] = await t.db.select({ n: count() }).from(campaignOrganisations);
    const err = await setCampaignOrganisations(t.db, current.id, [{ organisationId: sorted[0]! }, { organisationId: sorted[1]! }], actor).catch((e) => e);
    expect(err).toBeInstanceOf(CampaignError);
    expect((err as CampaignError).details[0]).toMatch(/меньше года назад.*причину/);
    const [after] = await t.db.select({ n: count() }).from(campaignOrganisations);
    expect(after!.n).toBe(before!.n);

    await setCampaignOrganisations(t.db, current.id, [{ organisationId: sorted[0]!, reason: 'жалобы родителей' }, { organisationId: sorted[1]! }], actor);
    const list2 = await campaignOrganisationList(t.db, c);
    expect(list2.dueLeftOut.map((e) => e.organisation.id).sort()).toEqual([sorted[2]!, sorted[3]!].sort());
    expect(list2.tooSoonWithoutReason).toHaveLength(0);

    const pub = await publicCampaign(t.db, current.id);
    expect(pub?.organisations).toHaveLength(2);
    expect(pub?.campaign.councilDecisionNumber).toBe('7');
  });

  it('refuses an organisation from another territory', async () => {
    const other = (await municipality(t.db, 'Другой')).municipality.id;
    const c = await createCampaign(t.db, { territoryId: other, year: 2025, title: 'Чужая', methodologyId: 'edu-2019', policies: {} }, actor);
    await expect(setCampaignOrganisations(t.db, c.id, [{ organisationId: orgIds[0]! }], actor)).rejects.toMatchObject({ details: expect.arrayContaining([expect.stringMatching(/не относится к территории/)]) });
  });

  it('stores the council decision document under DATA_DIR and checks what it is', async () => {
    const c = await createCampaign(t.db, { territoryId, year: 2026, title: 'НОК 2026', methodologyId: 'edu-2019', policies: {} }, actor);
    const pdf = utf8('%PDF-1.4\n% решение совета\n');
    await recordCouncilDecision(t.db, { campaignId: c.id, number: '3-с', date: '2026-02-15', document: { fileName: 'Решение.pdf', bytes: pdf }, dataDir, actor });
    const pub = await publicCampaign(t.db, c.id);
    const doc = pub!.documents[0]!;
    expect(doc.fileName).toBe('Решение.pdf');
    expect(readFileSync(path.join(dataDir, doc.storedPath)).toString()).toContain('%PDF');
    const read = await readCampaignDocument(t.db, dataDir, c.id, doc.id);
    expect(read?.bytes.length).toBe(pdf.length);
    await expect(
      recordCouncilDecision(t.db, { campaignId: c.id, number: '4', date: '2026-02-16', document: { fileName: 'x.pdf', bytes: utf8('MZ not a pdf') }, dataDir, actor }),
    ).rejects.toMatchObject({ details: [expect.stringMatching(/не похоже на PDF/)] });
  });

  it('calendar: default steps, clocks after the report date, overdue on the dashboard', async () => {
    const c = await createCampaign(t.db, { territoryId, year: 2027, title: 'НОК 2027', methodologyId: 'edu-2019', policies: {} }, actor);
    const cal0 = await campaignCalendar(t.db, c, '2027-03-20');
    expect(cal0.steps.map((s) => s.key)).toContain('council_results');
    expect(cal0.steps.filter((s) => s.overdue).map((s) => s.key)).toEqual(['list', 'tor', 'publish_list']);
    expect(cal0.clocks[0]!.state).toBe('not_started');

    await setOperatorReportDate(t.db, c.id, '2027-09-10', actor);
    const c2 = (await getCampaign(t.db, c.id))!;
    const cal1 = await campaignCalendar(t.db, c2, '2027-10-01');
    expect(cal1.clocks[0]).toMatchObject({ deadline: '2027-10-10', label: 'осталось 9 дней' });
    expect(cal1.steps.find((s) => s.key === 'council_results')!.plannedOn).toBe('2027-10-10');

    const step = (await listSteps(t.db, c.id)).find((s) => s.key === 'council_results')!;
    await updateStep(t.db, { campaignId: c.id, stepId: step.id, status: 'done', doneOn: '2027-10-05', actor });
    const cal2 = await campaignCalendar(t.db, c2, '2027-10-06');
    expect(cal2.clocks[1]).toMatchObject({ deadline: '2027-11-05', label: 'осталось 30 дней', provisional: false });

    const overdue = await overdueSteps(t.db, [territoryId], '2027-11-10');
    expect(overdue.some((s) => s.key === 'authority_measures' && s.campaignTitle === 'НОК 2027')).toBe(true);
    expect(await overdueSteps(t.db, ['00000000-0000-0000-0000-000000000000'], '2027-11-10')).toEqual([]);
  });
});
