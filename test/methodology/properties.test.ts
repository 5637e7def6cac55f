// Property tests over arbitrary consistent tallies (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreOrganisation } from '../../src/methodology/engine.ts';
import { validateRawInputs } from '../../src/methodology/inputs.ts';
import { requireMethodology } from '../../src/methodology/registry.ts';
import { roundHalfUp } from '../../src/methodology/rounding.ts';
import type { OrganisationScore } from '../../src/methodology/engine.ts';
import type { RawInputs } from '../../src/methodology/inputs.ts';
import type { RoundingMode, ZeroDenominatorPolicy } from '../../src/methodology/types.ts';

const m = requireMethodology('edu-2019');
const POLICIES: ZeroDenominatorPolicy[] = ['reweight', 'zero', 'full'];
const ROUNDINGS: RoundingMode[] = ['exact', 'operator'];

/** A share k ≤ n drawn as a fraction of n, so generated tallies are always consistent. */
const upTo = (n: number) => fc.integer({ min: 0, max: n });

const rawArb: fc.Arbitrary<RawInputs> = fc
  .record({
    standNorm: fc.integer({ min: 0, max: 20 }),
    siteNorm: fc.integer({ min: 0, max: 50 }),
    valid: fc.integer({ min: 0, max: 400 }),
    seeds: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 20, maxLength: 20 }),
    checklists: fc.tuple(upTo(6), upTo(5), upTo(5), upTo(6)),
  })
  .map(({ standNorm, siteNorm, valid, seeds, checklists }) => {
    let i = 0;
    const part = (n: number) => Math.floor((seeds[i++] ?? 0) * (n + 1)) % (n + 1);
    const q1 = part(valid),
      q3 = part(valid),
      q6 = part(valid),
      q10 = part(valid);
    return {
      id: 'p',
      name: 'Свойство',
      type: 'school' as const,
      information: {
        stand: { found: part(standNorm), norm: standNorm },
        site: { found: part(siteNorm), norm: siteNorm },
      },
      checklists: { '1.2': checklists[0], '2.1': checklists[1], '3.1': checklists[2], '3.2': checklists[3] },
      survey: {
        valid,
        yes: {
          q1,
          q2: part(q1),
          q3,
          q4: part(q3),
          q5: part(valid),
          q6,
          q7: part(q6),
          q8: part(valid),
          q9: part(valid),
          q10,
          q11: part(q10),
          q12: part(valid),
          q13: part(valid),
          q14: part(valid),
        },
      },
    };
  });

const options = fc.record({ zeroDenominator: fc.constantFrom(...POLICIES), rounding: fc.constantFrom(...ROUNDINGS) });

function allValues(s: OrganisationScore): (number | null)[] {
  return [
    ...Object.values(s.indicators).map((r) => r.value),
    ...Object.values(s.criteria).map((r) => r.value),
    s.total,
  ];
}

/** Counts that may grow by one without breaking consistency, with the field that bounds them. */
const GROWABLE: { path: string; bump: (r: RawInputs) => RawInputs | null }[] = [
  ...(['q2', 'q4', 'q7', 'q11'] as const).map((q) => {
    const filter = { q2: 'q1', q4: 'q3', q7: 'q6', q11: 'q10' }[q];
    return {
      path: q,
      bump: (r: RawInputs) =>
        (r.survey.yes[q] ?? 0) < (r.survey.yes[filter] ?? 0)
          ? { ...r, survey: { ...r.survey, yes: { ...r.survey.yes, [q]: (r.survey.yes[q] ?? 0) + 1 } } }
          : null,
    };
  }),
  ...(['q5', 'q8', 'q9', 'q12', 'q13', 'q14'] as const).map((q) => ({
    path: q,
    bump: (r: RawInputs) =>
      (r.survey.yes[q] ?? 0) < r.survey.valid
        ? { ...r, survey: { ...r.survey, yes: { ...r.survey.yes, [q]: (r.survey.yes[q] ?? 0) + 1 } } }
        : null,
  })),
  ...(['stand', 'site'] as const).map((ch) => ({
    path: `${ch}.found`,
    bump: (r: RawInputs) =>
      r.information[ch].found < r.information[ch].norm
        ? {
            ...r,
            information: { ...r.information, [ch]: { ...r.information[ch], found: r.information[ch].found + 1 } },
          }
        : null,
  })),
  ...(
    [
      ['1.2', 6],
      ['2.1', 5],
      ['3.1', 5],
      ['3.2', 6],
    ] as const
  ).map(([id, max]) => ({
    path: `checklists.${id}`,
    bump: (r: RawInputs) =>
      (r.checklists[id] ?? 0) < max
        ? { ...r, checklists: { ...r.checklists, [id]: (r.checklists[id] ?? 0) + 1 } }
        : null,
  })),
];

describe('properties', () => {
  it('generated inputs are consistent (the generator itself is sound)', () => {
    fc.assert(
      fc.property(rawArb, (raw) => validateRawInputs(raw, m).length === 0),
      { numRuns: 300 },
    );
  });

  it('every score is within 0–100 or null, under every policy and rounding', () => {
    fc.assert(
      fc.property(rawArb, options, (raw, o) => {
        for (const v of allValues(scoreOrganisation(raw, m, o))) {
          if (v !== null) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(100);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('only reweight produces missing values while every source has data', () => {
    fc.assert(
      fc.property(rawArb, fc.constantFrom<ZeroDenominatorPolicy>('zero', 'full'), (raw, policy) => {
        // No valid response at all is «нет данных» under every policy (decision 0055).
        fc.pre(raw.survey.valid > 0);
        expect(allValues(scoreOrganisation(raw, m, { zeroDenominator: policy })).includes(null)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('monotone: one more satisfied answer, found item or checklist item never lowers any score', () => {
    fc.assert(
      fc.property(rawArb, options, fc.constantFrom(...GROWABLE), (raw, o, grow) => {
        const bumped = grow.bump(raw);
        fc.pre(bumped !== null);
        const before = allValues(scoreOrganisation(raw, m, o));
        const after = allValues(scoreOrganisation(bumped as RawInputs, m, o));
        before.forEach((b, i) => {
          const a = after[i] ?? null;
          expect(a === null).toBe(b === null);
          if (a !== null && b !== null) expect(a).toBeGreaterThanOrEqual(b);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('exact mode: total = mean of the five criteria', () => {
    fc.assert(
      fc.property(rawArb, fc.constantFrom(...POLICIES), (raw, policy) => {
        const s = scoreOrganisation(raw, m, { zeroDenominator: policy, rounding: 'exact' });
        const c = Object.values(s.criteria).map((r) => r.value);
        if (c.includes(null)) expect(s.total).toBeNull();
        else expect(s.total).toBeCloseTo((c as number[]).reduce((x, y) => x + y, 0) / 5, 9);
      }),
      { numRuns: 500 },
    );
  });

  it('operator mode: total = rounded mean of the rounded criteria, all values have at most 2 decimals', () => {
    fc.assert(
      fc.property(rawArb, fc.constantFrom(...POLICIES), (raw, policy) => {
        const s = scoreOrganisation(raw, m, { zeroDenominator: policy, rounding: 'operator' });
        for (const v of allValues(s)) if (v !== null) expect(roundHalfUp(v)).toBe(v);
        const c = Object.values(s.criteria).map((r) => r.value);
        if (!c.includes(null)) expect(s.total).toBe(roundHalfUp((c as number[]).reduce((x, y) => x + y, 0) / 5));
      }),
      { numRuns: 500 },
    );
  });

  it('weights actually used in each criterion sum to 1 whenever the criterion has a value', () => {
    fc.assert(
      fc.property(rawArb, (raw) => {
        for (const c of Object.values(scoreOrganisation(raw, m).criteria)) {
          if (c.value === null) continue;
          expect(Object.values(c.weights).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
        }
      }),
      { numRuns: 300 },
    );
  });
});
