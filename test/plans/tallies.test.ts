// The dashboard's read model (decision 0085): after every kind of write — the room's functions, a bulk SQL
// update, a plan superseded by a new version, a campaign deleted with its plans — the tallies equal a
// count of the rows themselves, and the dashboard's totals and start items equal the live aggregate.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planItems } from '../../src/db/schema/plans';
import { campaigns } from '../../src/db/schema/registry';
import { claimRow, closeRow, rejectRow, startRow, verifyRow } from '../../src/plans/execution.server';
import { generatePlans } from '../../src/plans/generate.server';
import { planStartItems, territoryDashboard, visibleTerritories } from '../../src/plans/control.server';
import {
  addRow,
  agreePlan,
  approvePlans,
  fillResponsible,
  newVersion,
  planItemsOf,
  plansOfOrganisation,
  removeRow,
  submitPlan,
  updateRow,
} from '../../src/plans/plans.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedApprovedCampaign, type PlansFixture } from './fixtures';

const rowsOf = (r: unknown) => ((r as { rows?: unknown[] }).rows ?? r) as Record<string, unknown>[];

describe(`plan row tallies follow every write (${testEngine})`, () => {
  let t: TestDatabase;
  let f: PlansFixture;
  const today = '2026-08-01';

  /** The tallies as stored (zero groups left out) and as counted from the rows, in one comparable form. */
  async function both() {
    const key = (r: Record<string, unknown>) =>
      [
        r.campaign_id,
        r.territory_id,
        r.plan_status,
        r.section,
        r.needs_funding,
        r.status,
        r.due ?? '-',
        Number(r.n),
      ].join('|');
    const stored = rowsOf(
      await t.db.execute(
        sql`select campaign_id, territory_id, plan_status, section, needs_funding, status, due::text as due, n from plan_row_tallies where n <> 0`,
      ),
    )
      .map(key)
      .sort();
    const live = rowsOf(
      await t.db
        .execute(sql`select p.campaign_id, p.territory_id, p.status as plan_status, i.section, i.needs_funding, i.status,
        (case when i.status in ('planned', 'in_progress') and i.planned_kind <> 'permanent' then i.planned_date end)::text as due, count(*)::int as n
      from plan_items i join improvement_plans p on p.id = i.plan_id group by 1, 2, 3, 4, 5, 6, 7`),
    )
      .map(key)
      .sort();
    return { stored, live };
  }

  async function expectConsistent() {
    const { stored, live } = await both();
    expect(stored).toEqual(live);
  }

  /** The dashboard's totals counted the old way: every row of the campaign's current plans. */
  async function liveTotals(filter = sql`true`) {
    const [r] = rowsOf(
      await t.db.execute(sql`select count(i.id)::int as total,
        count(i.id) filter (where i.status = 'verified')::int as done,
        count(i.id) filter (where i.status in ('planned', 'in_progress') and i.planned_kind <> 'permanent' and i.planned_date < ${today})::int as overdue,
        count(i.id) filter (where i.status = 'carried_over')::int as carried,
        count(i.id) filter (where i.status = 'claimed')::int as claimed,
        count(i.id) filter (where i.status = 'cancelled')::int as cancelled
      from improvement_plans p join plan_items i on i.plan_id = p.id where p.campaign_id = ${f.campaignId} and p.status <> 'superseded' and ${filter}`),
    );
    return r!;
  }

  beforeAll(async () => {
    t = await createTestDb();
    f = await seedApprovedCampaign(t.db, { orgs: 4 });
  }, 120_000);
  afterAll(async () => t?.close());

  it('generation, editing, agreement, approval and execution keep the tallies equal to the rows', async () => {
    await generatePlans(t.db, f.campaignId, f.users.authority);
    await expectConsistent();
    expect((await both()).stored.length).toBeGreaterThan(0);
    const planId = (await plansOfOrganisation(t.db, f.orgIds[0]!))[0]!.id;
    let rows = await planItemsOf(t.db, planId);
    await updateRow(
      t.db,
      planId,
      rows[0]!.id,
      {
        section: 'IV',
        shortfall: rows[0]!.shortfall,
        measure: 'Другое мероприятие',
        plannedKind: 'date',
        plannedDate: '2026-07-01',
        responsibleName: 'Петрова А. С.',
        responsiblePost: 'завуч',
        needsFunding: 'on',
      },
      f.orgUser,
    );
    await addRow(
      t.db,
      planId,
      {
        section: 'II',
        shortfall: 'Нет навеса',
        measure: 'Установить навес',
        plannedKind: 'permanent',
        plannedDate: '',
        responsibleName: 'Сидоров П. П.',
        responsiblePost: 'завхоз',
      },
      f.orgUser,
    );
    const own = await addRow(
      t.db,
      planId,
      {
        section: 'V',
        shortfall: 'Нет скамеек',
        measure: 'Поставить скамейки',
        plannedKind: 'date',
        plannedDate: '2026-06-01',
        responsibleName: 'Сидоров П. П.',
        responsiblePost: 'завхоз',
      },
      f.orgUser,
    );
    await expectConsistent();
    await removeRow(t.db, planId, own.id, f.orgUser);
    await expectConsistent();
    await fillResponsible(t.db, planId, 'Петрова Анна Сергеевна', f.orgUser);
    await submitPlan(t.db, planId, f.orgUser);
    await agreePlan(t.db, planId, f.users.authority);
    await approvePlans(
      t.db,
      [planId],
      { kind: 'приказ', number: '3', date: '2025-12-01', approverPost: 'начальник', approverName: 'И. И. Иванов' },
      f.users.authority,
    );
    await expectConsistent();
    rows = await planItemsOf(t.db, planId);
    await startRow(t.db, planId, rows[0]!.id, f.orgUser);
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
    await rejectRow(t.db, planId, rows[1]!.id, 'На фото не то', f.users.operator);
    await closeRow(t.db, planId, rows[2]!.id, 'carried_over', 'Нет денег', f.users.authority);
    await closeRow(t.db, planId, rows[3]!.id, 'cancelled', 'Не нужно', f.users.authority);
    await expectConsistent();

    // The totals and the start items read the tallies; they must say what the rows say, filters included.
    const territories = await visibleTerritories(t.db, f.users.authority);
    const dash = await territoryDashboard(t.db, f.campaignId, territories, {}, today);
    expect(dash.totals).toMatchObject(await liveTotals());
    expect(dash.totals.done).toBe(1);
    const funding = await territoryDashboard(t.db, f.campaignId, territories, { funding: true }, today);
    expect(funding.totals).toMatchObject(await liveTotals(sql`i.needs_funding`));
    const s4 = await territoryDashboard(t.db, f.campaignId, territories, { section: 'IV' }, today);
    expect(s4.totals).toMatchObject(await liveTotals(sql`i.section = 'IV'`));
    expect(s4.totals.total).toBeGreaterThan(0);
    // A name search counts the matching plans live: the same answer for the one organisation it finds.
    const one = await territoryDashboard(
      t.db,
      f.campaignId,
      territories,
      { q: dash.rows.find((r) => r.planId === planId)!.organisation },
      today,
    );
    expect(one.rows.map((r) => r.planId)).toEqual([planId]);
    expect(one.totals).toMatchObject({
      total: one.rows[0]!.total,
      done: one.rows[0]!.done,
      overdue: one.rows[0]!.overdue,
    });
    // The page rows, counted live for the page's plans, add up to the tallied totals.
    expect(dash.rows.reduce((n, r) => n + r.total, 0)).toBe(dash.totals.total);
    expect(dash.rows.reduce((n, r) => n + r.overdue, 0)).toBe(dash.totals.overdue);

    const [approvedRows] = rowsOf(
      await t.db.execute(sql`select
        count(*) filter (where i.status = 'claimed')::int as claimed,
        count(*) filter (where i.status in ('planned', 'in_progress') and i.planned_kind <> 'permanent' and i.planned_date < ${today})::int as overdue
      from plan_items i join improvement_plans p on p.id = i.plan_id where p.status in ('approved', 'published')`),
    );
    const start = (await planStartItems(t.db, f.users.authority, today)).map((i) => i.text).join(' ');
    const overdue = Number(approvedRows!.overdue);
    if (overdue) expect(start).toContain(`Просрочено ${overdue} `);
    else expect(start).not.toContain('Просрочено');
  }, 120_000);

  it('a new version, a bulk SQL update and a deleted campaign keep them equal too', async () => {
    const planId = (await plansOfOrganisation(t.db, f.orgIds[0]!))[0]!.id;
    await newVersion(t.db, planId, 'Изменились сроки', f.orgUser);
    await expectConsistent();
    const superseded = rowsOf(
      await t.db.execute(sql`select sum(n)::int as n from plan_row_tallies where plan_status = 'superseded'`),
    )[0]!;
    expect(Number(superseded.n)).toBeGreaterThan(0);
    // What the benchmark does to reach months of execution: one statement over every row and every plan.
    await t.db.execute(
      sql`update plan_items set status = (array['planned','in_progress','claimed','verified','cancelled'])[1 + (position % 5)]`,
    );
    await t.db.execute(sql`update improvement_plans set status = 'approved' where status = 'draft'`);
    await t.db.update(planItems).set({ plannedDate: '2026-07-30' }).where(eq(planItems.status, 'planned'));
    await expectConsistent();
    await t.db.delete(campaigns).where(eq(campaigns.id, f.campaignId));
    await expectConsistent();
    expect(rowsOf(await t.db.execute(sql`select coalesce(sum(n), 0)::int as n from plan_row_tallies`))[0]!.n).toBe(0);
  }, 120_000);
});
