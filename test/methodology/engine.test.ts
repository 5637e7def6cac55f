import { describe, expect, it } from 'vitest';
import { scoreOrganisation, scoreOrganisations } from '../../src/methodology/engine.ts';
import { describeExplanation } from '../../src/methodology/explain.ts';
import { requireMethodology } from '../../src/methodology/registry.ts';
import type { OrganisationScore, ScoringOptions } from '../../src/methodology/engine.ts';
import type { CriterionDef } from '../../src/methodology/types.ts';
import { org } from './helpers.ts';

const m = requireMethodology('edu-2019');
const score = (spec: Parameters<typeof org>[0] = {}, options: ScoringOptions = {}) =>
  scoreOrganisation(org(spec), m, options);
const ind = (s: OrganisationScore, id: string) => s.indicators[id]?.value;
const crit = (s: OrganisationScore, id: string) => s.criteria[id]?.value;

describe('organisation A, every indicator and criterion worked by hand', () => {
  const a = score();
  it.each([
    ['1.1', 77.5], // 50·12/15 + 50·30/40 = 40 + 37.5
    ['1.2', 60], // 2 channels × 30
    ['1.3', 82.5], // 50·15/20 + 50·36/40 = 37.5 + 45
    ['2.1', 80], // 4 × 20
    ['2.3', 90], // 100·45/50
    ['3.1', 40], // 2 × 20
    ['3.2', 60], // 3 × 20
    ['3.3', 80], // 100·4/5
    ['4.1', 96], // 100·48/50
    ['4.2', 98], // 100·49/50
    ['4.3', 80], // 100·20/25
    ['5.1', 80], // 100·40/50
    ['5.2', 70], // 100·35/50
    ['5.3', 84], // 100·42/50
  ])('indicator %s = %d', (id, expected) => {
    expect(ind(a, id)).toBeCloseTo(expected, 10);
  });

  it.each([
    ['K1', 74.25], // 0.3·77.5 + 0.3·60 + 0.4·82.5 = 23.25 + 18 + 33
    ['K2', 85], // 0.5·80 + 0.5·90
    ['K3', 60], // 0.3·40 + 0.4·60 + 0.3·80 = 12 + 24 + 24
    ['K4', 93.6], // 0.4·96 + 0.4·98 + 0.2·80 = 38.4 + 39.2 + 16
    ['K5', 80], // 0.3·80 + 0.2·70 + 0.5·84 = 24 + 14 + 42
  ])('criterion %s = %d', (id, expected) => {
    expect(crit(a, id)).toBeCloseTo(expected, 10);
  });

  it('total = (74.25 + 85 + 60 + 93.6 + 80) / 5 = 78.57, band «хорошо»', () => {
    expect(a.total).toBeCloseTo(78.57, 10);
    expect(a.band).toBe('хорошо');
    expect(a.belowMinimum).toBe(false);
    expect(ind(a, '2.2')).toBeUndefined();
  });

  it('survey indicators carry respondent counts and Wilson intervals; checklist ones do not', () => {
    const s33 = a.indicators['3.3']?.survey;
    expect(s33?.respondents).toBe(50);
    expect(s33?.parts).toHaveLength(1);
    expect(s33?.parts[0]).toMatchObject({ yes: 4, n: 5 });
    const iv = s33?.parts[0]?.interval;
    // Wilson 4/5: centre (0.8 + 1.9208/5)/(1 + 3.8415/5) ≈ 0.6697, half ≈ 0.3074 → [37.6, 96.4]
    expect(iv?.lower).toBeCloseTo(37.55, 1);
    expect(iv?.upper).toBeCloseTo(96.38, 1);
    expect(a.indicators['1.3']?.survey?.parts.map((p) => [p.yes, p.n])).toEqual([
      [15, 20],
      [36, 40],
    ]);
    expect(a.indicators['1.2']?.survey).toBeNull();
  });

  it('explanations carry inputs, formula, policy and weights', () => {
    const e = a.indicators['1.3']?.explanation;
    expect(e?.inputs.map((i) => i.value)).toEqual([15, 20, 36, 40]);
    expect(e?.formula.symbolic).toContain('Устенд');
    expect(e?.policy).toEqual({ zeroDenominator: 'reweight', applied: [] });
    const k3 = a.criteria.K3?.explanation;
    expect(k3?.weights).toEqual({ '3.1': 0.3, '3.2': 0.4, '3.3': 0.3 });
    expect(k3?.inputs.map((i) => i.value)).toEqual([40, 60, 80]);
    expect(a.totalExplanation.inputs.map((i) => i.value)).toEqual(
      [74.25, 85, 60, 93.6, 80].map((x) => expect.closeTo(x, 10)),
    );
    const text = describeExplanation(a.indicators['3.3']!.explanation);
    expect(text).toContain('Результат: 80,00');
    expect(text).toContain('вопрос 7');
  });
});

describe('K3 with no respondent with a disability (q6 = q7 = 0)', () => {
  const noDisabled = { yes: { q6: 0, q7: 0 } };
  it('reweight: 3.3 has no data, K3 = (0.3·40 + 0.4·60)/0.7 = 36/0.7', () => {
    const s = score(noDisabled, { zeroDenominator: 'reweight' });
    expect(ind(s, '3.3')).toBeNull();
    expect(crit(s, 'K3')).toBeCloseTo(36 / 0.7, 10); // 51.428571…
    expect(s.criteria.K3?.weights['3.1']).toBeCloseTo(3 / 7, 12);
    expect(s.criteria.K3?.weights['3.2']).toBeCloseTo(4 / 7, 12);
    expect(s.criteria.K3?.weights['3.3']).toBe(0);
    expect(s.criteria.K3?.explanation.policy.applied.join(' ')).toContain('3.3');
    // total = (74.25 + 85 + 51.428571 + 93.6 + 80)/5 = 384.278571/5
    expect(s.total).toBeCloseTo(384.2785714 / 5, 6);
  });
  it('zero: 3.3 = 0, K3 = 12 + 24 + 0 = 36', () => {
    const s = score(noDisabled, { zeroDenominator: 'zero' });
    expect(ind(s, '3.3')).toBe(0);
    expect(crit(s, 'K3')).toBeCloseTo(36, 10);
  });
  it('full: 3.3 = 100, K3 = 12 + 24 + 30 = 66', () => {
    const s = score(noDisabled, { zeroDenominator: 'full' });
    expect(ind(s, '3.3')).toBe(100);
    expect(crit(s, 'K3')).toBeCloseTo(66, 10);
  });
});

describe('1.3 with nobody using the stands (q1 = q2 = 0), site 36/40', () => {
  it.each([
    ['reweight', 90], // site half alone: 100·36/40
    ['zero', 45], // 50·0 + 50·0.9
    ['full', 95], // 50·1 + 50·0.9
  ] as const)('%s → %d', (policy, expected) => {
    const s = score({ yes: { q1: 0, q2: 0 } }, { zeroDenominator: policy });
    expect(ind(s, '1.3')).toBeCloseTo(expected, 10);
  });
  it('an organisation without stands (standNorm 0): 1.1 from the site alone under reweight', () => {
    // site 30/40: reweight 75; zero 0 + 37.5; full 50 + 37.5
    expect(ind(score({ stand: [0, 0] }), '1.1')).toBeCloseTo(75, 10);
    expect(ind(score({ stand: [0, 0] }, { zeroDenominator: 'zero' }), '1.1')).toBeCloseTo(37.5, 10);
    expect(ind(score({ stand: [0, 0] }, { zeroDenominator: 'full' }), '1.1')).toBeCloseTo(87.5, 10);
  });
});

describe('caps', () => {
  it.each([
    [0, 0],
    [1, 30],
    [3, 90],
    [4, 100],
    [5, 100],
    [6, 100],
  ])('1.2 with %d channels → %d', (n, expected) => {
    expect(ind(score({ channels: n }), '1.2')).toBe(expected);
  });
  it.each([
    [5, 100],
    [6, 100],
  ])('3.2 with %d of 6 accessibility items → %d', (n, expected) => {
    expect(ind(score({ service: n }), '3.2')).toBe(expected);
  });
  it('2.1 and 3.1: 20 points per item', () => {
    expect(ind(score({ comfort: 5 }), '2.1')).toBe(100);
    expect(ind(score({ premises: 1 }), '3.1')).toBe(20);
  });
});

describe('operator rounding reproduces chained 2-decimal rounding', () => {
  // Organisation R, N = 3: stand 15/15 and site 239/250 → 1.1 = 50 + 50·0.956 = 97.8; 3 channels → 90;
  // 1.3 = 100 → K1 = 29.34 + 27 + 40 = 96.34. Comfort 4 → 80; q5 = 2 of 3 → 2.3 = 66.666…
  // K3: 100, 100, 3.3 no data → 100. K4: 100, 100, 4.3 no data → 100. K5 = 100.
  // exact:    K2 = 40 + 33.333… = 73.333…; total = (96.34 + 73.333… + 300)/5 = 93.934666… → 93.93
  // operator: 2.3 → 66.67; K2 = 40 + 33.335 = 73.335 → 73.34 (half-up on the decimal, not the float);
  //           total = (96.34 + 73.34 + 300)/5 = 93.936 → 93.94
  const r = org({
    stand: [15, 15],
    site: [239, 250],
    channels: 3,
    comfort: 4,
    premises: 5,
    service: 5,
    valid: 3,
    yes: { q1: 3, q2: 3, q3: 3, q4: 3, q5: 2, q6: 0, q7: 0, q8: 3, q9: 3, q10: 0, q11: 0, q12: 3, q13: 3, q14: 3 },
  });
  it('exact mode', () => {
    const s = scoreOrganisation(r, m, { rounding: 'exact' });
    expect(ind(s, '1.1')).toBeCloseTo(97.8, 10);
    expect(crit(s, 'K1')).toBeCloseTo(96.34, 10);
    expect(crit(s, 'K2')).toBeCloseTo(73 + 1 / 3, 10);
    expect(s.total).toBeCloseTo(93.9346667, 6);
    expect(s.total?.toFixed(2)).toBe('93.93');
    expect(s.belowMinimum).toBe(true);
  });
  it('operator mode differs by 0.01', () => {
    const s = scoreOrganisation(r, m, { rounding: 'operator' });
    expect(ind(s, '2.3')).toBe(66.67);
    expect(crit(s, 'K2')).toBe(73.34);
    expect(crit(s, 'K1')).toBe(96.34);
    expect(s.total).toBe(93.94);
    expect(s.totalExplanation.exact).toBeCloseTo(93.936, 10);
  });
});

describe('whole criterion without data (no survey at all)', () => {
  const none = {
    valid: 0,
    yes: { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0, q10: 0, q11: 0, q12: 0, q13: 0, q14: 0 },
  };
  it('reweight: K4 and K5 have no data, so the total, band and rank are null', () => {
    const run = scoreOrganisations([org(none), org({ id: 'b' })], m);
    const s = run.organisations[0]!;
    expect(crit(s, 'K4')).toBeNull();
    expect(crit(s, 'K5')).toBeNull();
    // 2.3 has no data at all (no survey): K2 is not rebuilt from 2.1 alone (decision 0055).
    expect(crit(s, 'K2')).toBeNull();
    expect(ind(s, '2.1')).toBe(80);
    expect(s.total).toBeNull();
    expect(s.band).toBeNull();
    expect(s.rank).toBeNull();
    expect(run.organisations[1]?.rank).toBe(1);
    expect(s.totalExplanation.policy.applied).toHaveLength(1);
  });
  it('zero and full: no survey at all is «нет данных», never 0 or 100 (decision 0055)', () => {
    for (const zeroDenominator of ['zero', 'full'] as const) {
      const s = score(none, { zeroDenominator });
      expect(crit(s, 'K4')).toBeNull();
      expect(crit(s, 'K5')).toBeNull();
      expect(s.total).toBeNull();
      expect(s.indicators['4.1']!.noData).toEqual(['нет ни одной действительной анкеты']);
      expect(s.indicators['4.1']!.explanation.policy.applied[0]).toMatch(
        /^нет данных: нет ни одной действительной анкеты/,
      );
    }
  });
});

describe('an unfilled checklist is «нет данных», not «no» (decision 0055)', () => {
  it('a checklist nobody answered leaves its indicator without data; answered «no» everywhere scores 0', () => {
    const unfilled = scoreOrganisation(
      { ...org(), checklists: { ...org().checklists, '2.1': 0 }, noData: ['checklists.2.1'] },
      m,
    );
    expect(unfilled.indicators['2.1']!.value).toBeNull();
    expect(unfilled.indicators['2.1']!.noData).toEqual(['чек-лист 2.1 не заполнен']);
    const allNo = scoreOrganisation({ ...org(), checklists: { ...org().checklists, '2.1': 0 } }, m);
    expect(allNo.indicators['2.1']!.value).toBe(0);
    expect(allNo.indicators['2.1']!.noData).toEqual([]);
  });
  it('one unfilled channel of 1.1 leaves 1.1 without data; a channel that does not exist (norm 0) follows the policy', () => {
    const s = scoreOrganisation({ ...org(), noData: ['information.stand'] }, m);
    expect(s.indicators['1.1']!.value).toBeNull();
    expect(s.indicators['1.1']!.noData).toEqual(['чек-лист 1.1 (стенды) не заполнен']);
    const noStands = scoreOrganisation(
      { ...org(), information: { ...org().information, stand: { found: 0, norm: 0 } } },
      m,
    );
    expect(noStands.indicators['1.1']!.value).not.toBeNull();
  });
  it('nothing filled at all: no total, no band, no rank — not 0,00', () => {
    const empty = {
      ...org({
        valid: 0,
        yes: { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0, q10: 0, q11: 0, q12: 0, q13: 0, q14: 0 },
      }),
      information: { stand: { found: 0, norm: 10 }, site: { found: 0, norm: 20 } },
      checklists: { '1.2': 0, '2.1': 0, '3.1': 0, '3.2': 0 },
      noData: [
        'information.stand',
        'information.site',
        'checklists.1.2',
        'checklists.2.1',
        'checklists.3.1',
        'checklists.3.2',
      ],
    };
    const run = scoreOrganisations([empty], m, { zeroDenominator: 'zero' });
    const s = run.organisations[0]!;
    expect(s.total).toBeNull();
    expect(s.band).toBeNull();
    expect(s.rank).toBeNull();
    expect(Object.values(s.criteria).map((c) => c.value)).toEqual([null, null, null, null, null]);
  });
});
describe('additional council criteria', () => {
  const extra: CriterionDef[] = [
    {
      id: 'D1',
      title: 'Летний отдых',
      shortTitle: 'Лето',
      indicators: [
        {
          id: 'D1.1',
          title: 'Есть летняя площадка',
          weight: 1,
          formula: { kind: 'cappedCount', checklist: 'summer', pointsPerItem: 50, cap: 100 },
          formulaText: 'по 50 баллов за пункт',
          formulaSymbolic: 'Д1.1 = min(100; 50·Т)',
        },
      ],
    },
  ];
  it('are scored separately and never change the federal total', () => {
    const raw = { ...org(), checklists: { ...org().checklists, summer: 1 } };
    const withExtra = scoreOrganisations([raw], m, { additionalCriteria: extra });
    const plain = scoreOrganisation(org(), m);
    const s = withExtra.organisations[0]!;
    expect(s.additional.criteria.D1?.value).toBe(50);
    expect(s.additional.indicators['D1.1']?.value).toBe(50);
    expect(s.total).toBe(plain.total);
    expect(Object.keys(s.criteria)).toEqual(['K1', 'K2', 'K3', 'K4', 'K5']);
    expect(withExtra.territory.additionalCriteria).toEqual({ D1: 50 });
  });
  it('an additional checklist count that is missing is an input error', () => {
    expect(() => scoreOrganisations([org()], m, { additionalCriteria: extra })).toThrow(/checklists\.summer/);
  });
});

describe('sample status and minimum n', () => {
  it('target = 40% of recipients capped at 600, adequacy against valid responses', () => {
    expect(score({ recipients: 100 }).sample).toEqual({ recipients: 100, target: 40, received: 50, adequate: true });
    expect(score({ recipients: 200 }).sample).toMatchObject({ target: 80, adequate: false });
    expect(score({ recipients: 5000 }).sample?.target).toBe(600);
    expect(score().sample).toBeNull();
  });
  it('minimum respondents is configurable', () => {
    expect(score({}, { minRespondents: 51 }).belowMinimum).toBe(true);
    expect(score({}, { minRespondents: 50 }).indicators['5.3']?.survey?.belowMinimum).toBe(false);
  });
});
