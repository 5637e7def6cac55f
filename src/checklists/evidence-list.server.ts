// "Explain this score": every checklist of an organisation with its answers and evidence.
import type { Tx } from '../db/index.server';
import { loadChecklistContext } from './access.server';
import { loadAllSheets, type Sheet } from './answers.server';

/**
 * Every checklist of an organisation in a campaign with answers and evidence (note, link, photos, who and
 * when), for "explain this score". No permission check here: the calling page decides who may see it.
 * Null when the campaign does not include the organisation.
 */
export async function listChecklistEvidence(
  db: Tx,
  campaignId: string,
  organisationId: string,
): Promise<Sheet[] | null> {
  const ctx = await loadChecklistContext(db, campaignId, organisationId);
  return ctx ? loadAllSheets(db, ctx) : null;
}
