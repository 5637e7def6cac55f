// A campaign whose results the council approved (seeded through the results room), with an organisation
// representative for the first organisation: what the plans room starts from.
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/index.server';
import { organisations } from '../../src/db/schema/registry';
import { users } from '../../src/db/schema/auth';
import type { SessionUser } from '../../src/auth/policy';
import { approveVersion, computeDraft } from '../../src/results/versions.server';
import { seedResultsCampaign, type ResultsFixture, type SeedOptions } from '../results/fixtures';

export type PlansFixture = ResultsFixture & { versionId: string; orgUser: SessionUser; otherOrgUser: SessionUser };

export async function seedApprovedCampaign(
  db: Db,
  opts: SeedOptions & { decisionDate?: string } = {},
): Promise<PlansFixture> {
  const f = await seedResultsCampaign(db, opts);
  const v = await computeDraft(db, f.campaignId, f.users.operator);
  await approveVersion(
    db,
    v.id,
    { number: '7', date: opts.decisionDate ?? '2025-10-01', confirmGaps: true },
    f.users.chair,
  );
  const mk = async (orgId: string, name: string): Promise<SessionUser> => {
    const [u] = await db
      .insert(users)
      .values({
        email: `org-${orgId}-${Math.random().toString(36).slice(2, 8)}@example.test`,
        name,
        role: 'organisation',
        organisationId: orgId,
      })
      .returning();
    return {
      id: u!.id,
      name,
      email: u!.email,
      role: 'organisation',
      councilPosition: null,
      territoryId: null,
      organisationId: orgId,
    };
  };
  return {
    ...f,
    versionId: v.id,
    orgUser: await mk(f.orgIds[0]!, 'Директор Первой'),
    otherOrgUser: await mk(f.orgIds[1]!, 'Директор Второй'),
  };
}

export async function setWebsite(db: Db, orgId: string, url: string, type: 'school' | 'preschool' = 'school') {
  await db.update(organisations).set({ website: url, type }).where(eq(organisations.id, orgId));
}

/** Fills every row of a plan with a responsible person, as the organisation would before submitting. */
export function responsible(extra: Record<string, unknown> = {}) {
  return { responsibleName: 'Петрова Анна Сергеевна', responsiblePost: 'заместитель директора', ...extra };
}

/** A results decision of the council with one adopted proposal for an organisation (as src/council stores it). */
export async function seedAdoptedProposal(
  db: Db,
  f: PlansFixture,
  organisationId: string,
  p: { criterion: string; indicator: string | null; sourceItem: string | null; text: string; needsFunding?: boolean },
) {
  const { councilDecisions, councilProposals } = await import('../../src/db/schema/council');
  const [d] = await db
    .insert(councilDecisions)
    .values({
      campaignId: f.campaignId,
      kind: 'results',
      number: '7',
      decidedOn: '2025-10-01',
      resultVersionId: f.versionId,
    })
    .returning();
  const [row] = await db
    .insert(councilProposals)
    .values({
      campaignId: f.campaignId,
      organisationId,
      addressee: 'organisation',
      criterion: p.criterion,
      indicator: p.indicator,
      sourceItem: p.sourceItem,
      text: p.text,
      needsFunding: p.needsFunding ?? false,
      status: 'adopted',
      decisionId: d!.id,
      resultVersionId: f.versionId,
    })
    .returning();
  return row!;
}
