// The list decision recorded on the campaign page without a meeting kept in НОКО (a decision taken on
// paper, or before the council's meetings were kept here): it lives in the council room like every other
// decision (decision 0070), marked as recorded without a meeting.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { councilDecisions, councils } from '../db/schema/council';
import { campaigns } from '../db/schema/registry';

export async function recordListDecisionTx(tx: Tx, args: { campaignId: string; number: string; date: string; documentId: string | null }): Promise<void> {
  const [c] = await tx.select({ territoryId: campaigns.territoryId }).from(campaigns).where(eq(campaigns.id, args.campaignId));
  if (!c) return;
  const [council] = await tx.select({ id: councils.id }).from(councils).where(eq(councils.territoryId, c.territoryId));
  const where = and(eq(councilDecisions.campaignId, args.campaignId), eq(councilDecisions.kind, 'list'), eq(councilDecisions.source, 'migrated'));
  const [existing] = await tx.select().from(councilDecisions).where(where);
  const values = { number: args.number, decidedOn: args.date, documentId: args.documentId ?? existing?.documentId ?? null, councilId: council?.id ?? null };
  if (existing) await tx.update(councilDecisions).set(values).where(eq(councilDecisions.id, existing.id));
  else await tx.insert(councilDecisions).values({ campaignId: args.campaignId, kind: 'list', source: 'migrated', text: 'Утвердить перечень организаций для проведения независимой оценки качества условий', ...values });
}
