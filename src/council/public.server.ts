// What the public sees of the council: members in office, meetings with published protocols, their
// decisions, and adopted proposals whose protocol is published. Also the open-data rows of the API.
import { and, asc, desc, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { councilDecisions, councilMeetings, councilProposals } from '../db/schema/council';
import { campaigns, organisations, territories } from '../db/schema/registry';
import { getCouncil, inOffice, listMembers } from './council.server';
import { isUuid } from './errors';
import { listMeetings } from './meetings.server';
import type { AdoptedProposal } from './proposals.server';

export type DecisionRow = typeof councilDecisions.$inferSelect & { campaignTitle: string | null; published: boolean };

/** Decisions of a council, newest first; `publicOnly`: those recorded without a meeting or with a published protocol. */
export async function councilDecisionsOf(
  db: Tx,
  councilId: string,
  opts: { publicOnly?: boolean } = {},
): Promise<DecisionRow[]> {
  if (!isUuid(councilId)) return [];
  const rows = await db
    .select({ d: councilDecisions, campaignTitle: campaigns.title, publishedAt: councilMeetings.publishedAt })
    .from(councilDecisions)
    .leftJoin(campaigns, eq(campaigns.id, councilDecisions.campaignId))
    .leftJoin(councilMeetings, eq(councilMeetings.id, councilDecisions.meetingId))
    .where(
      and(
        eq(councilDecisions.councilId, councilId),
        opts.publicOnly ? or(isNull(councilDecisions.meetingId), isNotNull(councilMeetings.publishedAt)) : undefined,
      ),
    )
    .orderBy(desc(councilDecisions.decidedOn), desc(councilDecisions.number));
  return rows.map((r) => ({ ...r.d, campaignTitle: r.campaignTitle, published: !r.d.meetingId || !!r.publishedAt }));
}

export async function campaignDecisions(db: Tx, campaignId: string): Promise<DecisionRow[]> {
  if (!isUuid(campaignId)) return [];
  const rows = await db
    .select({ d: councilDecisions, campaignTitle: campaigns.title, publishedAt: councilMeetings.publishedAt })
    .from(councilDecisions)
    .leftJoin(campaigns, eq(campaigns.id, councilDecisions.campaignId))
    .leftJoin(councilMeetings, eq(councilMeetings.id, councilDecisions.meetingId))
    .where(eq(councilDecisions.campaignId, campaignId))
    .orderBy(asc(councilDecisions.decidedOn), asc(councilDecisions.number));
  return rows.map((r) => ({ ...r.d, campaignTitle: r.campaignTitle, published: !r.d.meetingId || !!r.publishedAt }));
}

export async function publicCouncil(db: Tx, councilId: string, today: string) {
  const council = await getCouncil(db, councilId);
  if (!council) return null;
  const [territory] = await db.select().from(territories).where(eq(territories.id, council.territoryId));
  const members = inOffice(await listMembers(db, councilId), today).map((m) => ({
    id: m.id,
    name: m.name,
    role: m.role,
    represents: m.represents,
    termFrom: m.termFrom,
    termTo: m.termTo,
  }));
  const meetings = (await listMeetings(db, councilId, { publishedOnly: true })).map((m) => ({
    id: m.id,
    number: m.number,
    year: m.year,
    heldOn: m.heldOn,
    format: m.format,
    hasScan: !!m.scan,
  }));
  const decisions = await councilDecisionsOf(db, councilId, { publicOnly: true });
  return { council, territoryName: territory?.name ?? '', members, meetings, decisions };
}

/**
 * Adopted proposals the public may see: the results decision's protocol is published. With an
 * organisation: its own and those addressed to all organisations.
 */
export async function publicProposals(
  db: Tx,
  campaignId: string,
  organisationId?: string,
): Promise<(AdoptedProposal & { organisationName: string | null })[]> {
  if (!isUuid(campaignId) || (organisationId !== undefined && !isUuid(organisationId))) return [];
  const rows = await db
    .select({
      p: councilProposals,
      number: councilDecisions.number,
      date: councilDecisions.decidedOn,
      orgName: organisations.shortName,
    })
    .from(councilProposals)
    .innerJoin(councilDecisions, eq(councilDecisions.id, councilProposals.decisionId))
    .leftJoin(councilMeetings, eq(councilMeetings.id, councilDecisions.meetingId))
    .leftJoin(organisations, eq(organisations.id, councilProposals.organisationId))
    .where(
      and(
        eq(councilProposals.campaignId, campaignId),
        eq(councilProposals.status, 'adopted'),
        or(isNull(councilDecisions.meetingId), isNotNull(councilMeetings.publishedAt)),
        organisationId
          ? or(eq(councilProposals.organisationId, organisationId), isNull(councilProposals.organisationId))
          : undefined,
      ),
    )
    .orderBy(asc(organisations.shortName), asc(councilProposals.sort), asc(councilProposals.createdAt));
  return rows.map(({ p, number, date, orgName }) => ({
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
    organisationName: orgName,
  }));
}

/** One decision of a council with the names of the organisations a list decision approved. */
export async function decisionOf(db: Tx, councilId: string, decisionId: string) {
  if (!isUuid(councilId) || !isUuid(decisionId)) return null;
  const [d] = await db
    .select()
    .from(councilDecisions)
    .where(and(eq(councilDecisions.id, decisionId), eq(councilDecisions.councilId, councilId)));
  if (!d) return null;
  const ids = Array.isArray(d.payload.organisationIds) ? (d.payload.organisationIds as string[]).filter(isUuid) : [];
  const orgs = ids.length
    ? await db
        .select({ id: organisations.id, name: organisations.shortName })
        .from(organisations)
        .where(inArray(organisations.id, ids))
    : [];
  const [c] = d.campaignId
    ? await db.select({ title: campaigns.title }).from(campaigns).where(eq(campaigns.id, d.campaignId))
    : [];
  return {
    decision: d,
    organisations: orgs.sort((a, b) => a.name.localeCompare(b.name, 'ru')),
    campaignTitle: c?.title ?? null,
  };
}
