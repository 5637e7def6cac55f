// Quorum and adoption by the council's own rules (decision 0071). Pure: the meeting page, the protocol
// and the tests use the same functions.
import type { QuorumRule, TieRule, VoteChoice } from './enums';

export const quorumRuleLabels: Record<QuorumRule, string> = {
  more_than_half: 'более половины членов совета',
  at_least_half: 'не менее половины членов совета',
  two_thirds: 'не менее двух третей членов совета',
};

export const tieRuleLabels: Record<TieRule, string> = {
  presiding_decides: 'при равенстве голосов решающим является голос председательствующего',
  fails: 'при равенстве голосов решение считается не принятым',
};

export type Quorum = {
  present: number;
  members: number;
  /** Fewest members present for a quorum under the rule. */
  needed: number;
  has: boolean;
  rule: QuorumRule;
  /** «Присутствуют 5 из 7 членов совета; кворум (более половины членов совета) имеется». */
  statement: string;
};

import { pluralRu } from '../lib/ru';
export { pluralRu };

/** Minimum number present for a quorum of `members` under `rule`. */
export function quorumNeeded(rule: QuorumRule, members: number): number {
  if (rule === 'more_than_half') return Math.floor(members / 2) + 1;
  if (rule === 'at_least_half') return Math.ceil(members / 2);
  return Math.ceil((2 * members) / 3);
}

export function computeQuorum(rule: QuorumRule, members: number, present: number): Quorum {
  const needed = quorumNeeded(rule, members);
  const has = members > 0 && present >= needed;
  const statement =
    `Присутствуют ${present} из ${members} ${pluralRu(members, ['члена', 'членов', 'членов'])} совета; ` +
    `кворум (${quorumRuleLabels[rule]}, не менее ${needed}) ${has ? 'имеется' : 'отсутствует'}`;
  return { present, members, needed, has, rule, statement };
}

export type Votes = { for: number; against: number; abstained: number };

export type AdoptionInput = {
  quorum: Pick<Quorum, 'has' | 'present'>;
  votes: Votes;
  tieRule: TieRule;
  /** How the presiding member voted; needed only to break a tie. */
  presidingVote?: VoteChoice | null;
};

export type Adoption =
  { ok: true; adopted: boolean; tie: boolean; statement: string } | { ok: false; problems: string[] };

/**
 * A motion passes with a simple majority of the members present (more than half of them vote «за»).
 * Exactly half «за» is a tie: the presiding member's vote decides or the motion fails, by the council's
 * rule. Impossible counts (more votes than members present, negatives) and a vote without quorum are
 * refused, not computed.
 */
export function computeAdoption(input: AdoptionInput): Adoption {
  const { votes, quorum } = input;
  const problems: string[] = [];
  for (const [key, label] of [
    ['for', '«за»'],
    ['against', '«против»'],
    ['abstained', '«воздержались»'],
  ] as const) {
    const v = votes[key];
    if (!Number.isInteger(v) || v < 0) problems.push(`число голосов ${label} должно быть целым неотрицательным числом`);
  }
  if (problems.length) return { ok: false, problems };
  const cast = votes.for + votes.against + votes.abstained;
  if (cast > quorum.present) {
    problems.push(`голосов (${cast}) больше, чем присутствующих членов совета (${quorum.present})`);
  }
  if (!quorum.has) problems.push('кворума нет: совет не может принимать решения');
  if (problems.length) return { ok: false, problems };
  const tie = votes.for * 2 === quorum.present && votes.for > 0;
  if (tie) {
    if (input.tieRule === 'fails')
      return {
        ok: true,
        adopted: false,
        tie,
        statement: 'Голоса разделились поровну; по регламенту совета решение не принято',
      };
    if (!input.presidingVote)
      return { ok: false, problems: ['голоса разделились поровну: укажите, как голосовал председательствующий'] };
    const adopted = input.presidingVote === 'for';
    return {
      ok: true,
      adopted,
      tie,
      statement: `Голоса разделились поровну; решающий голос председательствующего — «${input.presidingVote === 'for' ? 'за' : input.presidingVote === 'against' ? 'против' : 'воздержался'}»: решение ${adopted ? 'принято' : 'не принято'}`,
    };
  }
  const adopted = votes.for * 2 > quorum.present;
  return {
    ok: true,
    adopted,
    tie,
    statement: adopted ? 'Решение принято' : 'Решение не принято: «за» проголосовало не больше половины присутствующих',
  };
}
