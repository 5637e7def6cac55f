// The protocol of a meeting as plain data, produced from what was recorded (ГОСТ Р 7.0.97-2016 practice,
// structure in after-results.md). Pure: the HTML page renders it; DOCX/PDF renderers take the same model.
import type { AgendaKind, Invitee, MeetingFormat, QuorumRule, TieRule, VoteChoice } from './enums';
import { computeAdoption, computeQuorum, tieRuleLabels, type Quorum } from './voting';

export const meetingFormatLabels: Record<MeetingFormat, string> = {
  in_person: 'очное заседание',
  video: 'заседание по видеосвязи',
  absentee: 'заочное голосование',
};
export const agendaKindLabels: Record<AgendaKind, string> = {
  list: 'перечень организаций для оценки',
  tor: 'предложения в техническое задание оператору',
  criteria: 'дополнительные критерии',
  results: 'отчёт оператора и результаты оценки',
  proposals: 'предложения об улучшении деятельности организаций',
  plans_review: 'ход выполнения планов по устранению недостатков',
  other: 'иной вопрос',
};

export type ProtocolInput = {
  council: { name: string; quorumRule: QuorumRule; tieRule: TieRule };
  meeting: { number: number; year: number; heldOn: string; place: string; format: MeetingFormat; invitees: Invitee[] };
  /** Members in office on the meeting date. */
  members: { id: string; name: string; role: string; represents: string }[];
  presentIds: string[];
  presidingId: string | null;
  secretaryId: string | null;
  items: {
    sort: number;
    kind: AgendaKind;
    title: string;
    heard: string;
    spoke: string;
    decided: string;
    votesFor: number | null;
    votesAgainst: number | null;
    votesAbstained: number | null;
    presidingVote: VoteChoice | null;
    decisionNumber: string | null;
  }[];
  annexes: { title: string; href?: string }[];
};

export type ProtocolItem = {
  number: number;
  title: string;
  heard: string[];
  spoke: string[];
  decided: string[];
  votes: { for: number; against: number; abstained: number } | null;
  outcome: string | null;
  decisionNumber: string | null;
};

export type ProtocolModel = {
  councilName: string;
  title: string;
  date: string;
  place: string;
  format: string;
  presiding: string | null;
  secretary: string | null;
  present: { name: string; represents: string }[];
  presentLine: string;
  invitees: Invitee[];
  quorum: Quorum;
  tieRule: string;
  agenda: string[];
  items: ProtocolItem[];
  signatures: { role: string; name: string }[];
  annexes: { title: string; href?: string }[];
};

import { ruDate } from '../lib/ru';
export { ruDate };

const paragraphs = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export function protocolModel(input: ProtocolInput): ProtocolModel {
  const byId = new Map(input.members.map((m) => [m.id, m]));
  const present = input.members.filter((m) => input.presentIds.includes(m.id));
  const quorum = computeQuorum(input.council.quorumRule, input.members.length, present.length);
  const presiding = input.presidingId ? (byId.get(input.presidingId)?.name ?? null) : null;
  const secretary = input.secretaryId ? (byId.get(input.secretaryId)?.name ?? null) : null;
  const items = [...input.items]
    .sort((a, b) => a.sort - b.sort)
    .map((it, i): ProtocolItem => {
      const votes =
        it.votesFor === null
          ? null
          : { for: it.votesFor, against: it.votesAgainst ?? 0, abstained: it.votesAbstained ?? 0 };
      let outcome: string | null = null;
      if (votes) {
        const a = computeAdoption({ quorum, votes, tieRule: input.council.tieRule, presidingVote: it.presidingVote });
        outcome = a.ok ? a.statement : null;
      }
      return {
        number: i + 1,
        title: it.title,
        heard: paragraphs(it.heard),
        spoke: paragraphs(it.spoke),
        decided: paragraphs(it.decided),
        votes,
        outcome,
        decisionNumber: it.decisionNumber,
      };
    });
  return {
    councilName: input.council.name,
    title: `ПРОТОКОЛ № ${input.meeting.number}`,
    date: ruDate(input.meeting.heldOn),
    place: input.meeting.place,
    format: meetingFormatLabels[input.meeting.format],
    presiding,
    secretary,
    present: present.map((m) => ({ name: m.name, represents: m.represents })),
    presentLine: `${present.length} из ${input.members.length}`,
    invitees: input.meeting.invitees,
    quorum,
    tieRule: tieRuleLabels[input.council.tieRule],
    agenda: items.map((it) => it.title),
    items,
    signatures: [
      { role: 'Председательствующий', name: presiding ?? '' },
      { role: 'Секретарь', name: secretary ?? '' },
    ],
    annexes: input.annexes,
  };
}
