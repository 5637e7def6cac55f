// The signed council decisions attached to a campaign (campaign_documents): listed on the campaign pages
// and served by the public campaign page. Written by recordCouncilDecision (list-decision.server.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { campaignDocuments } from '../db/schema/campaigns';
import { isUuid } from '../campaigns/errors';

export type CampaignDocument = typeof campaignDocuments.$inferSelect;

export async function campaignDocumentsOf(db: Tx, campaignId: string): Promise<CampaignDocument[]> {
  return db
    .select()
    .from(campaignDocuments)
    .where(eq(campaignDocuments.campaignId, campaignId))
    .orderBy(desc(campaignDocuments.uploadedAt));
}

export async function readCampaignDocument(
  db: Tx,
  dataDir: string,
  campaignId: string,
  documentId: string,
): Promise<{ doc: CampaignDocument; bytes: Uint8Array } | null> {
  if (!isUuid(documentId) || !isUuid(campaignId)) return null;
  const [doc] = await db
    .select()
    .from(campaignDocuments)
    .where(and(eq(campaignDocuments.id, documentId), eq(campaignDocuments.campaignId, campaignId)));
  if (!doc) return null;
  // The stored path came from our own code, but refuse anything that would leave DATA_DIR regardless.
  const full = path.resolve(dataDir, doc.storedPath);
  if (!full.startsWith(path.resolve(dataDir) + path.sep)) return null;
  try {
    return { doc, bytes: new Uint8Array(await readFile(full)) };
  } catch {
    return null;
  }
}
