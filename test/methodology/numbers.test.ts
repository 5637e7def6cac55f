import { describe, expect, it } from 'vitest';
import { bandFor, bandRule } from '../../src/methodology/bands.ts';
import { scoreOrganisations } from '../../src/methodology/engine.ts';
import { rankTotals } from '../../src/methodology/ranking.ts';
import { requireMethodology } from '../../src/methodology/registry.ts';
import { roundHalfUp, toCents } from '../../src/methodology/rounding.ts';
import { sampleTarget, wilsonInterval } from '../../src/methodology/stats.ts';
import { territoryAggregate } from '../../src/methodology/territory.ts';
import { org } from './helpers.ts';

const m = requireMethodology('edu-2019');

describe('roundHalfUp works on the decimal value, not the float', () => {
  it.each([
    [1.005, 1.01], // the float is 1.00499999999999989…; Math.round(x*100)/100 gives 1.00
    [1.015, 1.02],
    [2.675, 2.68],
    [73.335, 73.34],
    [0.125, 0.13],
    [1.004999, 1.0],
    [99.994, 99.99],
    [99.995, 100],
    [-1.005, -1.01],
    [66.66666666666667, 66.67],
    [100, 100],
    [0, 0],
  ])('%d → %d', (x, expected) => {
    expect(roundHalfUp(x)).toBe(expected);
  });
  it('naive rounding would have failed on these', () => {
    expect(Math.round(1.005 * 100) / 100).toBe(1); // documents why the decimal path exists
  });
  it('other digit counts and cents', () => {
    expect(roundHalfUp(80.5, 0)).toBe(81);
    expect(roundHalfUp(80.49, 0)).toBe(80);
    expect(roundHalfUp(1e-7, 2)).toBe(0);
    expect(toCents(1.005)).toBe(101);
  });
});

describe('Wilson 95% interval', () => {
  it('8/10 → [0.4902, 0.9433]', () => {
    const w = wilsonInterval(8, 10);
    expect(w?.lower).toBeCloseTo(0.4902, 4);
    expect(w?.upper).toBeCloseTo(0.9433, 4);
  });
  it('0/10 → [0, 0.2775] and 10/10 → [0.7225, 1]', () => {
    expect(wilsonInterval(0, 10)?.lower).toBe(0);
    expect(wilsonInterval(0, 10)?.upper).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10)?.lower).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(10, 10)?.upper).toBe(1);
  });
  it('50/100 → [0.4038, 0.5962]; no respondents → null', () => {
    expect(wilsonInterval(50, 100)?.lower).toBeCloseTo(0.4038, 4);
    expect(wilsonInterval(50, 100)?.upper).toBeCloseTo(0.5962, 4);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('sample target', () => {
  const rule = { share: 0.4, cap: 600 };
  it.each([
    [100, 40],
    [15, 6],
    [16, 7],
    [1500, 600],
    [1499, 600],
    [1000, 400],
    [0, 0],
  ])('%d recipients → %d', (n, t) => {
    expect(sampleTarget(n, rule)).toBe(t);
  });
  it('share and cap are configurable', () => {
    expect(sampleTarget(300, { share: 0.5, cap: 100 })).toBe(100);
    expect(sampleTarget(150, { share: 0.5, cap: 100 })).toBe(75);
  });
});

describe('verbal bands', () => {
  const bands = m.defaults.bands;
  it.each([
    // The band is chosen on the score as shown (hundredths): 80,80 is below «от 81», so «хорошо».
    [100, 'отлично'],
    [81, 'отлично'],
    [80.995, 'отлично'],
    [80.994, 'хорошо'],
    [80.8, 'хорошо'],
    [80.5, 'хорошо'],
    [61, 'хорошо'],
    [60.999, 'хорошо'],
    [60.7, 'удовлетворительно'],
    [41, 'удовлетворительно'],
    [40.99, 'ниже среднего'],
    [21, 'ниже среднего'],
    [20.4, 'неудовлетворительно'],
    [0, 'неудовлетворительно'],
  ])('%s → %s', (value, label) => {
    expect(bandFor(value, bands)).toBe(label);
  });
  it('the band agrees with the number shown and with the printed rule, for every hundredth', () => {
    const rule = bandRule(bands);
    expect(rule).toContain('от 81,00 до 100,00 — «отлично»');
    expect(rule).toContain('от 61,00 до 80,99 — «хорошо»');
    expect(rule).toContain('от 0,00 до 20,99 — «неудовлетворительно»');
    // Parse the printed rule back and check it against bandFor on every shown value 0,00…100,00.
    const ranges = [...rule.matchAll(/от (\d+,\d\d) до (\d+,\d\d) — «([^»]+)»/g)].map((m) => ({
      lo: Number(m[1]!.replace(',', '.')),
      hi: Number(m[2]!.replace(',', '.')),
      label: m[3]!,
    }));
    expect(ranges).toHaveLength(bands.length);
    for (let cents = 0; cents <= 10_000; cents++) {
      const shown = cents / 100;
      const printed = ranges.find((r) => r.lo <= shown + 1e-9 && shown <= r.hi + 1e-9);
      expect(bandFor(shown, bands), `${shown}`).toBe(printed?.label);
      // A raw score that displays as this value gets the same band.
      if (cents < 10_000) expect(bandFor(shown + 0.004, bands)).toBe(bandFor(shown, bands));
    }
  });
  it('null has no band; a custom scale is honoured', () => {
    expect(bandFor(null, bands)).toBeNull();
    expect(
      bandFor(70, [
        { from: 0, label: 'нет' },
        { from: 70, label: 'да' },
      ]),
    ).toBe('да');
  });
});

describe('ranking: ties share a rank (1, 2, 2, 4)', () => {
  it('competition ranking, nulls unranked', () => {
    expect(rankTotals([90, 85, 90, null, 85, 70], 'exact')).toEqual([1, 3, 1, null, 3, 5]);
  });
  it('exact mode: equal within 1e-9, not 0.001', () => {
    expect(rankTotals([90, 90 + 1e-12, 89.999], 'exact')).toEqual([1, 1, 3]);
  });
  it('operator mode: equal rounded totals tie, one cent apart do not', () => {
    expect(rankTotals([85.67, 85.66, 85.67, 85.68], 'operator')).toEqual([2, 4, 2, 1]);
  });
});

describe('territory means', () => {
  it('plain means ignoring missing values', () => {
    const noSurvey = org({
      id: 'none',
      valid: 0,
      yes: { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0, q10: 0, q11: 0, q12: 0, q13: 0, q14: 0 },
    });
    const b = org({ id: 'b', comfort: 5, yes: { q5: 40 } }); // K2 = 0.5·100 + 0.5·80 = 90; total (74.25+90+60+93.6+80)/5 = 79.57
    const run = scoreOrganisations([org(), b, noSurvey], m);
    // totals 78.57 and 79.57 (the org without survey has none) → 79.07
    expect(run.territory.total).toBeCloseTo(79.07, 10);
    expect(run.territory.withTotal).toBe(2);
    expect(run.territory.organisations).toBe(3);
    // K2: 85, 90, and no data for the organisation without survey (2.3 has none, decision 0055) → 87.5
    expect(run.territory.criteria.K2).toBeCloseTo(87.5, 10);
    // 2.3: 90, 80, no data → 85; 2.1: 80, 100, 80 → 86.666…
    expect(run.territory.indicators['2.3']).toBeCloseTo(85, 10);
    expect(run.territory.indicators['2.1']).toBeCloseTo(260 / 3, 10);
    expect(run.territory.criteria.K4).toBeCloseTo(93.6, 10);
  });
  it('the generic aggregate rounds means in operator mode', () => {
    const t = territoryAggregate(
      [
        { total: 1, criteria: { K1: { value: 1 } }, indicators: {} },
        { total: 2, criteria: { K1: { value: null } }, indicators: {} },
        { total: 2, criteria: { K1: { value: 2 } }, indicators: {} },
      ],
      'operator',
    );
    expect(t.total).toBe(1.67);
    expect(t.criteria.K1).toBe(1.5);
  });
});

describe('roundHalfUp agrees with rounding the shortest decimal string', () => {
  /** Reference: round the digits of String(x) (positive x, no exponent form in this range). */
  function viaString(x: number): number {
    const [int = '0', frac = ''] = String(x).split('.');
    const digits = (frac + '000').slice(0, 3);
    let cents = Number(int) * 100 + Number(digits.slice(0, 2));
    if (Number(digits[2]) >= 5) cents += 1;
    return cents / 100;
  }
  it('on weighted sums of 2-decimal values (the operator-mode inputs)', async () => {
    const fc = (await import('fast-check')).default;
    const cents = fc.integer({ min: 0, max: 10000 }).map((c) => c / 100);
    fc.assert(
      fc.property(cents, cents, cents, (a, b, c) => {
        for (const x of [
          0.5 * a + 0.5 * b,
          0.3 * a + 0.3 * b + 0.4 * c,
          0.4 * a + 0.4 * b + 0.2 * c,
          (a + b + c + a + b) / 5,
        ]) {
          expect(roundHalfUp(x)).toBe(viaString(x));
        }
      }),
      { numRuns: 3000 },
    );
  });
});
