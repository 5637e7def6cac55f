// What the public campaign page shows.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { campaignOrganisations, organisations, territories } from '../db/schema/registry';
import { campaignDocumentsOf } from '../council/decision-documents.server';
import { getCampaign } from './campaigns.server';

/** What the public page shows: the campaign, its council decision and the organisations assessed. */
export async function publicCampaign(db: Tx, campaignId: string) {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign) return null;
  const [territory] = await db.select().from(territories).where(eq(territories.id, campaign.territoryId));
  const orgs = await db
    .select({ o: organisations })
    .from(campaignOrganisations)
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .where(eq(campaignOrganisations.campaignId, campaignId));
  const documents = await campaignDocumentsOf(db, campaignId);
  return {
    campaign,
    territoryName: territory?.name ?? '',
    organisations: orgs
      .map((r) => r.o)
      .sort((a, b) => a.type.localeCompare(b.type) || a.shortName.localeCompare(b.shortName, 'ru')),
    documents,
  };
}
