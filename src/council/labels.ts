// Russian labels of the council room, client-safe (no I/O): pages and components import them.
import type { DecisionKind, MemberRole, ProposalAddressee, VoteChoice } from './enums';

export const memberRoleLabels: Record<MemberRole, string> = {
  chair: 'председатель',
  deputy: 'заместитель председателя',
  secretary: 'секретарь',
  member: 'член совета',
};
export const addresseeLabels: Record<ProposalAddressee, string> = {
  organisation: 'руководителю организации',
  founder: 'учредителю',
  all: 'всем организациям',
};
export const decisionKindLabels: Record<DecisionKind, string> = {
  list: 'перечень организаций',
  tor: 'предложения в техническое задание оператору',
  criteria: 'дополнительные критерии',
  results: 'результаты оценки и предложения',
  other: 'иное решение',
};
export const voteChoiceLabels: Record<VoteChoice, string> = {
  for: '«за»',
  against: '«против»',
  abstained: '«воздержался»',
};
export const criterionLabels: Record<string, string> = {
  K1: 'К1 открытость и доступность информации',
  K2: 'К2 комфортность условий',
  K3: 'К3 доступность для инвалидов',
  K4: 'К4 доброжелательность и вежливость работников',
  K5: 'К5 удовлетворённость условиями',
};
