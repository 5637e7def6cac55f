import { data } from 'react-router';
import { getCampaign } from '../../../src/campaigns/campaigns.server';
import { readCampaignDocument } from '../../../src/council/decision-documents.server';
import { fileResponse } from '../../ui/forms';
import type { Route } from './+types/campaign-document';

/** The council decision attached to a campaign: public once the list is approved, like the list itself. */
export async function loader({ context, params }: Route.LoaderArgs) {
  const campaign = await getCampaign(context.db, params.campaignId);
  if (!campaign?.councilDecisionNumber) throw data('Документ не найден.', { status: 404 });
  const found = await readCampaignDocument(context.db, context.config.dataDir, params.campaignId, params.documentId);
  if (!found) throw data('Документ не найден.', { status: 404 });
  // Images and PDFs open in the browser; the stored content type was checked against magic bytes on upload.
  return fileResponse(
    found.bytes,
    found.doc.fileName,
    found.doc.contentType,
    found.doc.contentType === 'application/pdf',
  );
}
