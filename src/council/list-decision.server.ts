// The list decision recorded on the campaign page without a meeting kept in НОКО (a decision taken on
// paper, or before the council's meetings were kept here): it lives in the council room like every other
// decision (decision 0070), marked as recorded without a meeting.
// `recordCouncilDecision` is that form's whole write: the signed document (checked by its content, stored
// under DATA_DIR by its hash), the campaign's copy of number and date, the `list_approved` event, the
// council decision and the audit entry. It refuses with the campaign page's CampaignError.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { campaignDocuments } from '../db/schema/campaigns';
import { councilDecisions, councils } from '../db/schema/council';
import { campaigns } from '../db/schema/registry';
import { getCampaign, type Campaign } from '../campaigns/campaigns.server';
import { formatRu, todayIso } from '../campaigns/dates';
import { CampaignError, isoDate } from '../campaigns/errors';
import { CampaignEventError, recordCampaignEvent } from '../campaigns/events.server';
import type { CampaignDocument } from './decision-documents.server';
import { MAX_DOCUMENT_BYTES } from './documents';

export async function recordListDecisionTx(
  tx: Tx,
  args: { campaignId: string; number: string; date: string; documentId: string | null },
): Promise<void> {
  const [c] = await tx
    .select({ territoryId: campaigns.territoryId })
    .from(campaigns)
    .where(eq(campaigns.id, args.campaignId));
  if (!c) return;
  const [council] = await tx.select({ id: councils.id }).from(councils).where(eq(councils.territoryId, c.territoryId));
  const where = and(
    eq(councilDecisions.campaignId, args.campaignId),
    eq(councilDecisions.kind, 'list'),
    eq(councilDecisions.source, 'migrated'),
  );
  const [existing] = await tx.select().from(councilDecisions).where(where);
  const values = {
    number: args.number,
    decidedOn: args.date,
    documentId: args.documentId ?? existing?.documentId ?? null,
    councilId: council?.id ?? null,
  };
  if (existing) await tx.update(councilDecisions).set(values).where(eq(councilDecisions.id, existing.id));
  else
    await tx.insert(councilDecisions).values({
      campaignId: args.campaignId,
      kind: 'list',
      source: 'migrated',
      text: 'Утвердить перечень организаций для проведения независимой оценки качества условий',
      ...values,
    });
}

const allowedDocuments: Record<string, { ext: string; magic: number[] | null }> = {
  'application/pdf': { ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: 'docx',
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', magic: [0x50, 0x4b, 0x03, 0x04] },
  'image/jpeg': { ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
  'image/png': { ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
};
const byExtension: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export type UploadedDocument = { fileName: string; bytes: Uint8Array };

/**
 * Records the council's decision that set the list (number, date and, optionally, the signed document).
 * The file goes under DATA_DIR/campaigns/<id>/ named by its hash; the row and the audit entry are written in
 * one transaction after the file is safely on disk.
 */
export async function recordCouncilDecision(
  db: Db,
  args: {
    campaignId: string;
    number: string;
    date: string;
    document?: UploadedDocument | null;
    dataDir: string;
    actor: Actor;
    today?: string;
  },
): Promise<Campaign> {
  const problems: string[] = [];
  const number = args.number.trim();
  if (!number) problems.push('не указан номер решения');
  if (!isoDate(args.date)) problems.push('не указана дата решения');
  else if (args.date > (args.today ?? todayIso()))
    problems.push(`дата решения ${formatRu(args.date)} ещё не наступила`);
  let stored: { rel: string; sha: string; type: string; size: number; name: string } | null = null;
  if (args.document && args.document.bytes.length > 0) {
    const d = args.document;
    const ext = d.fileName.toLowerCase().split('.').pop() ?? '';
    const type = byExtension[ext];
    const rule = type ? allowedDocuments[type] : undefined;
    if (d.bytes.length > MAX_DOCUMENT_BYTES) problems.push(`документ больше ${MAX_DOCUMENT_BYTES / 1024 / 1024} МБ`);
    else if (!type || !rule) problems.push('документ должен быть в формате PDF, DOCX, ODT, JPG или PNG');
    else if (rule.magic && !rule.magic.every((b, i) => d.bytes[i] === b))
      problems.push(`файл назван .${ext}, но его содержимое не похоже на ${ext.toUpperCase()}`);
    else {
      const sha = createHash('sha256').update(d.bytes).digest('hex');
      const rel = path.join('campaigns', args.campaignId, `${sha}.${rule.ext}`);
      stored = { rel, sha, type, size: d.bytes.length, name: path.basename(d.fileName).slice(0, 200) };
    }
  }
  if (problems.length) throw new CampaignError('Решение не сохранено.', problems);
  const campaign = await getCampaign(db, args.campaignId);
  if (!campaign) throw new CampaignError('Кампания не найдена.');
  if (stored) {
    const full = path.join(args.dataDir, stored.rel);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, args.document!.bytes);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(campaigns)
      .set({ councilDecisionNumber: number, councilDecisionDate: args.date })
      .where(eq(campaigns.id, args.campaignId))
      .returning();
    try {
      await recordCampaignEvent(tx, {
        campaignId: args.campaignId,
        kind: 'list_approved',
        occurredOn: args.date,
        document: `решение № ${number}`,
        actor: args.actor,
        ...(args.today ? { today: args.today } : {}),
      });
    } catch (err) {
      if (err instanceof CampaignEventError) throw new CampaignError('Решение не сохранено.', [err.message]);
      throw err;
    }
    const [fresh] = await tx.select().from(campaigns).where(eq(campaigns.id, args.campaignId));
    let doc: CampaignDocument | undefined;
    if (stored) {
      [doc] = await tx
        .insert(campaignDocuments)
        .values({
          campaignId: args.campaignId,
          kind: 'council_decision',
          fileName: stored.name,
          contentType: stored.type,
          size: stored.size,
          sha256: stored.sha,
          storedPath: stored.rel,
          uploadedBy: args.actor.name,
        })
        .returning();
    }
    await recordListDecisionTx(tx, {
      campaignId: args.campaignId,
      number,
      date: args.date,
      documentId: doc?.id ?? null,
    });
    await recordAudit(tx, {
      actor: args.actor,
      action: 'campaign.councilDecision',
      entity: 'campaign',
      entityId: args.campaignId,
      territoryId: campaign.territoryId,
      before: { number: campaign.councilDecisionNumber, date: campaign.councilDecisionDate },
      after: {
        number,
        date: args.date,
        document: doc ? { id: doc.id, fileName: doc.fileName, sha256: doc.sha256 } : null,
      },
    });
    return fresh ?? row!;
  });
}
