import type { Db } from '../../../src/db/index.server';
import { campaignOrganisations, campaigns, organisations, territories } from '../../../src/db/schema/registry';

let inn = 7700000000;

/** A municipality, a campaign in it and `sites.length` organisations (website null = none in the registry). */
export async function seedCampaign(db: Db, sites: (string | null)[], title = 'НОК 2025') {
  const [town] = await db
    .insert(territories)
    .values({ kind: 'municipality', name: `Город ${title}` })
    .returning();
  const [campaign] = await db
    .insert(campaigns)
    .values({ territoryId: town!.id, year: 2025, title, methodologyId: 'edu-2019', policies: {} })
    .returning();
  const orgs = [];
  for (const [i, website] of sites.entries()) {
    const [org] = await db
      .insert(organisations)
      .values({
        territoryId: town!.id,
        fullName: `Школа № ${i + 1} (${title})`,
        shortName: `Школа № ${String(i + 1).padStart(2, '0')}`,
        type: 'school',
        inn: String(++inn + Math.floor(Math.random() * 1e6) * 100),
        website,
      })
      .returning();
    orgs.push(org!);
  }
  if (orgs.length)
    await db
      .insert(campaignOrganisations)
      .values(orgs.map((o) => ({ campaignId: campaign!.id, organisationId: o.id })));
  return { territory: town!, campaign: campaign!, orgs };
}
