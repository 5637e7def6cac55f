// Deleting a mistaken or duplicate campaign: allowed only while it has collected nothing.
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { checklistAnswers } from '../db/schema/checklists';
import { campaignOrganisations, campaigns } from '../db/schema/registry';
import { resultVersions } from '../db/schema/results';
import { siteAuditRuns } from '../db/schema/site-audit';
import { surveyAccessCodes, surveyResponses, surveyTallies } from '../db/schema/survey';
import { CampaignError, isUuid } from './errors';

/** What a campaign has collected; a campaign with none of it can be deleted. */
export async function collectedData(
  db: Tx,
  campaignId: string,
): Promise<{ responses: number; checklistAnswers: number; siteAudits: number; resultVersions: number }> {
  const n = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
  const [responses, answers, audits, versions] = await Promise.all([
    n(
      db
        .select({ n: sql<number>`count(*)` })
        .from(surveyResponses)
        .where(eq(surveyResponses.campaignId, campaignId)),
    ),
    n(
      db
        .select({ n: sql<number>`count(*)` })
        .from(checklistAnswers)
        .where(eq(checklistAnswers.campaignId, campaignId)),
    ),
    n(
      db
        .select({ n: sql<number>`count(*)` })
        .from(siteAuditRuns)
        .where(eq(siteAuditRuns.campaignId, campaignId)),
    ),
    n(
      db
        .select({ n: sql<number>`count(*)` })
        .from(resultVersions)
        .where(eq(resultVersions.campaignId, campaignId)),
    ),
  ]);
  return { responses, checklistAnswers: answers, siteAudits: audits, resultVersions: versions };
}

/** Deletes a campaign that collected nothing (a mistaken or duplicate one); audited with the whole row. */
export async function deleteCampaign(db: Db, campaignId: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = isUuid(campaignId)
      ? await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)).for('update')
      : [];
    if (!before) throw new CampaignError('Кампания не найдена.');
    const data = await collectedData(tx, campaignId);
    const what = [
      data.responses ? `анкет опроса: ${data.responses}` : null,
      data.checklistAnswers ? `ответов в чек-листах: ${data.checklistAnswers}` : null,
      data.siteAudits ? `проверок сайтов: ${data.siteAudits}` : null,
      data.resultVersions ? `версий результатов: ${data.resultVersions}` : null,
    ].filter((x): x is string => x !== null);
    if (what.length) throw new CampaignError('Кампанию нельзя удалить: в ней уже собраны данные.', what);
    const list = await tx.select().from(campaignOrganisations).where(eq(campaignOrganisations.campaignId, campaignId));
    // Survey tables carry the campaign id without a foreign key; nothing was collected, so only codes and empty tallies remain.
    await tx.delete(surveyAccessCodes).where(eq(surveyAccessCodes.campaignId, campaignId));
    await tx.delete(surveyTallies).where(eq(surveyTallies.campaignId, campaignId));
    await tx.delete(campaigns).where(eq(campaigns.id, campaignId));
    await recordAudit(tx, {
      actor,
      action: 'campaign.delete',
      entity: 'campaign',
      entityId: campaignId,
      territoryId: before.territoryId,
      before: { ...before, organisations: list.map((l) => l.organisationId) },
      after: null,
    });
  });
}
