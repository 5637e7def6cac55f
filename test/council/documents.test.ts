import { describe, expect, it } from 'vitest';
import { decisionDocument } from '../../src/council/decision-document';
import { protocolModel } from '../../src/council/protocol';

describe('decision and protocol documents as data', () => {
  it('the terms-of-reference decision lists the council’s points for the operator with its basis', () => {
    const doc = decisionDocument({
      councilName: 'Совет',
      kind: 'tor',
      number: '1/1',
      decidedOn: '2026-02-27',
      text: 'Направить предложения в ТЗ.',
      payload: {
        points: ['Посетить каждую организацию', 'Опросить 40 %'],
        meeting: { number: 1, heldOn: '2026-02-27' },
      },
      campaignTitle: 'НОК 2026',
      organisations: [],
      proposalsAdopted: 0,
    });
    expect(doc).toEqual({
      councilName: 'Совет',
      title: 'РЕШЕНИЕ № 1/1',
      subtitle: 'от 27.02.2026 · НОК 2026',
      basis: 'протокол заседания № 1 от 27.02.2026',
      paragraphs: ['Направить предложения в ТЗ.'],
      list: {
        heading: 'Предложения совета в техническое задание организации-оператору',
        items: ['Посетить каждую организацию', 'Опросить 40 %'],
      },
    });
  });

  it('a tie decided by the presiding member is stated in the protocol; an absent member is not listed', () => {
    const members = ['А', 'Б', 'В', 'Г', 'Д'].map((n, i) => ({
      id: String(i),
      name: n,
      role: i === 0 ? 'chair' : 'member',
      represents: '',
    }));
    const p = protocolModel({
      council: { name: 'Совет', quorumRule: 'at_least_half', tieRule: 'presiding_decides' },
      meeting: { number: 3, year: 2026, heldOn: '2026-11-02', place: 'Зал', format: 'in_person', invitees: [] },
      members,
      presentIds: ['0', '1', '2', '3'],
      presidingId: '0',
      secretaryId: '1',
      items: [
        {
          sort: 1,
          kind: 'other',
          title: 'Разное',
          heard: 'А\nБ',
          spoke: '',
          decided: 'Одобрить',
          votesFor: 2,
          votesAgainst: 2,
          votesAbstained: 0,
          presidingVote: 'for',
          decisionNumber: '3/1',
        },
      ],
      annexes: [],
    });
    expect(p.presentLine).toBe('4 из 5');
    expect(p.present.map((m) => m.name)).toEqual(['А', 'Б', 'В', 'Г']);
    expect(p.items[0]!.heard).toEqual(['А', 'Б']);
    expect(p.items[0]!.outcome).toBe(
      'Голоса разделились поровну; решающий голос председательствующего — «за»: решение принято',
    );
    expect(p.signatures).toEqual([
      { role: 'Председательствующий', name: 'А' },
      { role: 'Секретарь', name: 'Б' },
    ]);
  });
});
