// Server glue of the documents pages: who may build a campaign's documents, and a job's campaign scope.
import { data } from 'react-router';
import { territoryScope } from '../../../src/auth/scope.server';
import { getCampaign } from '../../../src/campaigns/campaigns.server';
import { documentJobParams } from '../../../src/documents/requests.server';
import { getJob } from '../../../src/jobs/runner.server';
import type { NokoContext } from '../../context';
import { requireCan } from '../../server/guard';
import { kindAction } from '../downloads/permissions';

/** `kind`: also the kind's own permission (the bus.gov.ru package is the publisher's). */
export async function campaignForDocuments(context: NokoContext, request: Request, campaignId: string, kind?: string) {
  const campaign = /^[0-9a-f-]{36}$/i.test(campaignId) ? await getCampaign(context.db, campaignId) : null;
  const scope = campaign ? await territoryScope(context.db, campaign.territoryId) : null;
  const user = requireCan(context, request, 'documents.build', scope);
  if (!campaign) throw data('Не найдено.', { status: 404 });
  const own = kind ? kindAction(kind) : null;
  if (own) requireCan(context, request, own, scope);
  return { campaign, user, scope: scope! };
}

/** A document job the user may see (the campaign's staff), or a 403/404 as for the campaign. */
export async function jobForUser(context: NokoContext, request: Request, jobId: string) {
  const job = await getJob(context.db, jobId);
  const params = job?.kind === 'document' ? documentJobParams.safeParse(job.params) : null;
  if (!job || !params?.success) {
    requireCan(context, request, 'documents.build', null);
    throw data('Не найдено.', { status: 404 });
  }
  const { campaign } = await campaignForDocuments(context, request, params.data.campaignId, params.data.kind);
  return { job, params: params.data, campaign };
}
