// The list of organisations of a campaign and the periodicity rules it must keep (once a year at most,
// at least once in three years).
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { campaignOrganisations, campaigns, organisations, territories } from '../db/schema/registry';
import { getCampaign, type Campaign } from './campaigns.server';
import { CampaignError, isUuid } from './errors';
import {
  campaignReferenceDate,
  periodicityVerdict,
  type AssessmentRecord,
  type PeriodicityVerdict,
} from './periodicity';

type Organisation = typeof organisations.$inferSelect;

async function campaignTerritoryIds(tx: Tx, campaign: Campaign): Promise<string[]> {
  const children = await tx
    .select({ id: territories.id })
    .from(territories)
    .where(eq(territories.parentId, campaign.territoryId));
  return [campaign.territoryId, ...children.map((c) => c.id)];
}

async function assessmentHistory(
  tx: Tx,
  orgIds: string[],
  excludeCampaignId: string,
): Promise<Map<string, AssessmentRecord[]>> {
  const map = new Map<string, AssessmentRecord[]>();
  if (orgIds.length === 0) return map;
  const rows = await tx
    .select({ orgId: campaignOrganisations.organisationId, c: campaigns })
    .from(campaignOrganisations)
    .innerJoin(campaigns, eq(campaigns.id, campaignOrganisations.campaignId))
    .where(and(inArray(campaignOrganisations.organisationId, orgIds), ne(campaigns.id, excludeCampaignId)));
  for (const r of rows) {
    const list = map.get(r.orgId) ?? [];
    list.push({ date: campaignReferenceDate(r.c), year: r.c.year, campaignId: r.c.id, title: r.c.title });
    map.set(r.orgId, list);
  }
  const orgs = await tx
    .select({ id: organisations.id, last: organisations.lastAssessedOn })
    .from(organisations)
    .where(inArray(organisations.id, orgIds));
  for (const o of orgs) {
    if (!o.last) continue;
    const list = map.get(o.id) ?? [];
    list.push({
      date: o.last,
      year: Number(o.last.slice(0, 4)),
      campaignId: null,
      title: 'оценка до ведения кампаний в НОКО',
    });
    map.set(o.id, list);
  }
  return map;
}

export type CampaignListEntry = {
  organisation: Organisation;
  included: boolean;
  inclusionReason: string | null;
  verdict: PeriodicityVerdict;
};

/**
 * Every organisation of the campaign's territory with its periodicity verdict: whether it is in the list,
 * whether including it breaks the once-a-year rule, whether it is due (3 years or never).
 */
export async function campaignOrganisationList(
  db: Tx,
  campaign: Campaign,
): Promise<{
  entries: CampaignListEntry[];
  dueLeftOut: CampaignListEntry[];
  tooSoonWithoutReason: CampaignListEntry[];
}> {
  const ids = await campaignTerritoryIds(db, campaign);
  const orgs = await db.select().from(organisations).where(inArray(organisations.territoryId, ids));
  const links = await db.select().from(campaignOrganisations).where(eq(campaignOrganisations.campaignId, campaign.id));
  const linked = new Map(links.map((l) => [l.organisationId, l]));
  const history = await assessmentHistory(
    db,
    orgs.map((o) => o.id),
    campaign.id,
  );
  const entries = orgs
    .filter((o) => o.status === 'active' || linked.has(o.id))
    .map((o) => ({
      organisation: o,
      included: linked.has(o.id),
      inclusionReason: linked.get(o.id)?.inclusionReason ?? null,
      verdict: periodicityVerdict(campaign, history.get(o.id) ?? []),
    }))
    .sort(
      (a, b) =>
        a.organisation.type.localeCompare(b.organisation.type) ||
        a.organisation.shortName.localeCompare(b.organisation.shortName, 'ru'),
    );
  return {
    entries,
    dueLeftOut: entries.filter((e) => !e.included && e.verdict.due && e.organisation.status === 'active'),
    tooSoonWithoutReason: entries.filter((e) => e.included && e.verdict.tooSoon && !e.inclusionReason),
  };
}

/**
 * Replaces the campaign's list. All or nothing: an organisation outside the territory, or one assessed
 * less than a year ago without a recorded reason, refuses the whole change.
 */
export async function setCampaignOrganisations(
  db: Db,
  campaignId: string,
  selection: { organisationId: string; reason?: string | null }[],
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const campaign = await getCampaign(tx, campaignId);
    if (!campaign) throw new CampaignError('Кампания не найдена.');
    const allowed = await campaignTerritoryIds(tx, campaign);
    const ids = [...new Set(selection.map((s) => s.organisationId))];
    if (ids.some((id) => !isUuid(id)))
      throw new CampaignError('Перечень не сохранён: неверный идентификатор организации.');
    const orgs = ids.length ? await tx.select().from(organisations).where(inArray(organisations.id, ids)) : [];
    const problems: string[] = [];
    if (orgs.length !== ids.length) problems.push('часть выбранных организаций не найдена в реестре');
    for (const o of orgs)
      if (!allowed.includes(o.territoryId)) problems.push(`«${o.shortName}» не относится к территории кампании`);
    const history = await assessmentHistory(tx, ids, campaignId);
    const reasons = new Map(selection.map((s) => [s.organisationId, s.reason?.trim() || null]));
    for (const o of orgs) {
      const v = periodicityVerdict(campaign, history.get(o.id) ?? []);
      if (v.tooSoon && !reasons.get(o.id)) {
        problems.push(
          `«${o.shortName}» уже оценивалась меньше года назад (${v.tooSoon.title}): укажите причину повторной оценки`,
        );
      }
    }
    if (problems.length) throw new CampaignError('Перечень не сохранён.', problems);
    const before = await tx
      .select()
      .from(campaignOrganisations)
      .where(eq(campaignOrganisations.campaignId, campaignId));
    await tx.delete(campaignOrganisations).where(eq(campaignOrganisations.campaignId, campaignId));
    if (ids.length)
      await tx
        .insert(campaignOrganisations)
        .values(ids.map((id) => ({ campaignId, organisationId: id, inclusionReason: reasons.get(id) ?? null })));
    await recordAudit(tx, {
      actor,
      action: 'campaign.list',
      entity: 'campaign',
      entityId: campaignId,
      territoryId: campaign.territoryId,
      before: before.map((b) => ({ organisationId: b.organisationId, reason: b.inclusionReason })),
      after: ids.map((id) => ({ organisationId: id, reason: reasons.get(id) ?? null })),
    });
  });
}
