// The plans dashboard's data cache (decision 0089): every kind of write the dashboard shows moves a stamp
// kept by the database's triggers, so the next load shows it — the writes here are raw SQL, which only the
// triggers can see, so each test fails if a table the dashboard reads has no trigger; a repeat load is a
// cache hit; different roles and territories never share an entry; a write elsewhere keeps the entry.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorityDashboard, dashboardCacheStats, type DashboardQuery } from '../../app/routes/plans/dashboard.server';
import type { SessionUser } from '../../src/auth/policy';
import { todayIso } from '../../src/campaigns/dates';
import { improvementPlans, planItems, plansCampaignStamps } from '../../src/db/schema/plans';
import { generatePlans } from '../../src/plans/generate.server';
import { NO_CAMPAIGN, plansStamps } from '../../src/plans/stamps.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedApprovedCampaign, type PlansFixture } from './fixtures';

describe(`plans dashboard data cache (${testEngine})`, () => {
  let t: TestDatabase;
  let f: PlansFixture;
  let planId: string;
  let otherPlanId: string;
  const today = todayIso();
  const query = (extra: Partial<DashboardQuery> = {}): DashboardQuery => ({
    campaign: f.campaignId,
    section: null,
    funding: false,
    q: '',
    page: 1,
    overduePage: 1,
    ...extra,
  });
  const load = async (user: SessionUser = f.users.authority, extra: Partial<DashboardQuery> = {}) => {
    const r = await authorityDashboard(t.db, user, query(extra), today);
    expect(r.part).not.toBeNull();
    return { ...r, part: r.part! };
  };
  const line = (r: Awaited<ReturnType<typeof load>>, id = planId) => r.part.dash.rows.find((x) => x.planId === id)!;
  const misses = () => dashboardCacheStats.misses;
  const aRow = async (status: string) => {
    const [row] = await t.db
      .select({ id: planItems.id })
      .from(planItems)
      .where(and(eq(planItems.planId, planId), sql`${planItems.status} = ${status}`))
      .limit(1);
    return row!.id;
  };

  beforeAll(async () => {
    t = await createTestDb();
    f = await seedApprovedCampaign(t.db, { orgs: 3 });
    await generatePlans(t.db, f.campaignId, f.users.authority);
    await t.db.execute(
      sql`insert into plan_acts (territory_id, kind, number, date, approver_post, approver_name) values (${f.regionId}, 'приказ', '1', '2025-12-01', 'министр', 'И. И. Иванов')`,
    );
    await t.db.execute(
      sql`update improvement_plans set status = 'approved', act_id = (select id from plan_acts limit 1), approved_at = now()`,
    );
    // Every row open and dated in the future: nothing overdue, claimed or done yet.
    await t.db.execute(
      sql`update plan_items set responsible_name = 'Петрова А. С.', responsible_post = 'завуч', planned_kind = 'date', planned_date = date '2099-01-15', status = 'planned'`,
    );
    const plans = await t.db
      .select({ id: improvementPlans.id, org: improvementPlans.organisationId })
      .from(improvementPlans)
      .where(eq(improvementPlans.campaignId, f.campaignId));
    planId = plans.find((p) => p.org === f.orgIds[0])!.id;
    otherPlanId = plans.find((p) => p.org === f.orgIds[1])!.id;
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('serves a repeat load from the cache and the same entry to everyone of one role and territory', async () => {
    const first = await load();
    const before = { ...dashboardCacheStats };
    const again = await load();
    expect(dashboardCacheStats.misses).toBe(before.misses);
    expect(dashboardCacheStats.hits).toBe(before.hits + 2);
    expect(again.part).toBe(first.part);
    // Another person with the same role and territory shares it: nothing in it is personal.
    await load({ ...f.users.authority, id: 'someone-else', name: 'Другой' });
    expect(dashboardCacheStats.misses).toBe(before.misses);
  });

  it('keys on every filter and both pages', async () => {
    const base = await load();
    for (const extra of [
      { section: 'I' as const },
      { funding: true },
      { q: 'Школа' },
      { page: 2 },
      { overduePage: 2 },
    ]) {
      const m = misses();
      const r = await load(f.users.authority, extra);
      expect(misses(), JSON.stringify(extra)).toBe(m + 1);
      expect(r.part).not.toBe(base.part);
    }
  });

  it('never shares an entry between territories or roles', async () => {
    const region = await load();
    // A municipality's authority sees only its own territory's campaigns: none here, never the region's.
    const muniUser: SessionUser = { ...f.users.authority, territoryId: f.municipalityIds[1]! };
    const m = misses();
    const muni = await authorityDashboard(t.db, muniUser, query(), today);
    expect(misses()).toBe(m + 1);
    expect(muni.campaigns).toEqual([]);
    expect(muni.part).toBeNull();
    expect(region.campaigns.map((c) => c.id)).toEqual([f.campaignId]);
    expect(region.part.dash.totals.plans).toBe(3);
    // The operator's start items differ from the authority's: a role of its own.
    const m2 = misses();
    await load(f.users.operator);
    expect(misses()).toBe(m2 + 2);
    const m3 = misses();
    await load(f.users.admin);
    expect(misses()).toBe(m3 + 2);
  });

  it('shows a row verified, moved overdue, claimed, deleted', async () => {
    const r0 = await load();
    const done0 = line(r0).done;
    const verified = await aRow('planned');
    await t.db.execute(sql`update plan_items set status = 'verified' where id = ${verified}`);
    const r1 = await load();
    expect(line(r1).done).toBe(done0 + 1);
    expect(r1.part.dash.totals.done).toBe((r0.part.dash.totals.done ?? 0) + 1);

    expect(r1.part.overdue.rows.length).toBe(0);
    const late = await aRow('planned');
    await t.db.execute(sql`update plan_items set planned_date = date '2025-01-10' where id = ${late}`);
    const r2 = await load();
    expect(r2.part.overdue.rows.map((o) => o.itemId)).toEqual([late]);
    expect(line(r2).overdue).toBe(1);

    expect(r2.part.claimed.rows.length).toBe(0);
    const claimed = await aRow('planned');
    await t.db.execute(
      sql`update plan_items set status = 'claimed', claimed_at = now(), implemented = 'Сделано' where id = ${claimed}`,
    );
    const r3 = await load();
    expect(r3.part.claimed.rows.map((c) => c.itemId)).toEqual([claimed]);

    const total = line(r3).total;
    await t.db.execute(sql`delete from plan_items where id = ${verified}`);
    const r4 = await load();
    expect(line(r4).total).toBe(total - 1);
  });

  it('shows a progress report submitted and reviewed', async () => {
    expect((await load()).part.reports.rows.length).toBe(0);
    await t.db
      .execute(sql`insert into plan_reports (plan_id, period_start, period_end, due_date, submitted_by, rows, status, submitted_at)
      values (${planId}, date '2026-01-01', date '2026-03-31', date '2026-04-03', 'Директор', '[]'::jsonb, 'submitted', now())`);
    const r1 = await load();
    expect(r1.part.reports.rows.map((r) => r.planId)).toEqual([planId]);
    await t.db.execute(sql`update plan_reports set status = 'accepted' where plan_id = ${planId}`);
    expect((await load()).part.reports.rows.length).toBe(0);
  });

  it("shows a plan's status and its organisation's new name, but an organisation's other columns keep the entry", async () => {
    await t.db.execute(sql`update improvement_plans set status = 'published' where id = ${otherPlanId}`);
    expect(line(await load(), otherPlanId).statusLabel).not.toBe(line(await load(), planId).statusLabel);

    await t.db.execute(sql`update organisations set short_name = 'Переименованная школа' where id = ${f.orgIds[0]}`);
    const r1 = await load();
    expect(line(r1).organisation).toBe('Переименованная школа');

    // The site audit and the card write other columns often; the dashboard does not show them.
    const [before] = await t.db
      .select()
      .from(plansCampaignStamps)
      .where(eq(plansCampaignStamps.campaignId, NO_CAMPAIGN));
    await t.db.execute(sql`update organisations set updated_at = now() where id = ${f.orgIds[0]}`);
    const [after] = await t.db
      .select()
      .from(plansCampaignStamps)
      .where(eq(plansCampaignStamps.campaignId, NO_CAMPAIGN));
    expect(after!.stamp).toBe(before!.stamp);
    const m = misses();
    expect((await load()).part).toBe(r1.part);
    expect(misses()).toBe(m);
  });

  it("shows the territory's settings and the campaign's title", async () => {
    const r0 = await load();
    expect(r0.part.settings.reportDays).toBe(3);
    await t.db
      .execute(sql`insert into plan_settings (territory_id, draft_rule, approval_rule, publication_rule, report_period, report_days)
      values (${f.regionId}, '{"kind":"months","count":2}', '{"kind":"months","count":1}', '{"kind":"working_days","count":10}', 'quarter', 9)`);
    expect((await load()).part.settings.reportDays).toBe(9);

    await t.db.execute(sql`update campaigns set title = 'Переименованная кампания' where id = ${f.campaignId}`);
    expect((await load()).selected!.title).toBe('Переименованная кампания');
  });

  it("keys a campaign's part on earlier years' plans, not on later campaigns", async () => {
    // Copies of the campaign a year before and a year after (no plans: only their stamps matter here).
    const copy = async (shift: number) => {
      const [c] = (
        (await t.db.execute(sql`insert into campaigns (territory_id, year, title, methodology_id, policies, status)
        select territory_id, year + ${shift}, title || ${` ${shift}`}, methodology_id, policies, status from campaigns where id = ${f.campaignId}
        returning id`)) as unknown as { rows: { id: string }[] }
      ).rows;
      return c!.id;
    };
    const earlier = await copy(-1);
    const later = await copy(1);
    const s0 = await plansStamps(t.db);
    const r0 = await load();
    await t.db.execute(sql`update campaigns set status = status where id = ${later}`);
    const s1 = await plansStamps(t.db);
    expect(s1.all).not.toBe(s0.all);
    expect(s1.of(f.campaignId)).toBe(s0.of(f.campaignId));
    // A later campaign leaves this campaign's part as it is (only the campaign list is read again).
    const m = misses();
    const r1 = await load();
    expect(r1.part).toBe(r0.part);
    expect(misses()).toBe(m + 1);
    await t.db.execute(sql`update campaigns set status = status where id = ${earlier}`);
    expect((await plansStamps(t.db)).of(f.campaignId)).not.toBe(s1.of(f.campaignId));
    expect((await load()).part).not.toBe(r1.part);
  });
});
