// What the deadlines sheet and the plan summary read from the database. Each loader gathers recorded
// data only and hands it to a pure builder.
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '../../db/index.server';
import { improvementPlans, planActs, planItems, planReports } from '../../db/schema/plans';
import { campaignOrganisations, campaigns, organisations, territories } from '../../db/schema/registry';
import { resultVersions } from '../../db/schema/results';
import { campaignCalendar } from '../../campaigns/calendar.server';
import { clockEvents, clockViews } from '../../council/clock.server';
import { reportPeriods } from '../../plans/model';
import { calendar, getSettings, planDeadlines } from '../../plans/settings.server';
import { computeDeadline } from '../../calendar/deadlines';
import { deadlinesSheet, type DeadlinesSheet, type PlanDeadlinesInput } from './deadlines';
import { DocumentError } from '../registry.server';
import { planSummary, type PlanSummary, type PlanSummaryInput } from './plan-summary';
import { isUuid } from '../../lib/ids';

async function campaignWithTerritory(db: Tx, campaignId: string) {
  if (!isUuid(campaignId)) throw new DocumentError('Кампания не найдена.', 404);
  const [row] = await db
    .select({ c: campaigns, territoryName: territories.name })
    .from(campaigns)
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .where(eq(campaigns.id, campaignId));
  if (!row) throw new DocumentError('Кампания не найдена.', 404);
  return row;
}

/** Current plans of a campaign: the newest version of each organisation's plan that is not superseded. */
async function currentPlans(db: Tx, campaignId: string) {
  const plans = await db
    .select()
    .from(improvementPlans)
    .where(and(eq(improvementPlans.campaignId, campaignId), ne(improvementPlans.status, 'superseded')))
    .orderBy(asc(improvementPlans.organisationId), desc(improvementPlans.version));
  const seen = new Set<string>();
  return plans.filter((p) => (seen.has(p.organisationId) ? false : (seen.add(p.organisationId), true)));
}

export async function deadlinesSheetOf(db: Tx, campaignId: string, today: string): Promise<DeadlinesSheet> {
  const { c, territoryName } = await campaignWithTerritory(db, campaignId);
  const cal = await campaignCalendar(db, c, today);
  const ev = await clockEvents(db, campaignId);
  const plans = await currentPlans(db, campaignId);
  let planInput: PlanDeadlinesInput | null = null;
  const [locked] = await db
    .select({ decisionDate: resultVersions.decisionDate })
    .from(resultVersions)
    .where(and(eq(resultVersions.campaignId, campaignId), inArray(resultVersions.status, ['approved', 'published'])))
    .orderBy(desc(resultVersions.version))
    .limit(1);
  const decisionDate = locked?.decisionDate ?? null;
  if (decisionDate || plans.length) {
    const settings = await getSettings(db, c.territoryId);
    const pd = decisionDate ? planDeadlines(settings, decisionDate, null) : null;
    const approvedLike = new Set(['approved', 'published']);
    const actIds = [...new Set(plans.map((p) => p.actId).filter((x): x is string => !!x))];
    const acts = actIds.length
      ? await db.select().from(planActs).where(inArray(planActs.id, actIds)).orderBy(asc(planActs.date))
      : [];
    const reports = plans.length
      ? await db
          .select({ planId: planReports.planId, periodEnd: planReports.periodEnd, status: planReports.status })
          .from(planReports)
          .where(
            inArray(
              planReports.planId,
              plans.map((p) => p.id),
            ),
          )
      : [];
    const executing = plans.filter((p) => approvedLike.has(p.status));
    const year = plans[0]?.year ?? c.year + 1;
    const periods = executing.length ? reportPeriods(calendar(), year, settings.reportPeriod, settings.reportDays) : [];
    planInput = {
      decisionDate,
      draft: pd?.draft ?? null,
      approval: pd?.approval ?? null,
      plans: {
        total: plans.length,
        submitted: plans.filter((p) => p.status !== 'draft' && p.status !== 'returned').length,
        approved: executing.length,
      },
      acts: acts.map((a) => {
        const of = plans.filter((p) => p.actId === a.id);
        return {
          label: `${a.kind} от ${a.date.slice(8, 10)}.${a.date.slice(5, 7)}.${a.date.slice(0, 4)} № ${a.number}`,
          date: a.date,
          publication: computeDeadline(calendar(), a.date, settings.publicationRule),
          plans: of.length,
          published: of.filter((p) => p.status === 'published').length,
        };
      }),
      reports: periods.map((p) => ({
        label: p.label,
        end: p.end,
        due: p.due,
        expected: executing.length,
        submitted: new Set(reports.filter((r) => r.periodEnd === p.end && r.status !== 'returned').map((r) => r.planId))
          .size,
      })),
    };
  }
  return deadlinesSheet({
    campaign: { title: c.title, year: c.year, territoryName },
    today,
    clocks: cal.clocks,
    councilClocks: ev ? clockViews(ev, today) : null,
    steps: cal.steps,
    plans: planInput,
  });
}

export async function planSummaryOf(db: Tx, campaignId: string, today: string): Promise<PlanSummary> {
  const { c, territoryName } = await campaignWithTerritory(db, campaignId);
  const orgs = await db
    .select({
      id: organisations.id,
      name: organisations.shortName,
      inn: organisations.inn,
      territoryName: territories.name,
    })
    .from(campaignOrganisations)
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .innerJoin(territories, eq(territories.id, organisations.territoryId))
    .where(eq(campaignOrganisations.campaignId, campaignId));
  const plans = await currentPlans(db, campaignId);
  const ids = plans.map((p) => p.id);
  const items = ids.length
    ? await db
        .select({
          planId: planItems.planId,
          section: planItems.section,
          status: planItems.status,
          plannedKind: planItems.plannedKind,
          plannedDate: planItems.plannedDate,
          needsFunding: planItems.needsFunding,
        })
        .from(planItems)
        .where(inArray(planItems.planId, ids))
    : [];
  const reports = ids.length
    ? await db
        .select({ planId: planReports.planId, periodEnd: planReports.periodEnd, status: planReports.status })
        .from(planReports)
        .where(inArray(planReports.planId, ids))
        .orderBy(desc(planReports.periodEnd), desc(planReports.submittedAt))
    : [];
  const actIds = [...new Set(plans.map((p) => p.actId).filter((x): x is string => !!x))];
  const acts = new Map(
    (actIds.length ? await db.select().from(planActs).where(inArray(planActs.id, actIds)) : []).map((a) => [a.id, a]),
  );
  // An organisation with a plan but no longer on the list still shows (its plan is recorded data).
  const known = new Set(orgs.map((o) => o.id));
  const missing = plans.filter((p) => !known.has(p.organisationId)).map((p) => p.organisationId);
  if (missing.length) {
    orgs.push(
      ...(await db
        .select({
          id: organisations.id,
          name: organisations.shortName,
          inn: organisations.inn,
          territoryName: territories.name,
        })
        .from(organisations)
        .innerJoin(territories, eq(territories.id, organisations.territoryId))
        .where(inArray(organisations.id, missing))),
    );
  }
  const input: PlanSummaryInput = {
    campaign: { title: c.title, year: c.year, territoryName },
    today,
    organisations: orgs,
    plans: plans.map((p) => {
      const a = p.actId ? acts.get(p.actId) : undefined;
      const last = reports.find((r) => r.planId === p.id);
      return {
        organisationId: p.organisationId,
        status: p.status,
        version: p.version,
        act: a ? { kind: a.kind, number: a.number, date: a.date } : null,
        lastReport: last ? { periodEnd: last.periodEnd, status: last.status } : null,
        items: items.filter((i) => i.planId === p.id),
      };
    }),
  };
  return planSummary(input);
}
