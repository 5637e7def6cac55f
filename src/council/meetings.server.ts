// Meetings of the council: agenda, attendance, votes, decisions and what they drive (the campaign's list,
// terms of reference, additional criteria, the results decision that locks a result version and adopts
// the proposals), the notice by e-mail, the signed scan and publication.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EXTENSIONS, sniffFile, type SniffedMediaType } from '../files/sniff';
import { storeHashed } from '../files/storage.server';
import { and, asc, desc, eq, inArray, isNotNull, max } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { campaignSteps } from '../db/schema/campaigns';
import {
  agendaKinds,
  councilAgendaItems,
  councilAttendance,
  councilDecisions,
  councilMeetings,
  meetingFormats,
  voteChoices,
  type AgendaKind,
  type DecisionKind,
  type Invitee,
  type MeetingFormat,
  type StoredFile,
  type VoteChoice,
} from '../db/schema/council';
import { campaignOrganisations, campaigns } from '../db/schema/registry';
import { resultVersions } from '../db/schema/results';
import { approveVersionTx, ResultsError } from '../results/versions.server';
import { CampaignEventError, recordCampaignEvent } from '../campaigns/events.server';
import { sendTextMail } from '../auth/mail.server';
import { getCouncil, inOffice, listMembers, type Council, type Member } from './council.server';
import { CouncilError, isIsoDate, isUuid } from './errors';
import { noteResultsDecisionTx } from './clock.server';
import { adoptDraftsTx } from './proposals.server';
import {
  agendaKindLabels,
  meetingFormatLabels,
  protocolModel,
  ruDate,
  type ProtocolInput,
  type ProtocolModel,
} from './protocol';
import { computeAdoption, computeQuorum, type Quorum } from './voting';

export type Meeting = typeof councilMeetings.$inferSelect;
export type AgendaItem = typeof councilAgendaItems.$inferSelect;
export type Decision = typeof councilDecisions.$inferSelect;

export type MeetingFull = {
  council: Council;
  meeting: Meeting;
  /** Members in office on the meeting date: the base of the quorum. */
  members: Member[];
  presentIds: string[];
  items: AgendaItem[];
  decisions: Decision[];
  quorum: Quorum;
  /** Votes recorded on some item: attendance is then fixed. */
  voted: boolean;
  published: boolean;
};

export async function listMeetings(
  db: Tx,
  councilId: string,
  opts: { publishedOnly?: boolean } = {},
): Promise<Meeting[]> {
  if (!isUuid(councilId)) return [];
  return db
    .select()
    .from(councilMeetings)
    .where(
      and(
        eq(councilMeetings.councilId, councilId),
        opts.publishedOnly ? isNotNull(councilMeetings.publishedAt) : undefined,
      ),
    )
    .orderBy(desc(councilMeetings.heldOn), desc(councilMeetings.number));
}

export async function getMeetingFull(db: Tx, councilId: string, meetingId: string): Promise<MeetingFull | null> {
  if (!isUuid(meetingId) || !isUuid(councilId)) return null;
  const [meeting] = await db
    .select()
    .from(councilMeetings)
    .where(and(eq(councilMeetings.id, meetingId), eq(councilMeetings.councilId, councilId)));
  if (!meeting) return null;
  const council = (await getCouncil(db, councilId))!;
  const members = inOffice(await listMembers(db, councilId), meeting.heldOn);
  const presentIds = (
    await db
      .select({ id: councilAttendance.memberId })
      .from(councilAttendance)
      .where(eq(councilAttendance.meetingId, meetingId))
  ).map((r) => r.id);
  const items = await db
    .select()
    .from(councilAgendaItems)
    .where(eq(councilAgendaItems.meetingId, meetingId))
    .orderBy(asc(councilAgendaItems.sort));
  const decisions = await db
    .select()
    .from(councilDecisions)
    .where(eq(councilDecisions.meetingId, meetingId))
    .orderBy(asc(councilDecisions.number));
  const present = members.filter((m) => presentIds.includes(m.id)).length;
  return {
    council,
    meeting,
    members,
    presentIds,
    items,
    decisions,
    quorum: computeQuorum(council.quorumRule, members.length, present),
    voted: items.some((i) => i.votesFor !== null),
    published: !!meeting.publishedAt,
  };
}

async function requireMeeting(
  tx: Tx,
  councilId: string,
  meetingId: string,
  opts: { unpublished?: boolean } = { unpublished: true },
): Promise<MeetingFull> {
  const full = await getMeetingFull(tx, councilId, meetingId);
  if (!full) throw new CouncilError('Заседание не найдено.', 404);
  if (opts.unpublished && full.published)
    throw new CouncilError('Протокол заседания опубликован: заседание больше не изменяется.', 409);
  return full;
}

export type MeetingInput = {
  heldOn: string;
  place: string;
  format: string;
  presidingMemberId: string | null;
  secretaryMemberId: string | null;
};

async function checkMeeting(council: Council, members: Member[], input: MeetingInput): Promise<string[]> {
  const problems: string[] = [];
  if (!isIsoDate(input.heldOn)) problems.push('не указана дата заседания');
  if (input.place.length > 500) problems.push('место длиннее 500 знаков');
  if (!(meetingFormats as readonly string[]).includes(input.format)) problems.push('выберите форму проведения');
  if (input.format === 'absentee' && !council.absenteeVoting)
    problems.push('регламент совета не допускает заочного голосования');
  if (isIsoDate(input.heldOn)) {
    const serving = inOffice(members, input.heldOn).map((m) => m.id);
    if (input.presidingMemberId && !serving.includes(input.presidingMemberId))
      problems.push('председательствующий должен быть членом совета на дату заседания');
    if (input.secretaryMemberId && !serving.includes(input.secretaryMemberId))
      problems.push('секретарь должен быть членом совета на дату заседания');
  }
  return problems;
}

export async function createMeeting(db: Db, councilId: string, input: MeetingInput, actor: Actor): Promise<Meeting> {
  return db.transaction(async (tx) => {
    const council = await getCouncil(tx, councilId);
    if (!council) throw new CouncilError('Совет не найден.', 404);
    const members = await listMembers(tx, councilId);
    const problems = await checkMeeting(council, members, input);
    if (problems.length) throw new CouncilError('Заседание не создано.', 400, problems);
    const year = Number(input.heldOn.slice(0, 4));
    const [last] = await tx
      .select({ n: max(councilMeetings.number) })
      .from(councilMeetings)
      .where(and(eq(councilMeetings.councilId, councilId), eq(councilMeetings.year, year)));
    const [row] = await tx
      .insert(councilMeetings)
      .values({
        councilId,
        year,
        number: (last?.n ?? 0) + 1,
        heldOn: input.heldOn,
        place: input.place.trim(),
        format: input.format as MeetingFormat,
        presidingMemberId: input.presidingMemberId,
        secretaryMemberId: input.secretaryMemberId,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'council.meeting.create',
      entity: 'council_meeting',
      entityId: row!.id,
      territoryId: council.territoryId,
      after: row,
    });
    return row!;
  });
}

export async function updateMeeting(
  db: Db,
  councilId: string,
  meetingId: string,
  input: MeetingInput,
  actor: Actor,
): Promise<Meeting> {
  return db.transaction(async (tx) => {
    const full = await requireMeeting(tx, councilId, meetingId);
    const problems = await checkMeeting(full.council, await listMembers(tx, councilId), input);
    if (full.decisions.length && input.heldOn !== full.meeting.heldOn)
      problems.push('по заседанию уже приняты решения: дату изменить нельзя');
    if (isIsoDate(input.heldOn) && Number(input.heldOn.slice(0, 4)) !== full.meeting.year)
      problems.push('номер протокола ведётся по годам: заседание другого года создайте заново');
    if (problems.length) throw new CouncilError('Изменения не сохранены.', 400, problems);
    const [row] = await tx
      .update(councilMeetings)
      .set({
        heldOn: input.heldOn,
        place: input.place.trim(),
        format: input.format as MeetingFormat,
        presidingMemberId: input.presidingMemberId,
        secretaryMemberId: input.secretaryMemberId,
      })
      .where(eq(councilMeetings.id, meetingId))
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'council.meeting.edit',
      entity: 'council_meeting',
      entityId: meetingId,
      territoryId: full.council.territoryId,
      before: full.meeting,
      after: row,
    });
    return row!;
  });
}

/** Parses «Фамилия И. О. — должность» lines. */
export function parseInvitees(text: string): Invitee[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 50)
    .map((l) => {
      const [name, ...post] = l.split(/\s+[—–-]\s+/);
      return { name: (name ?? '').slice(0, 200), post: post.join(' — ').slice(0, 300) };
    });
}

export async function setAttendance(
  db: Db,
  councilId: string,
  meetingId: string,
  args: { presentIds: string[]; invitees: Invitee[] },
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const full = await requireMeeting(tx, councilId, meetingId);
    const serving = new Set(full.members.map((m) => m.id));
    const ids = [...new Set(args.presentIds)];
    const problems: string[] = [];
    if (ids.some((id) => !serving.has(id)))
      problems.push('отмечен человек, который не является членом совета на дату заседания');
    const changed = ids.length !== full.presentIds.length || ids.some((id) => !full.presentIds.includes(id));
    if (full.voted && changed)
      problems.push('по вопросам повестки уже записаны голоса: состав присутствующих изменить нельзя');
    if (full.meeting.presidingMemberId && ids.length && !ids.includes(full.meeting.presidingMemberId))
      problems.push('председательствующий должен быть среди присутствующих');
    if (problems.length) throw new CouncilError('Присутствие не сохранено.', 400, problems);
    await tx.delete(councilAttendance).where(eq(councilAttendance.meetingId, meetingId));
    if (ids.length) await tx.insert(councilAttendance).values(ids.map((memberId) => ({ meetingId, memberId })));
    await tx.update(councilMeetings).set({ invitees: args.invitees }).where(eq(councilMeetings.id, meetingId));
    await recordAudit(tx, {
      actor,
      action: 'council.meeting.attendance',
      entity: 'council_meeting',
      entityId: meetingId,
      territoryId: full.council.territoryId,
      before: { present: full.presentIds, invitees: full.meeting.invitees },
      after: { present: ids, invitees: args.invitees },
    });
  });
}

/** Typed agenda items need a campaign of the council's territory; a results item binds the current draft. */
export async function addAgendaItem(
  db: Db,
  councilId: string,
  meetingId: string,
  input: { kind: string; title: string; campaignId: string | null },
  actor: Actor,
): Promise<AgendaItem> {
  return db.transaction(async (tx) => {
    const full = await requireMeeting(tx, councilId, meetingId);
    const problems: string[] = [];
    if (!(agendaKinds as readonly string[]).includes(input.kind)) problems.push('выберите вид вопроса');
    const kind = input.kind as AgendaKind;
    const needsCampaign =
      kind === 'list' || kind === 'tor' || kind === 'criteria' || kind === 'results' || kind === 'proposals';
    let campaign: typeof campaigns.$inferSelect | undefined;
    if (input.campaignId) {
      [campaign] = isUuid(input.campaignId)
        ? await tx.select().from(campaigns).where(eq(campaigns.id, input.campaignId))
        : [];
      if (!campaign || campaign.territoryId !== full.council.territoryId)
        problems.push('кампания не найдена среди кампаний территории совета');
    } else if (needsCampaign) problems.push('для этого вопроса выберите кампанию');
    if (input.title.length > 1000) problems.push('формулировка вопроса длиннее 1000 знаков');
    let resultVersionId: string | null = null;
    const payload: Record<string, unknown> = {};
    if (kind === 'results' && campaign) {
      const [draft] = await tx
        .select()
        .from(resultVersions)
        .where(and(eq(resultVersions.campaignId, campaign.id), eq(resultVersions.status, 'draft')))
        .orderBy(desc(resultVersions.version))
        .limit(1);
      if (!draft) problems.push('у кампании нет черновика результатов: сначала рассчитайте результаты');
      else {
        resultVersionId = draft.id;
        payload.expectedHash = draft.contentHash;
        payload.version = draft.version;
      }
    }
    if (problems.length) throw new CouncilError('Вопрос не добавлен.', 400, problems);
    const title = input.title.trim() || defaultTitle(kind, campaign);
    const sort = (full.items.at(-1)?.sort ?? 0) + 1;
    const [row] = await tx
      .insert(councilAgendaItems)
      .values({ meetingId, sort, kind, title, campaignId: campaign?.id ?? null, resultVersionId, payload })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'council.agenda.add',
      entity: 'council_agenda_item',
      entityId: row!.id,
      territoryId: full.council.territoryId,
      after: row,
    });
    return row!;
  });
}

function defaultTitle(kind: AgendaKind, campaign?: { title: string }): string {
  const c = campaign ? ` (${campaign.title})` : '';
  switch (kind) {
    case 'list':
      return `Об утверждении перечня организаций для проведения независимой оценки качества условий${c}`;
    case 'tor':
      return `О предложениях в техническое задание организации-оператору${c}`;
    case 'criteria':
      return `Об установлении дополнительных критериев оценки${c}`;
    case 'results':
      return `О рассмотрении отчёта оператора и результатов независимой оценки качества условий${c}`;
    case 'proposals':
      return `О предложениях об улучшении деятельности организаций${c}`;
    case 'plans_review':
      return 'О ходе выполнения планов по устранению недостатков, выявленных в ходе независимой оценки';
    default:
      return 'Разное';
  }
}

export async function removeAgendaItem(
  db: Db,
  councilId: string,
  meetingId: string,
  itemId: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const full = await requireMeeting(tx, councilId, meetingId);
    const item = full.items.find((i) => i.id === itemId);
    if (!item) throw new CouncilError('Вопрос повестки не найден.', 404);
    if (item.votesFor !== null)
      throw new CouncilError('По вопросу уже записаны голоса: его нельзя убрать из повестки.', 409);
    await tx.delete(councilAgendaItems).where(eq(councilAgendaItems.id, itemId));
    await recordAudit(tx, {
      actor,
      action: 'council.agenda.remove',
      entity: 'council_agenda_item',
      entityId: itemId,
      territoryId: full.council.territoryId,
      before: item,
    });
  });
}

export type ItemRecord = {
  heard: string;
  spoke: string;
  decided: string;
  /** All three null: only the texts are saved. */
  votes: { for: number; against: number; abstained: number } | null;
  presidingVote: string | null;
  /** Date of the decision; an absentee vote may close after the meeting day, never before it. */
  decidedOn: string | null;
  /** Terms-of-reference points or additional criteria, one per line. */
  points: string | null;
};

const lines = (text: string | null) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 200);

/**
 * Records what was heard, said and decided on an item and, with votes, computes adoption. An adopted item
 * becomes a council decision and drives the campaign in the same transaction; a refused vote (more votes
 * than members present, no quorum, a decision dated before the meeting, a recomputed draft) changes
 * nothing.
 */
export async function recordItem(
  db: Db,
  councilId: string,
  meetingId: string,
  itemId: string,
  input: ItemRecord,
  actor: Actor,
): Promise<{ item: AgendaItem; decision: Decision | null; statement: string | null }> {
  return db.transaction(async (tx) => {
    const full = await requireMeeting(tx, councilId, meetingId);
    const item = full.items.find((i) => i.id === itemId);
    if (!item) throw new CouncilError('Вопрос повестки не найден.', 404);
    if (full.decisions.some((d) => d.agendaItemId === itemId))
      throw new CouncilError('По вопросу уже принято решение: запись не изменяется.', 409);
    const problems: string[] = [];
    for (const [k, v] of [
      ['СЛУШАЛИ', input.heard],
      ['ВЫСТУПИЛИ', input.spoke],
      ['РЕШИЛИ', input.decided],
    ] as const)
      if (v.length > 20_000) problems.push(`текст «${k}» длиннее 20 000 знаков`);
    if (input.presidingVote && !(voteChoices as readonly string[]).includes(input.presidingVote))
      problems.push('неизвестный вариант голоса председательствующего');
    const decidedOn = input.decidedOn || full.meeting.heldOn;
    if (!isIsoDate(decidedOn)) problems.push('неверная дата решения');
    else if (decidedOn < full.meeting.heldOn)
      problems.push(`решение не может быть датировано раньше заседания (${ruDate(full.meeting.heldOn)})`);
    let adoption: ReturnType<typeof computeAdoption> | null = null;
    if (input.votes) {
      if (!input.decided.trim()) problems.push('перед голосованием запишите, что решили (РЕШИЛИ)');
      adoption = computeAdoption({
        quorum: full.quorum,
        votes: input.votes,
        tieRule: full.council.tieRule,
        presidingVote: (input.presidingVote || null) as VoteChoice | null,
      });
      if (!adoption.ok) problems.push(...adoption.problems);
    }
    if (problems.length) throw new CouncilError('Запись по вопросу не сохранена.', 400, problems);
    const points = lines(input.points);
    const payload = { ...item.payload, ...(item.kind === 'tor' || item.kind === 'criteria' ? { points } : {}) };
    const adopted = adoption && adoption.ok ? adoption.adopted : null;
    const [row] = await tx
      .update(councilAgendaItems)
      .set({
        heard: input.heard.trim(),
        spoke: input.spoke.trim(),
        decided: input.decided.trim(),
        votesFor: input.votes?.for ?? null,
        votesAgainst: input.votes?.against ?? null,
        votesAbstained: input.votes?.abstained ?? null,
        presidingVote: (input.presidingVote || null) as VoteChoice | null,
        adopted,
        payload,
      })
      .where(eq(councilAgendaItems.id, itemId))
      .returning();
    let decision: Decision | null = null;
    if (adopted) decision = await adoptDecision(tx, full, row!, decidedOn, actor);
    await recordAudit(tx, {
      actor,
      action: input.votes ? 'council.agenda.vote' : 'council.agenda.record',
      entity: 'council_agenda_item',
      entityId: itemId,
      territoryId: full.council.territoryId,
      before: item,
      after: {
        ...row,
        statement: adoption && adoption.ok ? adoption.statement : null,
        decisionId: decision?.id ?? null,
      },
    });
    return { item: row!, decision, statement: adoption && adoption.ok ? adoption.statement : null };
  });
}

const decisionKindOf: Record<AgendaKind, DecisionKind> = {
  list: 'list',
  tor: 'tor',
  criteria: 'criteria',
  results: 'results',
  proposals: 'other',
  plans_review: 'other',
  other: 'other',
};

async function adoptDecision(
  tx: Tx,
  full: MeetingFull,
  item: AgendaItem,
  decidedOn: string,
  actor: Actor,
): Promise<Decision> {
  const kind = decisionKindOf[item.kind];
  const number = `${full.meeting.number}/${item.sort}`;
  const payload: Record<string, unknown> = {
    ...item.payload,
    meeting: { number: full.meeting.number, year: full.meeting.year, heldOn: full.meeting.heldOn },
  };
  const campaignId = item.campaignId;
  if (kind === 'list' && campaignId) {
    const orgs = await tx
      .select({ id: campaignOrganisations.organisationId })
      .from(campaignOrganisations)
      .where(eq(campaignOrganisations.campaignId, campaignId));
    if (orgs.length === 0)
      throw new CouncilError(
        'В перечне кампании нет ни одной организации: совет не может утвердить пустой перечень.',
        409,
      );
    payload.organisationIds = orgs.map((o) => o.id);
  }
  if (kind === 'results') {
    if (!item.resultVersionId) throw new CouncilError('Вопрос не связан с версией результатов.', 409);
    try {
      // The council's recorded vote on this agenda item is its explicit decision; missing data is written to the
      // audit entry with it (decision 0056).
      await approveVersionTx(
        tx,
        item.resultVersionId,
        {
          number,
          date: decidedOn,
          expectedHash: (item.payload.expectedHash as string | undefined) ?? null,
          confirmGaps: true,
        },
        actor,
      );
    } catch (err) {
      if (err instanceof ResultsError) throw new CouncilError(`Решение о результатах не принято: ${err.message}`, 409);
      throw err;
    }
  }
  const [decision] = await tx
    .insert(councilDecisions)
    .values({
      councilId: full.council.id,
      campaignId,
      meetingId: full.meeting.id,
      agendaItemId: item.id,
      kind,
      number,
      decidedOn,
      text: item.decided,
      resultVersionId: item.resultVersionId,
      payload,
    })
    .returning();
  const d = decision!;
  if (campaignId) {
    const step = (key: string) => and(eq(campaignSteps.campaignId, campaignId), eq(campaignSteps.key, key));
    if (kind === 'list') {
      // The campaign keeps a copy of its list decision: periodicity rules and the public campaign page read it.
      await tx
        .update(campaigns)
        .set({ councilDecisionNumber: number, councilDecisionDate: decidedOn })
        .where(eq(campaigns.id, campaignId));
      await tx.update(campaignSteps).set({ status: 'done', doneOn: decidedOn }).where(step('list'));
      // The campaign's stage and its deadlines follow its recorded events only: the list decision is one.
      try {
        await recordCampaignEvent(tx, {
          campaignId,
          kind: 'list_approved',
          occurredOn: decidedOn,
          document: `решение совета № ${number}`,
          source: 'council',
          sourceId: d.id,
          actor,
        });
      } catch (err) {
        if (err instanceof CampaignEventError)
          throw new CouncilError(`Решение о перечне не принято: ${err.message}`, 409);
        throw err;
      }
    }
    if (kind === 'tor') await tx.update(campaignSteps).set({ status: 'done', doneOn: decidedOn }).where(step('tor'));
    if (kind === 'results') {
      const adopted = await adoptDraftsTx(tx, campaignId, d.id, item.resultVersionId!);
      await tx
        .update(councilDecisions)
        .set({ payload: { ...payload, proposalsAdopted: adopted } })
        .where(eq(councilDecisions.id, d.id));
      await noteResultsDecisionTx(tx, campaignId, d.id, decidedOn);
    }
    if (item.kind === 'proposals') {
      // Proposals adopted separately, after the results decision locked the version they answer.
      const [approved] = await tx
        .select()
        .from(resultVersions)
        .where(
          and(eq(resultVersions.campaignId, campaignId), inArray(resultVersions.status, ['approved', 'published'])),
        )
        .orderBy(desc(resultVersions.version))
        .limit(1);
      if (approved) await adoptDraftsTx(tx, campaignId, d.id, approved.id);
    }
  }
  await recordAudit(tx, {
    actor,
    action: `council.decision.${kind}`,
    entity: 'council_decision',
    entityId: d.id,
    territoryId: full.council.territoryId,
    after: d,
  });
  return d;
}

// ------------------------------------------------------------- notice, scan, publication

export function noticeText(full: MeetingFull): { subject: string; text: string } {
  const m = full.meeting;
  const subject = `${full.council.name}: заседание ${ruDate(m.heldOn)}`;
  const text = [
    `Уважаемые члены совета!`,
    '',
    `${ruDate(m.heldOn)} состоится заседание (${meetingFormatLabels[m.format]})${m.place ? `, место: ${m.place}` : ''}.`,
    '',
    'Повестка дня:',
    ...full.items.map((i, k) => `${k + 1}. ${i.title}`),
    '',
    'Письмо отправлено из НОКО.',
  ].join('\n');
  return { subject, text };
}

/** Sends the notice with the agenda to members in office who have an e-mail address. */
export async function sendNotice(
  db: Db,
  councilId: string,
  meetingId: string,
  smtp: { url: string; from?: string | undefined } | null,
  actor: Actor,
): Promise<{ sent: number; without: number }> {
  if (!smtp)
    throw new CouncilError(
      'Почта не настроена (SMTP_URL): извещение отправить нельзя. Распечатайте повестку и разошлите её сами.',
      409,
    );
  const full = await requireMeeting(db, councilId, meetingId);
  if (full.items.length === 0) throw new CouncilError('В повестке нет вопросов.', 400);
  const { subject, text } = noticeText(full);
  const to = full.members.filter((m) => m.email);
  for (const m of to) await sendTextMail(smtp, { to: m.email!, subject, text });
  await db.transaction(async (tx) => {
    await tx.update(councilMeetings).set({ noticeSentAt: new Date() }).where(eq(councilMeetings.id, meetingId));
    await recordAudit(tx, {
      actor,
      action: 'council.meeting.notice',
      entity: 'council_meeting',
      entityId: meetingId,
      territoryId: full.council.territoryId,
      after: { sent: to.length },
    });
  });
  return { sent: to.length, without: full.members.length - to.length };
}

export const MAX_SCAN_BYTES = 20 * 1024 * 1024;
// The extension must say what the content is: a scan named .pdf that is a JPEG is refused, not renamed.
const scanTypes: Record<string, SniffedMediaType> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export async function attachScan(
  db: Db,
  councilId: string,
  meetingId: string,
  file: { fileName: string; bytes: Uint8Array },
  dataDir: string,
  actor: Actor,
): Promise<StoredFile> {
  const ext = file.fileName.toLowerCase().split('.').pop() ?? '';
  const type = scanTypes[ext];
  if (file.bytes.length === 0) throw new CouncilError('Файл пустой.');
  if (file.bytes.length > MAX_SCAN_BYTES) throw new CouncilError('Скан больше 20 МБ.', 413);
  if (!type) throw new CouncilError('Скан протокола должен быть в формате PDF, JPG или PNG.');
  if (sniffFile(file.bytes) !== type)
    throw new CouncilError(`Файл назван .${ext}, но его содержимое не похоже на ${ext.toUpperCase()}.`);
  const full = await requireMeeting(db, councilId, meetingId, { unpublished: false });
  const suffix = `.${EXTENSIONS[type]}`;
  const sha = await storeHashed(path.join(dataDir, 'council', councilId), file.bytes, suffix);
  const rel = path.join('council', councilId, sha + suffix);
  const stored: StoredFile = {
    fileName: path
      .basename(file.fileName)
      .replace(/\p{Cc}/gu, '')
      .slice(0, 200),
    contentType: type,
    size: file.bytes.length,
    sha256: sha,
    storedPath: rel,
    uploadedAt: new Date().toISOString(),
    uploadedBy: actor.name,
  };
  await db.transaction(async (tx) => {
    await tx.update(councilMeetings).set({ scan: stored }).where(eq(councilMeetings.id, meetingId));
    await recordAudit(tx, {
      actor,
      action: 'council.meeting.scan',
      entity: 'council_meeting',
      entityId: meetingId,
      territoryId: full.council.territoryId,
      before: full.meeting.scan,
      after: stored,
    });
  });
  return stored;
}

export async function readScan(
  db: Tx,
  councilId: string,
  meetingId: string,
  dataDir: string,
  opts: { publishedOnly: boolean },
): Promise<{ file: StoredFile; bytes: Uint8Array } | null> {
  const full = await getMeetingFull(db, councilId, meetingId);
  if (!full?.meeting.scan || (opts.publishedOnly && !full.published)) return null;
  const abs = path.resolve(dataDir, full.meeting.scan.storedPath);
  if (!abs.startsWith(path.resolve(dataDir) + path.sep)) return null;
  try {
    return { file: full.meeting.scan, bytes: new Uint8Array(await readFile(abs)) };
  } catch {
    return null;
  }
}

/** Publishes the protocol and its decisions; every item must have its decision text and votes. */
export async function publishMeeting(db: Db, councilId: string, meetingId: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const full = await requireMeeting(tx, councilId, meetingId);
    const problems: string[] = [];
    if (full.items.length === 0) problems.push('в повестке нет вопросов');
    if (!full.quorum.has) problems.push('на заседании не было кворума');
    if (!full.meeting.presidingMemberId || !full.meeting.secretaryMemberId)
      problems.push('укажите председательствующего и секретаря');
    for (const [k, i] of full.items.entries())
      if (i.votesFor === null) problems.push(`по вопросу ${k + 1} не записано голосование`);
    if (problems.length) throw new CouncilError('Протокол не опубликован.', 400, problems);
    await tx.update(councilMeetings).set({ publishedAt: new Date() }).where(eq(councilMeetings.id, meetingId));
    await recordAudit(tx, {
      actor,
      action: 'council.meeting.publish',
      entity: 'council_meeting',
      entityId: meetingId,
      territoryId: full.council.territoryId,
      after: { number: full.meeting.number, year: full.meeting.year },
    });
  });
}

/** The protocol model of a recorded meeting. */
export function meetingProtocol(full: MeetingFull, annexes: { title: string; href?: string }[] = []): ProtocolModel {
  const input: ProtocolInput = {
    council: full.council,
    meeting: full.meeting,
    members: full.members.map((m) => ({ id: m.id, name: m.name, role: m.role, represents: m.represents })),
    presentIds: full.presentIds,
    presidingId: full.meeting.presidingMemberId,
    secretaryId: full.meeting.secretaryMemberId,
    items: full.items.map((i) => ({
      ...i,
      decisionNumber: full.decisions.find((d) => d.agendaItemId === i.id)?.number ?? null,
    })),
    annexes,
  };
  return protocolModel(input);
}

export { agendaKindLabels };
