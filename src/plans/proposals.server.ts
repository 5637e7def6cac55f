// The council's adopted proposals (src/council, `adoptedProposals`) as rows for the plan generator.
import { adoptedProposals, type AdoptedProposal } from '../council/proposals.server';
import type { Tx } from '../db/index.server';
import type { ProposalInput } from './model';

/**
 * A proposal becomes a row of an organisation's plan when it is addressed to that organisation (whatever
 * the addressee: a ramp «to the founder» for one school is still a row of that school's plan, needing
 * money) or to all organisations. Founder-wide proposals without an organisation («учитывать результаты
 * при оценке руководителей») are the founder's business, not a plan row.
 */
export function toProposalInput(p: AdoptedProposal): ProposalInput | null {
  if (!p.organisationId && p.addressee === 'founder') return null;
  const [key, item] = p.sourceItem?.startsWith('survey:')
    ? [null, null]
    : (p.sourceItem?.split(/:(.*)/s) ?? [null, null]);
  return {
    id: p.id,
    organisationId: p.organisationId,
    indicator: p.indicator,
    criterion: p.criterion,
    checklist: key || null,
    itemId: item || null,
    text: p.text,
    needsFunding: p.needsFunding,
  };
}

export async function adoptedProposalSource(db: Tx, campaignId: string): Promise<ProposalInput[]> {
  return (await adoptedProposals(db, campaignId)).map(toProposalInput).filter((p): p is ProposalInput => p !== null);
}
