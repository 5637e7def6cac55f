// The authority's plans dashboard data, kept in process per version stamp (decision 0089). The loader's
// statements were two thirds of a PGlite request (decision 0088); a hit costs one stamp read. The entries
// hold only what everyone of the same role and territory sees: the CSRF token and the user's rights are
// added per request by the loader.
import type { SessionUser } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import type { Tx } from '../../../src/db/index.server';
import type { PlanSection } from '../../../src/db/schema/plans';
import {
  campaignsReadyForPlans,
  claimedRows,
  DASHBOARD_PAGE,
  LIST_PAGE,
  overdueRows,
  pendingReports,
  planStartItems,
  resolvedShortfalls,
  territoryDashboard,
  visibleTerritories,
} from '../../../src/plans/control.server';
import { getSettings } from '../../../src/plans/settings.server';
import { plansStamps } from '../../../src/plans/stamps.server';
import { RenderCache } from '../../hot/render-cache.server';
import { ruDate } from './glue.server';

export type DashboardQuery = {
  campaign: string | null;
  section: PlanSection | null;
  funding: boolean;
  q: string;
  page: number;
  overduePage: number;
};

type Shell = {
  territories: string[] | null;
  start: Awaited<ReturnType<typeof planStartItems>>;
  campaigns: Awaited<ReturnType<typeof campaignsReadyForPlans>>;
};

/** Hits and misses of both caches, for the tests that prove a repeat load does not query. */
export const dashboardCacheStats = { hits: 0, misses: 0 };

type Caches = {
  // Start items and the campaign list span every campaign of the territories: keyed on every counter.
  shells: RenderCache<Shell>;
  // A campaign's part: ≈ 50 KB at most (50 plans, three lists of 20, 50 organisations of shortfalls gone).
  parts: RenderCache<Awaited<ReturnType<typeof campaignPart>>>;
};
// Per database handle: the stamps are a database's own (tests open many databases in one process).
const byDb = new WeakMap<object, Caches>();
function cachesOf(db: Tx): Caches {
  let c = byDb.get(db);
  if (!c) byDb.set(db, (c = { shells: new RenderCache(200), parts: new RenderCache(200) }));
  return c;
}

/** The dashboard's data for an authority, operator or administrator: from the cache when no stamp moved. */
export async function authorityDashboard(db: Tx, user: SessionUser, query: DashboardQuery, today: string) {
  const stamps = await plansStamps(db);
  const { shells, parts } = cachesOf(db);
  // Everything below depends on the user only through the role (the start items differ for operators)
  // and the territory (what they see); the territories' tree is under the stamp without a campaign.
  const who = `${user.role}|${user.role === 'admin' ? '*' : (user.territoryId ?? '')}`;
  const shellKey = `${who}|${today}|${stamps.all}`;
  let shell = shells.get(shellKey);
  if (shell) dashboardCacheStats.hits++;
  else {
    dashboardCacheStats.misses++;
    const territories = await visibleTerritories(db, user);
    const [start, campaigns] = await Promise.all([
      planStartItems(db, user, today),
      campaignsReadyForPlans(db, territories),
    ]);
    shells.set(shellKey, (shell = { territories, start, campaigns }));
  }
  const { territories, start, campaigns } = shell;
  const selected =
    campaigns.find((c) => c.id === query.campaign) ?? campaigns.find((c) => c.plans > 0) ?? campaigns[0] ?? null;
  if (!selected) return { start, campaigns, selected: null, part: null };
  const f = query;
  const partKey = [who, selected.id, f.section ?? '', f.funding ? 1 : 0, f.page, f.overduePage, today, f.q].join('|');
  const key = `${partKey}|${stamps.of(selected.id)}`;
  let part = parts.get(key);
  if (part) dashboardCacheStats.hits++;
  else {
    dashboardCacheStats.misses++;
    part = await campaignPart(db, selected, territories, query, today);
    parts.set(key, part);
  }
  return { start, campaigns, selected, part };
}

async function campaignPart(
  db: Tx,
  selected: { id: string; territoryId: string },
  territories: string[] | null,
  filters: DashboardQuery,
  today: string,
) {
  // The first screen stays light (issue 14): a page of plans, a page of overdue rows, the oldest few
  // waiting items; one more row than shown says whether there is a next page.
  const [scope, dash, overdue, claimed, reports, resolved, settings] = await Promise.all([
    territoryScope(db, selected.territoryId),
    territoryDashboard(db, selected.id, territories, filters, today),
    overdueRows(db, selected.id, territories, today, filters, LIST_PAGE + 1, (filters.overduePage - 1) * LIST_PAGE),
    claimedRows(db, selected.id, territories, LIST_PAGE + 1),
    pendingReports(db, selected.id, territories, LIST_PAGE + 1),
    resolvedShortfalls(db, selected.id, territories),
    getSettings(db, selected.territoryId),
  ]);
  return {
    scope,
    dash,
    overdue: {
      rows: overdue.slice(0, LIST_PAGE).map((o) => ({ ...o, plannedDate: ruDate(o.plannedDate) })),
      more: overdue.length > LIST_PAGE,
      pageSize: LIST_PAGE,
    },
    claimed: { rows: claimed.slice(0, LIST_PAGE), more: claimed.length > LIST_PAGE },
    reports: {
      rows: reports.slice(0, LIST_PAGE).map((r) => ({
        ...r,
        periodEnd: ruDate(r.periodEnd),
        due: ruDate(r.due),
        submittedAt: ruDate(r.submittedAt),
      })),
      more: reports.length > LIST_PAGE,
    },
    resolved: resolved && {
      ...resolved,
      rows: resolved.rows.slice(0, DASHBOARD_PAGE),
      organisations: resolved.rows.length,
    },
    settings,
  };
}
