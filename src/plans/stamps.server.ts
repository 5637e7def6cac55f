// The plans dashboard's version stamps (decision 0089): one counter per campaign kept by the database's own
// triggers (migration 0018) in every writer's transaction, and the nil UUID's counter for data without a
// campaign (organisations' names, territories, territory settings). The dashboard's cache keys on them.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { plansCampaignStamps } from '../db/schema/plans';
import { campaigns } from '../db/schema/registry';

/** The stamp row of data that belongs to no campaign. */
export const NO_CAMPAIGN = '00000000-0000-0000-0000-000000000000';

export type PlansStamps = {
  /** Every counter: what the cross-campaign parts (start items, the campaign list) depend on. */
  all: string;
  /**
   * What one campaign's dashboard depends on: its own counter, the counter without a campaign, and the
   * counters of campaigns of earlier years (their plans are «last cycle» for the shortfalls gone).
   */
  of(campaignId: string): string;
};

// Prepared once per database, as the public page's stamp (decision 0087): on PGlite building a statement
// costs more than running it.
const queries = new WeakMap<object, ReturnType<typeof build>>();
function build(db: Tx) {
  return db
    .select({ id: plansCampaignStamps.campaignId, stamp: plansCampaignStamps.stamp, year: campaigns.year })
    .from(plansCampaignStamps)
    .leftJoin(campaigns, eq(campaigns.id, plansCampaignStamps.campaignId))
    .orderBy(plansCampaignStamps.campaignId)
    .prepare('plans_dashboard_stamps');
}

/** All counters in one statement: a row per campaign that ever had plans data, a few dozen at most. */
export async function plansStamps(db: Tx): Promise<PlansStamps> {
  let q = queries.get(db);
  if (!q) queries.set(db, (q = build(db)));
  const rows = await q.execute();
  const all = rows.map((r) => `${r.id}:${r.stamp}`).join(',');
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    all,
    of(campaignId) {
      const own = byId.get(campaignId);
      const parts = [`${campaignId}:${own?.stamp ?? 0}`, `g:${byId.get(NO_CAMPAIGN)?.stamp ?? 0}`];
      for (const r of rows)
        if (r.id !== campaignId && (r.year === null || own?.year == null || r.year < own.year))
          parts.push(`${r.id}:${r.stamp}`);
      return parts.join(',');
    },
  };
}
