// Loaders of the model documents of this folder: each reads the recorded data of one protocol, decision,
// campaign or plan and calls its pure builder. A missing record is a DocumentError (404/409), never a 500.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/index.server';
import { councilDecisions, councilProposals, councils } from '../../db/schema/council';
import { improvementPlans, planReports } from '../../db/schema/plans';
import { campaignOrganisations, campaigns, organisations, territories } from '../../db/schema/registry';
import { campaignSteps } from '../../db/schema/campaigns';
import { decisionDocument } from '../../council/decision-document';
import { clockEvents } from '../../council/clock.server';
import { inOffice, listMembers } from '../../council/council.server';
import { getMeetingFull, meetingProtocol, type Decision } from '../../council/meetings.server';
import { describeRule } from '../../calendar/deadlines';
import { getAct, planItemsOf } from '../../plans/plans.server';
import { reportPeriodLabels, type PlanForDocument } from '../../plans/model';
import { getSettings, planDeadlines } from '../../plans/settings.server';
import type { ReportRow } from '../../plans/execution.server';
import { getVersion } from '../../results/versions.server';
import { withRegistryInn } from '../../results/public.server';
import type { Document } from '../model';
import {
  decisionListDocument,
  organisationListDocument,
  protocolDocument,
  resultsDecisionDocument,
  type DecisionProposal,
} from './council';
import { deadlinesDocument } from './deadlines';
import { deadlinesSheetOf } from './data.server';
import { DocumentError } from '../registry.server';
import { orderDocument } from './order';
import { itemsFromReport, planDocument } from './plan';
import { isUuid } from '../../lib/ids';

async function chairOn(db: Tx, councilId: string | null, on: string): Promise<string | null> {
  if (!councilId) return null;
  return inOffice(await listMembers(db, councilId), on).find((m) => m.role === 'chair')?.name ?? null;
}

export async function protocolDocumentOf(db: Tx, councilId: string, meetingId: string): Promise<Document> {
  const full = await getMeetingFull(db, councilId, meetingId);
  if (!full) throw new DocumentError('Заседание не найдено.', 404);
  const annexes = full.items.some((i) => i.kind === 'results' && i.campaignId)
    ? [
        { title: 'Результаты независимой оценки качества условий (приложение 1 к решению о результатах)' },
        { title: 'Предложения об улучшении деятельности организаций (приложение 2 к решению о результатах)' },
      ]
    : [];
  return protocolDocument(meetingProtocol(full, annexes));
}

async function decisionProposals(db: Tx, decisionId: string): Promise<DecisionProposal[]> {
  const rows = await db
    .select({ p: councilProposals, name: organisations.shortName })
    .from(councilProposals)
    .leftJoin(organisations, eq(organisations.id, councilProposals.organisationId))
    .where(and(eq(councilProposals.decisionId, decisionId), eq(councilProposals.status, 'adopted')))
    .orderBy(asc(councilProposals.sort), asc(councilProposals.createdAt));
  return rows.map(({ p, name }) => ({
    organisationId: p.organisationId,
    organisationName: name,
    addressee: p.addressee,
    criterion: p.criterion,
    indicator: p.indicator,
    text: p.text,
    needsFunding: p.needsFunding,
  }));
}

async function councilName(db: Tx, d: Decision): Promise<string> {
  if (d.councilId) {
    const [c] = await db.select({ name: councils.name }).from(councils).where(eq(councils.id, d.councilId));
    if (c) return c.name;
  }
  return 'Общественный совет';
}

/** Any decision of a council as its document; results and list decisions carry their annexes. */
export async function decisionDocumentOf(db: Tx, decisionId: string): Promise<Document> {
  if (!isUuid(decisionId)) throw new DocumentError('Решение не найдено.', 404);
  const [d] = await db.select().from(councilDecisions).where(eq(councilDecisions.id, decisionId));
  if (!d) throw new DocumentError('Решение не найдено.', 404);
  const name = await councilName(db, d);
  const [c] = d.campaignId ? await db.select().from(campaigns).where(eq(campaigns.id, d.campaignId)) : [];
  const proposals = d.kind === 'results' ? await decisionProposals(db, d.id) : [];
  const orgIds = Array.isArray(d.payload.organisationIds) ? (d.payload.organisationIds as string[]).filter(isUuid) : [];
  const listOrgs = orgIds.length
    ? await db
        .select({ id: organisations.id, name: organisations.shortName })
        .from(organisations)
        .where(inArray(organisations.id, orgIds))
    : [];
  const doc = decisionDocument({
    councilName: name,
    kind: d.kind,
    number: d.number,
    decidedOn: d.decidedOn,
    text: d.text,
    payload: d.payload,
    campaignTitle: c?.title ?? null,
    organisations: listOrgs.sort((a, b) => a.name.localeCompare(b.name, 'ru')),
    proposalsAdopted: Number(d.payload.proposalsAdopted ?? proposals.length),
  });
  const chair = await chairOn(db, d.councilId, d.decidedOn);
  if (d.kind === 'results') {
    if (!d.resultVersionId) throw new DocumentError('Решение о результатах не связано с версией результатов.', 409);
    const v = await getVersion(db, d.resultVersionId);
    if (!v) throw new DocumentError('Версия результатов решения не найдена.', 404);
    return resultsDecisionDocument({
      decision: doc,
      chairName: chair,
      version: { number: v.version, contentHash: v.contentHash },
      snapshot: v.snapshot,
      proposals,
    });
  }
  if (d.kind === 'list' && c) return listDocument(db, c.id, doc, name, chair);
  return decisionListDocument(doc, chair);
}

async function listDocument(
  db: Tx,
  campaignId: string,
  doc: ReturnType<typeof decisionDocument> | null,
  council: string,
  chair: string | null,
): Promise<Document> {
  const [row] = await db
    .select({ c: campaigns, territoryName: territories.name })
    .from(campaigns)
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .where(eq(campaigns.id, campaignId));
  if (!row) throw new DocumentError('Кампания не найдена.', 404);
  const orgs = await db
    .select({
      name: organisations.fullName,
      inn: organisations.inn,
      type: organisations.type,
      territoryName: territories.name,
      address: organisations.address,
      lastAssessedOn: organisations.lastAssessedOn,
      inclusionReason: campaignOrganisations.inclusionReason,
    })
    .from(campaignOrganisations)
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .innerJoin(territories, eq(territories.id, organisations.territoryId))
    .where(eq(campaignOrganisations.campaignId, campaignId));
  return organisationListDocument({
    decision: doc,
    councilName: council,
    campaign: { title: row.c.title, year: row.c.year, territoryName: row.territoryName },
    organisations: orgs,
    chairName: chair,
  });
}

/** The campaign's latest decision of a kind (tor, list, results), or a clear refusal. */
export async function campaignDecisionId(
  db: Tx,
  campaignId: string,
  kind: 'tor' | 'list' | 'results',
): Promise<string | null> {
  if (!isUuid(campaignId)) throw new DocumentError('Кампания не найдена.', 404);
  const [d] = await db
    .select({ id: councilDecisions.id })
    .from(councilDecisions)
    .where(and(eq(councilDecisions.campaignId, campaignId), eq(councilDecisions.kind, kind)))
    .orderBy(desc(councilDecisions.decidedOn), desc(councilDecisions.createdAt))
    .limit(1);
  return d?.id ?? null;
}

const missing: Record<'tor' | 'list' | 'results', string> = {
  tor: 'Совет ещё не принял решение о предложениях в техническое задание оператору по этой кампании.',
  list: 'Совет ещё не утвердил перечень организаций этой кампании.',
  results: 'Совет ещё не принял решение о результатах и предложениях по этой кампании.',
};

export async function campaignDecisionDocument(
  db: Tx,
  campaignId: string,
  kind: 'tor' | 'list' | 'results',
): Promise<Document> {
  const id = await campaignDecisionId(db, campaignId, kind);
  if (id) return decisionDocumentOf(db, id);
  // A list can still be printed from the campaign's composition before the council's decision is in НОКО.
  if (kind === 'list') {
    const [c] = await db
      .select({ territoryId: campaigns.territoryId })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    if (!c) throw new DocumentError('Кампания не найдена.', 404);
    const [council] = await db.select().from(councils).where(eq(councils.territoryId, c.territoryId));
    return listDocument(db, campaignId, null, council?.name ?? 'Общественный совет', null);
  }
  throw new DocumentError(missing[kind], 409);
}

export async function orderDocumentOf(db: Tx, campaignId: string, today: string): Promise<Document> {
  const id = await campaignDecisionId(db, campaignId, 'results');
  if (!id) throw new DocumentError(missing.results, 409);
  const [d] = await db.select().from(councilDecisions).where(eq(councilDecisions.id, id));
  const [row] = await db
    .select({ c: campaigns, territoryName: territories.name })
    .from(campaigns)
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .where(eq(campaigns.id, campaignId));
  if (!d || !row) throw new DocumentError('Кампания не найдена.', 404);
  if (!d.resultVersionId) throw new DocumentError('Решение о результатах не связано с версией результатов.', 409);
  const v = (await getVersion(db, d.resultVersionId))!;
  const ev = await clockEvents(db, campaignId);
  const settings = await getSettings(db, row.c.territoryId);
  const pd = planDeadlines(settings, d.decidedOn, null);
  const [publish] = await db
    .select({ plannedOn: campaignSteps.plannedOn })
    .from(campaignSteps)
    .where(and(eq(campaignSteps.campaignId, campaignId), eq(campaignSteps.key, 'publish_results')));
  const authorityDue = (ev?.authorityDeadline as { due?: string } | null)?.due ?? null;
  return orderDocument({
    campaign: { title: row.c.title, year: row.c.year, territoryName: row.territoryName },
    decision: { number: d.number, decidedOn: d.decidedOn, receivedOn: ev?.authorityReceivedOn ?? null },
    version: { number: v.version },
    snapshot: await withRegistryInn(db, v.snapshot),
    proposals: await decisionProposals(db, d.id),
    plans: {
      draftDue: pd.draft.due,
      publicationRule: describeRule(settings.publicationRule)
        .split(';')[0]!
        .replace(' со дня, следующего за событием', ' со дня утверждения'),
      reportRule: `${reportPeriodLabels[settings.reportPeriod]}, не позднее ${settings.reportDays}-го дня после окончания отчётного периода`,
    },
    publishBy: publish?.plannedOn ?? null,
    measuresDue: authorityDue,
    measuresText: ev?.measuresText ?? null,
    preparedOn: today,
  });
}

/** The plan as approved (asOf null) or the progress report: live rows as of `asOf`, or a stored report's frozen rows. */
export async function planDocumentOf(
  db: Tx,
  planId: string,
  opts: { asOf: string | null; reportId?: string | null },
): Promise<Document> {
  if (!isUuid(planId)) throw new DocumentError('План не найден.', 404);
  const [plan] = await db.select().from(improvementPlans).where(eq(improvementPlans.id, planId));
  if (!plan) throw new DocumentError('План не найден.', 404);
  const [org] = await db
    .select({ name: organisations.fullName })
    .from(organisations)
    .where(eq(organisations.id, plan.organisationId));
  const act = await getAct(db, plan.actId);
  const items = await planItemsOf(db, planId);
  let rows: PlanForDocument['items'] = items;
  let asOf = opts.asOf;
  if (opts.reportId) {
    if (!isUuid(opts.reportId)) throw new DocumentError('Сведения о ходе реализации не найдены.', 404);
    const [r] = await db
      .select()
      .from(planReports)
      .where(and(eq(planReports.id, opts.reportId), eq(planReports.planId, planId)));
    if (!r) throw new DocumentError('Сведения о ходе реализации не найдены.', 404);
    asOf = r.periodEnd;
    rows = itemsFromReport(r.rows as ReportRow[], items);
  }
  return planDocument(
    {
      organisationName: org?.name ?? '',
      year: plan.year,
      status: plan.status,
      version: plan.version,
      act: act
        ? {
            kind: act.kind,
            number: act.number,
            date: act.date,
            approverPost: act.approverPost,
            approverName: act.approverName,
          }
        : null,
      items: rows,
    },
    { asOf },
  );
}

export async function deadlinesDocumentOf(db: Tx, campaignId: string, today: string): Promise<Document> {
  return deadlinesDocument(await deadlinesSheetOf(db, campaignId, today));
}
