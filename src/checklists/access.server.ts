// Who may see and fill the checklists of an organisation in a campaign. Every decision goes through the
// policy module; this file only finds the scope (campaign territory and the organisation's territory chain).
import { and, eq } from 'drizzle-orm';
import { ForbiddenError, can, type SessionUser } from '../auth/policy';
import { isUuid, organisationScope, territoryScope } from '../auth/scope.server';
import type { Tx } from '../db/index.server';
import { campaignOrganisations, campaigns, organisations } from '../db/schema/registry';
import { getMethodology } from '../methodology/registry';
import type { MethodologyVersion, OrgType } from '../methodology/types';
import { checklistDefinitions, type ChecklistDefinition } from './definitions';

export class ChecklistError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
  ) {
    super(message);
    this.name = 'ChecklistError';
  }
}

export type ChecklistContext = {
  campaign: { id: string; title: string; year: number; status: string; methodologyId: string; territoryId: string };
  organisation: {
    id: string;
    shortName: string;
    fullName: string;
    type: OrgType;
    territoryId: string;
    website: string | null;
  };
  methodology: MethodologyVersion;
  definitions: ChecklistDefinition[];
};

/** Campaign states in which experts may still change answers: once results are approved they are frozen. */
export const EDITABLE_CAMPAIGN_STATUSES: readonly string[] = ['draft', 'collecting', 'scoring'];

export const NOT_EDITABLE_MESSAGE = 'Результаты кампании уже утверждены: ответы чек-листов изменить нельзя.';

/** The campaign, the organisation (only if the campaign includes it) and the checklists; null when any is missing. */
export async function loadChecklistContext(
  db: Tx,
  campaignId: string,
  organisationId: string,
): Promise<ChecklistContext | null> {
  if (!isUuid(campaignId) || !isUuid(organisationId)) return null;
  const rows = await db
    .select({
      campaign: {
        id: campaigns.id,
        title: campaigns.title,
        year: campaigns.year,
        status: campaigns.status,
        methodologyId: campaigns.methodologyId,
        territoryId: campaigns.territoryId,
      },
      organisation: {
        id: organisations.id,
        shortName: organisations.shortName,
        fullName: organisations.fullName,
        type: organisations.type,
        territoryId: organisations.territoryId,
        website: organisations.website,
      },
    })
    .from(campaignOrganisations)
    .innerJoin(campaigns, eq(campaigns.id, campaignOrganisations.campaignId))
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .where(
      and(eq(campaignOrganisations.campaignId, campaignId), eq(campaignOrganisations.organisationId, organisationId)),
    )
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const methodology = getMethodology(row.campaign.methodologyId);
  if (!methodology)
    throw new ChecklistError(`Кампания ссылается на неизвестную версию методики «${row.campaign.methodologyId}».`, 409);
  return { ...row, methodology, definitions: checklistDefinitions(methodology, row.organisation.type) };
}

export type ChecklistMode = 'view' | 'edit';

/**
 * The context when `user` may view (campaign.view) or fill (checklist.edit) these checklists. Both the
 * campaign's territory and the organisation's must be in the user's scope. A missing campaign or
 * organisation is refused exactly like a foreign one, so ids cannot be probed.
 */
export async function authorizeChecklists(
  db: Tx,
  user: SessionUser | null,
  campaignId: string,
  organisationId: string,
  mode: ChecklistMode,
): Promise<ChecklistContext> {
  const action = mode === 'edit' ? 'checklist.edit' : 'campaign.view';
  if (!can(user, action)) throw new ForbiddenError();
  const ctx = await loadChecklistContext(db, campaignId, organisationId);
  if (!ctx) {
    if (user?.role === 'admin') throw new ChecklistError('Организация не найдена в этой кампании.', 404);
    throw new ForbiddenError();
  }
  const [orgScope, campaignScope] = await Promise.all([
    organisationScope(db, ctx.organisation.id),
    territoryScope(db, ctx.campaign.territoryId),
  ]);
  if (!orgScope || !campaignScope || !can(user, action, orgScope) || !can(user, action, campaignScope)) {
    throw new ForbiddenError();
  }
  if (mode === 'edit' && !EDITABLE_CAMPAIGN_STATUSES.includes(ctx.campaign.status)) {
    throw new ChecklistError(NOT_EDITABLE_MESSAGE, 409);
  }
  return ctx;
}
