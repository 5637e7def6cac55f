// Proposals for improvement: drafted from the locked result version, edited by the secretary, adopted
// with the results decision. `adoptedProposals` is the contract the improvement plans read: keep its
// shape stable (docs/council.md).
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { councilDecisions, councilProposals, proposalAddressees, type ProposalAddressee } from '../db/schema/council';
import { campaigns, organisations } from '../db/schema/registry';
import { resultVersions } from '../db/schema/results';
import { parseSnapshot } from '../results/snapshot';
import { draftProposals } from './drafting';
import { CouncilError, isUuid } from './errors';

export type Proposal = typeof councilProposals.$inferSelect;

/** One adopted proposal as the improvement plans take it. */
export type AdoptedProposal = {
  id: string;
  campaignId: string;
  /** Null: addressed to every organisation of the campaign (or to their founder). */
  organisationId: string | null;
  addressee: ProposalAddressee;
  criterion: string;
  indicator: string | null;
  sourceItem: string | null;
  text: string;
  needsFunding: boolean;
  /** The locked result version the proposal answers. */
  resultVersionId: string | null;
  decisionId: string;
  decisionNumber: string;
  decisionDate: string;
};

/**
 * Proposals the council adopted for a campaign; with an organisation, that organisation's own ones and
 * those addressed to all organisations (organisationId null), in the council's order.
 */
export async function adoptedProposals(
  db: Tx,
  campaignId: string,
  organisationId?: string,
): Promise<AdoptedProposal[]> {
  if (!isUuid(campaignId) || (organisationId !== undefined && !isUuid(organisationId))) return [];
  const rows = await db
    .select({ p: councilProposals, number: councilDecisions.number, date: councilDecisions.decidedOn })
    .from(councilProposals)
    .innerJoin(councilDecisions, eq(councilDecisions.id, councilProposals.decisionId))
    .where(
      and(
        eq(councilProposals.campaignId, campaignId),
        eq(councilProposals.status, 'adopted'),
        organisationId
          ? or(eq(councilProposals.organisationId, organisationId), isNull(councilProposals.organisationId))
          : undefined,
      ),
    )
    .orderBy(asc(councilProposals.organisationId), asc(councilProposals.sort), asc(councilProposals.createdAt));
  return rows.map(({ p, number, date }) => ({
    id: p.id,
    campaignId: p.campaignId,
    organisationId: p.organisationId,
    addressee: p.addressee,
    criterion: p.criterion,
    indicator: p.indicator,
    sourceItem: p.sourceItem,
    text: p.text,
    needsFunding: p.needsFunding,
    resultVersionId: p.resultVersionId,
    decisionId: p.decisionId!,
    decisionNumber: number,
    decisionDate: date,
  }));
}

/** Draft and adopted (not removed) proposals of a campaign, with organisation names. */
export async function listProposals(
  db: Tx,
  campaignId: string,
): Promise<(Proposal & { organisationName: string | null })[]> {
  if (!isUuid(campaignId)) return [];
  const rows = await db
    .select({ p: councilProposals, name: organisations.shortName })
    .from(councilProposals)
    .leftJoin(organisations, eq(organisations.id, councilProposals.organisationId))
    .where(and(eq(councilProposals.campaignId, campaignId), sql`${councilProposals.status} <> 'removed'`))
    .orderBy(sql`${organisations.shortName} nulls first`, asc(councilProposals.sort), asc(councilProposals.createdAt));
  return rows.map((r) => ({ ...r.p, organisationName: r.name }));
}

async function campaignTerritory(tx: Tx, campaignId: string): Promise<string> {
  const [c] = await tx
    .select({ territoryId: campaigns.territoryId })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  if (!c) throw new CouncilError('Кампания не найдена.', 404);
  return c.territoryId;
}

/** Proposals are frozen once the results decision adopted them. */
async function assertEditable(tx: Tx, campaignId: string): Promise<void> {
  const [adopted] = await tx
    .select({ id: councilProposals.id })
    .from(councilProposals)
    .where(and(eq(councilProposals.campaignId, campaignId), eq(councilProposals.status, 'adopted')))
    .limit(1);
  if (adopted) throw new CouncilError('Предложения уже приняты решением совета о результатах и не изменяются.', 409);
}

/**
 * Replaces the automatic drafts of a campaign with fresh ones from the given result version. Proposals the
 * secretary wrote or edited by hand stay.
 */
export async function draftFromVersion(
  db: Db,
  campaignId: string,
  versionId: string,
  threshold: number,
  actor: Actor,
): Promise<number> {
  if (!isUuid(campaignId) || !isUuid(versionId)) throw new CouncilError('Версия результатов не найдена.', 404);
  return db.transaction(async (tx) => {
    const territoryId = await campaignTerritory(tx, campaignId);
    await assertEditable(tx, campaignId);
    const [v] = await tx
      .select()
      .from(resultVersions)
      .where(and(eq(resultVersions.id, versionId), eq(resultVersions.campaignId, campaignId)));
    if (!v) throw new CouncilError('Версия результатов не найдена.', 404);
    const drafts = draftProposals(parseSnapshot(v.snapshot), threshold);
    await tx
      .delete(councilProposals)
      .where(
        and(
          eq(councilProposals.campaignId, campaignId),
          eq(councilProposals.origin, 'auto'),
          eq(councilProposals.status, 'draft'),
        ),
      );
    for (let i = 0; i < drafts.length; i += 500) {
      await tx
        .insert(councilProposals)
        .values(
          drafts
            .slice(i, i + 500)
            .map((d, j) => ({ ...d, campaignId, resultVersionId: versionId, origin: 'auto' as const, sort: i + j })),
        );
    }
    await recordAudit(tx, {
      actor,
      action: 'council.proposals.draft',
      entity: 'campaign',
      entityId: campaignId,
      territoryId,
      after: { resultVersion: v.version, drafted: drafts.length, threshold },
    });
    return drafts.length;
  });
}

export type ProposalInput = {
  organisationId: string | null;
  addressee: string;
  criterion: string;
  indicator?: string | null;
  text: string;
  needsFunding: boolean;
};

function checkInput(input: ProposalInput): string[] {
  const problems: string[] = [];
  if (!input.text.trim()) problems.push('не указан текст предложения');
  if (input.text.length > 2000) problems.push('текст предложения длиннее 2000 знаков');
  if (!(proposalAddressees as readonly string[]).includes(input.addressee))
    problems.push('выберите адресата предложения');
  if (!/^K[1-9]$/.test(input.criterion)) problems.push('выберите критерий');
  if (input.addressee === 'organisation' && !input.organisationId)
    problems.push('предложение руководителю организации должно относиться к организации');
  if (input.organisationId && !isUuid(input.organisationId)) problems.push('организация не найдена');
  return problems;
}

export async function addProposal(db: Db, campaignId: string, input: ProposalInput, actor: Actor): Promise<Proposal> {
  const problems = checkInput(input);
  if (problems.length) throw new CouncilError('Предложение не добавлено.', 400, problems);
  return db.transaction(async (tx) => {
    const territoryId = await campaignTerritory(tx, campaignId);
    await assertEditable(tx, campaignId);
    const [row] = await tx
      .insert(councilProposals)
      .values({
        campaignId,
        organisationId: input.organisationId,
        addressee: input.addressee as ProposalAddressee,
        criterion: input.criterion,
        indicator: input.indicator?.trim() || null,
        text: input.text.trim(),
        needsFunding: input.needsFunding,
        origin: 'manual',
        sort: 10_000,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'council.proposal.add',
      entity: 'council_proposal',
      entityId: row!.id,
      territoryId,
      after: row,
    });
    return row!;
  });
}

async function proposalOf(tx: Tx, campaignId: string, id: string): Promise<Proposal> {
  if (!isUuid(id)) throw new CouncilError('Предложение не найдено.', 404);
  const [p] = await tx
    .select()
    .from(councilProposals)
    .where(and(eq(councilProposals.id, id), eq(councilProposals.campaignId, campaignId)));
  if (!p || p.status === 'removed') throw new CouncilError('Предложение не найдено.', 404);
  return p;
}

/** The secretary's edit; an edited automatic draft becomes the secretary's own and survives a redraft. */
export async function updateProposal(
  db: Db,
  campaignId: string,
  id: string,
  input: ProposalInput,
  actor: Actor,
): Promise<Proposal> {
  const problems = checkInput(input);
  if (problems.length) throw new CouncilError('Предложение не сохранено.', 400, problems);
  return db.transaction(async (tx) => {
    const territoryId = await campaignTerritory(tx, campaignId);
    await assertEditable(tx, campaignId);
    const before = await proposalOf(tx, campaignId, id);
    const [row] = await tx
      .update(councilProposals)
      .set({
        addressee: input.addressee as ProposalAddressee,
        criterion: input.criterion,
        indicator: input.indicator?.trim() || null,
        text: input.text.trim(),
        needsFunding: input.needsFunding,
        origin: 'manual',
        updatedAt: new Date(),
      })
      .where(eq(councilProposals.id, id))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'council.proposal.edit',
      entity: 'council_proposal',
      entityId: id,
      territoryId,
      before,
      after: row,
    });
    return row!;
  });
}

export async function removeProposal(db: Db, campaignId: string, id: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const territoryId = await campaignTerritory(tx, campaignId);
    await assertEditable(tx, campaignId);
    const before = await proposalOf(tx, campaignId, id);
    await tx
      .update(councilProposals)
      .set({ status: 'removed', updatedAt: new Date() })
      .where(eq(councilProposals.id, id));
    await recordAudit(tx, {
      actor,
      action: 'council.proposal.remove',
      entity: 'council_proposal',
      entityId: id,
      territoryId,
      before,
    });
  });
}

/** Adopts every draft proposal of the campaign with the results decision (inside its transaction). */
export async function adoptDraftsTx(
  tx: Tx,
  campaignId: string,
  decisionId: string,
  resultVersionId: string,
): Promise<number> {
  const rows = await tx
    .update(councilProposals)
    .set({ status: 'adopted', decisionId, resultVersionId, updatedAt: new Date() })
    .where(and(eq(councilProposals.campaignId, campaignId), eq(councilProposals.status, 'draft')))
    .returning({ id: councilProposals.id });
  return rows.length;
}
