// Shared server-side helpers of the survey staff pages: the campaign's scope check and Russian formatting.
import type { Action, Scope, SessionUser } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { getCampaign, type Campaign } from '../../../src/campaigns/campaigns.server';
import type { NokoContext } from '../../context';
import { requireCan } from '../../server/guard';

/**
 * The campaign named in the URL and the user allowed to do `action` on it (scope: the campaign's territory
 * chain). An unknown campaign answers 403 like a foreign one, so ids cannot be probed.
 */
export async function surveyCampaign(
  context: NokoContext,
  request: Request,
  campaignId: string,
  action: Action,
): Promise<{ campaign: Campaign; scope: Scope; user: SessionUser }> {
  const campaign = await getCampaign(context.db, campaignId);
  const scope = campaign ? await territoryScope(context.db, campaign.territoryId) : null;
  const user = requireCan(context, request, action, scope);
  return { campaign: campaign!, scope: scope!, user };
}
