import { describe, expect, it } from 'vitest';
import { quorumRules, tieRules, voteChoices, type QuorumRule } from '../../src/db/schema/council';
import { computeAdoption, computeQuorum, quorumNeeded } from '../../src/council/voting';
import { clockWarning } from '../../src/council/clock';
import { monthFrom } from '../../src/council/clock.server';

// Written out by hand for a council of 7, 8 and 9 members: the smallest number present that makes a quorum.
const needed: Record<QuorumRule, Record<number, number>> = {
  more_than_half: { 7: 4, 8: 5, 9: 5 },
  at_least_half: { 7: 4, 8: 4, 9: 5 },
  two_thirds: { 7: 5, 8: 6, 9: 6 },
};

describe('quorum by every rule', () => {
  for (const rule of quorumRules) {
    for (const members of [7, 8, 9]) {
      it(`${rule}, ${members} members: quorum from ${needed[rule][members]} present`, () => {
        const n = needed[rule][members]!;
        expect(quorumNeeded(rule, members)).toBe(n);
        expect(computeQuorum(rule, members, n).has).toBe(true);
        expect(computeQuorum(rule, members, n - 1).has).toBe(false);
        expect(computeQuorum(rule, members, n).statement).toContain('имеется');
        expect(computeQuorum(rule, members, n - 1).statement).toContain('отсутствует');
      });
    }
  }
  it('a council without members never has a quorum', () => {
    for (const rule of quorumRules) expect(computeQuorum(rule, 0, 0).has).toBe(false);
  });
  it('states the count in words', () => {
    expect(computeQuorum('more_than_half', 7, 5).statement).toBe(
      'Присутствуют 5 из 7 членов совета; кворум (более половины членов совета, не менее 4) имеется',
    );
    expect(computeQuorum('more_than_half', 21, 11).statement).toContain('из 21 члена совета');
  });
});

describe('adoption for every quorum rule × tie rule × presiding vote', () => {
  const present = 6;
  for (const rule of quorumRules) {
    // 6 of 10: a quorum by «more than half» and «at least half», none by «two thirds» (7 needed).
    const quorum = computeQuorum(rule, 10, present);
    expect(quorum.has).toBe(rule !== 'two_thirds');
    for (const tieRule of tieRules) {
      for (const presidingVote of [...voteChoices, null]) {
        it(`${rule} / ${tieRule} / presiding ${presidingVote ?? 'not given'}`, () => {
          // Majority: 4 of 6 for → adopted, 2 of 6 → not adopted, whatever the tie rule.
          const win = computeAdoption({ quorum, votes: { for: 4, against: 1, abstained: 1 }, tieRule, presidingVote });
          const lose = computeAdoption({ quorum, votes: { for: 2, against: 3, abstained: 1 }, tieRule, presidingVote });
          // Abstentions count against a majority of those present: 3 for, 0 against, 3 abstained is a tie.
          const tie = computeAdoption({ quorum, votes: { for: 3, against: 0, abstained: 3 }, tieRule, presidingVote });
          if (!quorum.has) {
            for (const r of [win, lose, tie])
              expect(r).toEqual({ ok: false, problems: ['кворума нет: совет не может принимать решения'] });
            return;
          }
          expect(win).toMatchObject({ ok: true, adopted: true, tie: false });
          expect(lose).toMatchObject({ ok: true, adopted: false, tie: false });
          if (tieRule === 'fails') expect(tie).toMatchObject({ ok: true, adopted: false, tie: true });
          else if (presidingVote === null) expect(tie.ok).toBe(false);
          else expect(tie).toMatchObject({ ok: true, adopted: presidingVote === 'for', tie: true });
        });
      }
    }
  }

  it('refuses more votes than members present, negative and fractional counts', () => {
    const quorum = computeQuorum('more_than_half', 7, 4);
    const over = computeAdoption({ quorum, votes: { for: 4, against: 1, abstained: 0 }, tieRule: 'fails' });
    expect(over).toEqual({ ok: false, problems: ['голосов (5) больше, чем присутствующих членов совета (4)'] });
    expect(computeAdoption({ quorum, votes: { for: -1, against: 0, abstained: 0 }, tieRule: 'fails' }).ok).toBe(false);
    expect(computeAdoption({ quorum, votes: { for: 1.5, against: 0, abstained: 0 }, tieRule: 'fails' }).ok).toBe(false);
  });
});

describe('legal clocks on the production calendar', () => {
  it('a month ending on Saturday 09.05.2026 (Victory Day, 11.05 a day off) moves to 12.05.2026', () => {
    const d = monthFrom('2026-04-09');
    expect(d.nominal).toBe('2026-05-09');
    expect(d.due).toBe('2026-05-12');
    expect(d.moved).toBe(true);
    expect(d.preliminary).toBe(false);
  });
  it('a month from 31.01 ends on the last day of February, and a year without a calendar is preliminary', () => {
    expect(monthFrom('2025-01-31').nominal).toBe('2025-02-28');
    const far = monthFrom('2031-03-03');
    expect(far.preliminary).toBe(true);
    expect(far.calendar).toContain('2031');
  });
  it('a month ending on the New Year holidays moves past them', () => {
    // 03.01.2026 is inside the 1–11 January holidays of 2026.
    expect(monthFrom('2025-12-03').due).toBe('2026-01-12');
  });
  it('warns a week and a day ahead, then overdue; done dates say met or late', () => {
    expect(clockWarning('2026-05-12', null, '2026-05-01').state).toBe('running');
    expect(clockWarning('2026-05-12', null, '2026-05-05')).toMatchObject({ state: 'week', daysLeft: 7 });
    expect(clockWarning('2026-05-12', null, '2026-05-11')).toMatchObject({ state: 'day', daysLeft: 1 });
    expect(clockWarning('2026-05-12', null, '2026-05-12').state).toBe('day');
    expect(clockWarning('2026-05-12', null, '2026-05-14')).toMatchObject({ state: 'overdue', daysLeft: -2 });
    expect(clockWarning('2026-05-12', '2026-05-12', '2026-06-01').state).toBe('met');
    expect(clockWarning('2026-05-12', '2026-05-13', '2026-06-01')).toMatchObject({
      state: 'missed',
      label: 'выполнено с опозданием на 1 день (13.05.2026)',
    });
    expect(clockWarning(null, null, '2026-05-01').state).toBe('not_started');
  });
});
