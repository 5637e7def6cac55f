import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistAnswers } from '../../src/db/schema/checklists';
import { planItems } from '../../src/db/schema/plans';
import { claimRow, closeRow, verifyRow } from '../../src/plans/execution.server';
import { generatePlans } from '../../src/plans/generate.server';
import {
  openRowsForChecklist,
  overdueRows,
  planStartItems,
  resolvedShortfalls,
  sendReminders,
  territoryDashboard,
  visibleTerritories,
  type Reminder,
} from '../../src/plans/control.server';
import {
  agreePlan,
  approvePlans,
  fillResponsible,
  plansOfOrganisation,
  planItemsOf,
  submitPlan,
} from '../../src/plans/plans.server';
import { createTestDb, newDataDir, testEngine, type TestDatabase } from '../helpers/db';
import { noko } from '../helpers/noko';
import { approveVersion, computeDraft } from '../../src/results/versions.server';
import { seedResultsCampaign } from '../results/fixtures';
import { seedApprovedCampaign, type PlansFixture } from './fixtures';

describe(`control: dashboard, overdue, start pages, reminders, next cycle (${testEngine})`, () => {
  let t: TestDatabase;
  let f: PlansFixture;
  let planId: string;
  const today = '2026-08-01';

  beforeAll(async () => {
    t = await createTestDb();
    f = await seedApprovedCampaign(t.db, { orgs: 3 });
    await generatePlans(t.db, f.campaignId, f.users.authority);
    planId = (await plansOfOrganisation(t.db, f.orgIds[0]!))[0]!.id;
    await fillResponsible(t.db, planId, 'Петрова Анна Сергеевна', f.orgUser);
    await submitPlan(t.db, planId, f.orgUser);
    await agreePlan(t.db, planId, f.users.authority);
    await approvePlans(
      t.db,
      [planId],
      { kind: 'приказ', number: '3', date: '2025-12-01', approverPost: 'начальник', approverName: 'И. И. Иванов' },
      f.users.authority,
    );
    const rows = await planItemsOf(t.db, planId);
    await claimRow(
      t.db,
      planId,
      rows[0]!.id,
      { implemented: 'Сделано', actualDate: '2026-01-10', evidence: [{ kind: 'link', url: 'https://example.org/a' }] },
      f.orgUser,
    );
    await verifyRow(t.db, planId, rows[0]!.id, '', f.users.operator);
    await claimRow(
      t.db,
      planId,
      rows[1]!.id,
      { implemented: 'Сделано', actualDate: '2026-01-10', evidence: [{ kind: 'link', url: 'https://example.org/b' }] },
      f.orgUser,
    );
    await closeRow(t.db, planId, rows[2]!.id, 'carried_over', 'Нет денег', f.users.authority);
    // Two rows with known dates: one a week overdue on `today`, one due in five days.
    await t.db
      .update(planItems)
      .set({ plannedDate: '2026-07-25', needsFunding: true, section: 'III' })
      .where(eq(planItems.id, rows[3]!.id));
    await t.db.update(planItems).set({ plannedDate: '2026-08-06' }).where(eq(planItems.id, rows[4]!.id));
  }, 120_000);
  afterAll(async () => t?.close());

  it('the dashboard counts rows per organisation, with filters; «overdue» is computed from the date', async () => {
    const territories = await visibleTerritories(t.db, f.users.authority);
    const all = await territoryDashboard(t.db, f.campaignId, territories, {}, today);
    const row = all.rows.find((r) => r.planId === planId)!;
    const items = await planItemsOf(t.db, planId);
    const overdue = items.filter(
      (i) => (i.status === 'planned' || i.status === 'in_progress') && i.plannedDate && i.plannedDate < today,
    ).length;
    expect(row).toMatchObject({ total: items.length, done: 1, claimed: 1, carried: 1, overdue });
    expect(row.share).toBeCloseTo(1 / items.length);
    expect(all.totals.plans).toBe(3);
    const funding = await territoryDashboard(t.db, f.campaignId, territories, { funding: true }, today);
    expect(funding.rows.find((r) => r.planId === planId)!.total).toBe(items.filter((i) => i.needsFunding).length);
    const s3 = await territoryDashboard(t.db, f.campaignId, territories, { section: 'III' }, today);
    expect(s3.rows.find((r) => r.planId === planId)!.total).toBe(items.filter((i) => i.section === 'III').length);
    // Another municipality's authority sees nothing of this region's plans.
    expect(
      (await territoryDashboard(t.db, f.campaignId, ['00000000-0000-4000-8000-000000000000'], {}, today)).rows,
    ).toEqual([]);
  });

  it('the overdue list names the responsible people', async () => {
    const list = await overdueRows(t.db, f.campaignId, null, today, { funding: true });
    expect(list.length).toBeGreaterThanOrEqual(1);
    expect(list[0]!.responsible).toContain('Петрова Анна Сергеевна');
    expect(list.every((o) => o.plannedDate < today && o.needsFunding)).toBe(true);
  });

  it('start pages: the organisation sees overdue and due-soon rows; the authority sees what waits for it', async () => {
    const org = await planStartItems(t.db, f.orgUser, today);
    expect(org.map((i) => i.text).join(' ')).toMatch(/просрочено \d+ мероприяти/);
    expect(org.map((i) => i.text).join(' ')).toContain('в ближайшие две недели');
    const auth = await planStartItems(t.db, f.users.authority, today);
    expect(auth.map((i) => i.text).join(' ')).toContain('Ждут проверки: 1 выполненное мероприятие');
  });

  it('reminders go out once each, before and after the due date, and a failed one is retried', async () => {
    const sent: Reminder[] = [];
    let fail = true;
    const send = async (m: Reminder) => {
      if (fail && m.subject.startsWith('Срок')) {
        fail = false;
        throw new Error('smtp down');
      }
      sent.push(m);
    };
    const first = await sendReminders(t.db, today, 'https://noko.example', send);
    expect(first.failed).toBe(1);
    expect(sent.every((m) => m.to === f.orgUser.email)).toBe(true);
    expect(sent.some((m) => m.subject.startsWith('Просрочено'))).toBe(true);
    const second = await sendReminders(t.db, today, 'https://noko.example', send);
    expect(second).toEqual({ sent: 1, failed: 0 });
    expect(sent.find((m) => m.subject.startsWith('Срок'))!.text).toContain(`https://noko.example/plans/${planId}`);
    expect(await sendReminders(t.db, today, null, send)).toEqual({ sent: 0, failed: 0 });
  });

  it('the expert sees the open rows that answer the checklist being filled', async () => {
    const rows = await planItemsOf(t.db, planId);
    const open = rows.find((r) => r.checklist && (r.status === 'planned' || r.status === 'claimed'))!;
    const list = await openRowsForChecklist(t.db, f.orgIds[0]!, open.checklist!);
    expect(list.map((r) => r.itemId)).toContain(open.id);
    expect(list.every((r) => r.statusLabel)).toBe(true);
  });

  it('the next campaign shows how many of last cycle’s shortfalls are gone', async () => {
    const rows = (await planItemsOf(t.db, planId)).filter((r) => r.checklist && r.itemId);
    const next = await seedResultsCampaign(t.db, {
      reuse: { regionId: f.regionId, municipalityIds: f.municipalityIds, orgIds: f.orgIds },
      year: 2026,
      seed: 9,
    });
    // In the new campaign the organisation fixed exactly the first two of them.
    await t.db.update(checklistAnswers).set({ answer: 'no' }).where(eq(checklistAnswers.campaignId, next.campaignId));
    for (const r of rows.slice(0, 2)) {
      await t.db.execute(
        sql`update checklist_answers set answer = 'yes' where campaign_id = ${next.campaignId} and organisation_id = ${f.orgIds[0]!} and checklist = ${r.checklist} and item_id = ${r.itemId}`,
      );
    }
    const v = await computeDraft(t.db, next.campaignId, f.users.operator);
    await approveVersion(t.db, v.id, { number: '9', date: '2026-10-01', confirmGaps: true }, f.users.chair);
    const r = await resolvedShortfalls(t.db, next.campaignId, null);
    const mine = r!.rows.find((x) => x.organisationId === f.orgIds[0])!;
    const surveyRows = (await planItemsOf(t.db, planId)).filter(
      (x) => !x.checklist && x.indicator && x.source !== 'own',
    ).length;
    expect(mine.previous).toBe(rows.length + surveyRows);
    expect(mine.gone).toBeGreaterThanOrEqual(2);
    expect(mine.gone).toBeLessThanOrEqual(2 + surveyRows);
  });
});

describe('noko plan-reminders (child process)', () => {
  it('without SMTP it sends nothing and says where reminders are shown; a bad date is refused', async () => {
    // A migrated copy of the template: the child only checks the migrations instead of running them all.
    const dataDir = await newDataDir(mkdtempSync(path.join(tmpdir(), 'noko-plan-cli-')));
    try {
      const env = { SMTP_URL: undefined };
      const ok = await noko(['plan-reminders', '--date', '2026-08-01'], { dataDir, env });
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('SMTP_URL) не настроена');
      expect(ok.stdout).toContain('Напоминаний на 01.08.2026: 0.');
      const bad = await noko(['plan-reminders', '--date', '01.08.2026'], { dataDir, env });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('ГГГГ-ММ-ДД');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
