// The monitoring view: per organisation received vs target, flags and last response, from tallies only.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import { campaignOrganisations, campaigns, organisations } from '../db/schema/registry';
import { requireMethodology } from '../methodology/registry';
import { sampleTarget, type SampleRule } from '../methodology/stats';
import { defaultThresholds, type IntegrityThresholds } from './integrity';
import { emptyTally, getTallies, topNetworkShares, type OrganisationTally } from './tallies.server';

export type DashboardRow = {
  organisationId: string;
  name: string;
  recipients: number | null;
  /** null when the number of recipients is unknown. */
  target: number | null;
  received: number;
  valid: number;
  quarantined: number;
  excluded: number;
  adequate: boolean | null;
  lastResponseAt: Date | null;
  /** Organisation-level integrity signals. */
  signals: string[];
  tally: OrganisationTally;
};

/** The campaign's sample rule: policies.sample if pinned, else the methodology default (40%, cap 600). */
export function sampleRuleOf(policies: unknown, methodologyId: string): SampleRule {
  const p = (policies ?? {}) as { sample?: Partial<SampleRule> };
  const d = requireMethodology(methodologyId).defaults.sample;
  const share =
    typeof p.sample?.share === 'number' && p.sample.share > 0 && p.sample.share <= 1 ? p.sample.share : d.share;
  const cap = typeof p.sample?.cap === 'number' && p.sample.cap > 0 ? p.sample.cap : d.cap;
  return { share, cap };
}

export async function surveyDashboard(
  db: Db,
  campaignId: string,
  thresholds: IntegrityThresholds = defaultThresholds,
): Promise<DashboardRow[]> {
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign) return [];
  const rule = sampleRuleOf(campaign.policies, campaign.methodologyId);
  const orgs = await db
    .select({ id: organisations.id, name: organisations.shortName, recipients: organisations.recipients })
    .from(campaignOrganisations)
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .where(eq(campaignOrganisations.campaignId, campaignId))
    .orderBy(organisations.shortName);
  const tallies = new Map((await getTallies(db, campaignId)).map((t) => [t.organisationId, t]));
  const networks = await topNetworkShares(db, campaignId);
  return orgs.map((o) => {
    const t = tallies.get(o.id) ?? emptyTally(campaignId, o.id);
    const target = o.recipients ? sampleTarget(o.recipients, rule) : null;
    const signals: string[] = [];
    const net = networks.get(o.id);
    if (net && net.total >= thresholds.networkShareMinResponses && net.top / net.total > thresholds.networkShare) {
      signals.push(`${Math.round((100 * net.top) / net.total)}% ответов из одной сети`);
    }
    if (t.quarantined > 0) signals.push(`на проверке: ${t.quarantined}`);
    if (t.excluded > 0) signals.push(`исключено: ${t.excluded}`);
    return {
      organisationId: o.id,
      name: o.name,
      recipients: o.recipients,
      target,
      received: t.received,
      valid: t.valid,
      quarantined: t.quarantined,
      excluded: t.excluded,
      adequate: target === null ? null : t.valid >= target,
      lastResponseAt: t.lastResponseAt,
      signals,
      tally: t,
    };
  });
}

/** What an organisation's own staff may see during the campaign: only how many responses arrived. */
export async function ownCount(db: Db, campaignId: string, organisationId: string): Promise<{ received: number }> {
  const [t] = await getTallies(db, campaignId, organisationId);
  return { received: t?.received ?? 0 };
}
