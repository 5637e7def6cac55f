// Starting a site audit over a whole campaign, and the campaign's active run.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { recordAudit, type Actor } from '../db/audit.server';
import type { Db, Tx } from '../db/index.server';
import { campaignOrganisations, campaigns, organisations } from '../db/schema/registry';
import { siteAuditResults, siteAuditRuns } from '../db/schema/site-audit';
import { isUuid, runInfo, type RunOrigin } from './audit-rows.server';
import { enqueueSiteAuditRun } from './jobs.server';
import type { AuditRunInfo, BulkAuditSettings } from './store';
import { DbAuditStore } from './store-db.server';

/** Message stored as the result of an organisation whose card has no website. */
export const NO_WEBSITE = 'в реестре не указан адрес сайта организации';

export class CampaignAuditError extends Error {}

export interface StartedAudit {
  runId: string;
  total: number;
  /** Organisations of the campaign without a website in the registry: stored as failed results at once. */
  withoutWebsite: { organisationId: string; shortName: string }[];
}

const DEFAULT_SETTINGS = (): BulkAuditSettings => ({
  date: new Date().toISOString().slice(0, 10),
  insecure: false,
  checkDocuments: true,
});

/**
 * Creates a run over every organisation of the campaign (campaign_organisations ⨝ organisations). The run
 * starts `pending`; a server run is queued as a job of the generic runner in the same transaction, a CLI run
 * is executed by the command itself. Refuses while another run of the
 * campaign is pending or running, so two operators do not audit the same sites twice at once.
 */
export async function startCampaignAudit(
  db: Db,
  campaignId: string,
  actor: Actor,
  options: { settings?: Partial<BulkAuditSettings>; runner?: RunOrigin } = {},
): Promise<StartedAudit> {
  if (!isUuid(campaignId)) throw new CampaignAuditError('Кампания не найдена.');
  const [campaign] = await db
    .select({ id: campaigns.id, title: campaigns.title, territoryId: campaigns.territoryId })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId))
    .limit(1);
  if (!campaign) throw new CampaignAuditError('Кампания не найдена.');
  const active = await activeRunOf(db, campaignId);
  if (active) throw new CampaignAuditError('Проверка сайтов этой кампании уже идёт: дождитесь её окончания.');
  const orgs = await db
    .select({
      id: organisations.id,
      shortName: organisations.shortName,
      website: organisations.website,
      type: organisations.type,
    })
    .from(campaignOrganisations)
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .where(eq(campaignOrganisations.campaignId, campaignId))
    .orderBy(asc(organisations.shortName));
  if (orgs.length === 0)
    throw new CampaignAuditError('В кампании нет ни одной организации: сначала утвердите перечень.');
  const settings = { ...DEFAULT_SETTINGS(), ...options.settings };
  const withSite = orgs.filter((o) => o.website?.trim());
  const withoutWebsite = orgs.filter((o) => !o.website?.trim());
  const runId = await db.transaction(async (tx) => {
    const [run] = await tx
      .insert(siteAuditRuns)
      .values({
        campaignId,
        settings,
        runner: options.runner ?? 'server',
        createdBy: actor.id,
        createdByName: actor.name,
        total: orgs.length,
        done: withoutWebsite.length,
        failed: withoutWebsite.length,
      })
      .returning({ id: siteAuditRuns.id });
    const id = run!.id;
    const now = new Date();
    for (let i = 0; i < orgs.length; i += 500) {
      await tx.insert(siteAuditResults).values(
        orgs.slice(i, i + 500).map((o) => {
          const url = o.website?.trim() || null;
          return {
            runId: id,
            organisationId: o.id,
            url,
            orgType: o.type,
            ...(url ? {} : { error: NO_WEBSITE, finishedAt: now }),
          };
        }),
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'site_audit.start',
      entity: 'site_audit_run',
      entityId: id,
      territoryId: campaign.territoryId,
      after: { campaignId, total: orgs.length, withoutWebsite: withoutWebsite.length, settings },
    });
    if ((options.runner ?? 'server') === 'server' && withSite.length > 0) await enqueueSiteAuditRun(tx, id, actor.id);
    return id;
  });
  // A campaign where no organisation has a website is finished at once.
  if (withSite.length === 0) await new DbAuditStore(db).setRunStatus(runId, 'done');
  return {
    runId,
    total: orgs.length,
    withoutWebsite: withoutWebsite.map((o) => ({ organisationId: o.id, shortName: o.shortName })),
  };
}

/** The pending or running run of a campaign, if any. */
export async function activeRunOf(db: Tx, campaignId: string): Promise<AuditRunInfo | null> {
  if (!isUuid(campaignId)) return null;
  const rows = await db
    .select()
    .from(siteAuditRuns)
    .where(and(eq(siteAuditRuns.campaignId, campaignId), inArray(siteAuditRuns.status, ['pending', 'running'])))
    .orderBy(desc(siteAuditRuns.createdAt))
    .limit(1);
  return rows[0] ? runInfo(rows[0]) : null;
}
