import { describe, expect, it } from 'vitest';
import { getMethodology, listMethodologies, requireMethodology } from '../../src/methodology/registry.ts';
import { methodologyVersionSchema } from '../../src/methodology/types.ts';

const m = requireMethodology('edu-2019');

describe('methodology edu-2019 as data', () => {
  it('is registered and passes its own schema', () => {
    expect(listMethodologies().map((x) => x.id)).toContain('edu-2019');
    expect(getMethodology('no-such-version')).toBeUndefined();
    expect(() => requireMethodology('no-such-version')).toThrow(/no-such-version/);
    expect(methodologyVersionSchema.safeParse(m).success).toBe(true);
  });

  it('names its legal sources 344н, 114 and 675н', () => {
    expect(m.sources.map((s) => s.number).sort()).toEqual(['114', '344н', '675н']);
    expect(m.sources.find((s) => s.number === '344н')?.date).toBe('2018-05-31');
    expect(m.sources.find((s) => s.number === '114')?.date).toBe('2019-03-13');
  });

  it('has five criteria with the official indicators and weights, and no 2.2', () => {
    const table = Object.fromEntries(m.criteria.map((c) => [c.id, c.indicators.map((i) => [i.id, i.weight])]));
    expect(table).toEqual({
      K1: [
        ['1.1', 0.3],
        ['1.2', 0.3],
        ['1.3', 0.4],
      ],
      K2: [
        ['2.1', 0.5],
        ['2.3', 0.5],
      ],
      K3: [
        ['3.1', 0.3],
        ['3.2', 0.4],
        ['3.3', 0.3],
      ],
      K4: [
        ['4.1', 0.4],
        ['4.2', 0.4],
        ['4.3', 0.2],
      ],
      K5: [
        ['5.1', 0.3],
        ['5.2', 0.2],
        ['5.3', 0.5],
      ],
    });
    expect(m.notUsed.map((x) => x.id)).toEqual(['2.2']);
  });

  it('weights of each criterion sum to 1, and parts of each share formula sum to 1', () => {
    for (const c of m.criteria) {
      expect(c.indicators.reduce((s, i) => s + i.weight, 0)).toBeCloseTo(1, 12);
      for (const i of c.indicators) {
        if (i.formula.kind === 'share') expect(i.formula.parts.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 12);
      }
    }
  });

  it('checklists have the documented sizes and caps (3.2 has 6 items)', () => {
    expect(Object.fromEntries(m.checklists.map((c) => [c.id, c.items.length]))).toEqual({
      '1.2': 6,
      '2.1': 5,
      '3.1': 5,
      '3.2': 6,
    });
    const caps = m.criteria
      .flatMap((c) => c.indicators)
      .flatMap((i) => (i.formula.kind === 'cappedCount' ? [[i.id, i.formula.pointsPerItem, i.formula.cap]] : []));
    expect(caps).toEqual([
      ['1.2', 30, 100],
      ['2.1', 20, 100],
      ['3.1', 20, 100],
      ['3.2', 20, 100],
    ]);
  });

  it('questionnaire: 14 yes/no questions and a free text, filters skip their follow-up', () => {
    const q = m.questionnaire.questions;
    expect(q).toHaveLength(15);
    expect(q.filter((x) => x.kind === 'yesNo')).toHaveLength(14);
    expect(q.at(-1)?.kind).toBe('text');
    const filters = q.filter((x) => x.role === 'filter').map((x) => [x.id, x.skipIfNo]);
    expect(filters).toEqual([
      ['q1', ['q2']],
      ['q3', ['q4']],
      ['q6', ['q7']],
      ['q10', ['q11']],
    ]);
    // every satisfaction question feeds exactly one indicator that exists in the methodology
    const ids = new Set(m.criteria.flatMap((c) => c.indicators.map((i) => i.id)));
    for (const x of q.filter((x) => x.role === 'satisfaction')) {
      expect(x.feeds).toHaveLength(1);
      expect(ids.has(x.feeds[0] as string)).toBe(true);
    }
    expect(m.questionnaire.profile.map((p) => p.id)).toEqual(['respondent', 'sex', 'age']);
  });

  it('has the four organisation types and 1.1 lists per type and channel, each item with a source', () => {
    expect(m.organisationTypes.map((t) => t.shortName)).toEqual(['ДОО', 'школа', 'СПО', 'ДОД']);
    expect(m.informationItems.status).toBe('reference');
    for (const t of m.organisationTypes) {
      const lists = m.informationItems.lists[t.id];
      expect(lists.stand.length).toBeGreaterThanOrEqual(10);
      expect(lists.site.length).toBeGreaterThanOrEqual(25);
      for (const item of [...lists.stand, ...lists.site]) expect(item.source).toMatch(/273-ФЗ|1493/);
      for (const item of lists.site) expect(item.section).toMatch(/^\/sveden\//);
      expect(new Set(lists.site.map((i) => i.id)).size).toBe(lists.site.length);
    }
    // type-specific items: graduate employment only for colleges, parental fee only for preschools
    expect(m.informationItems.lists.college.site.some((i) => i.id === 'site.education.employment')).toBe(true);
    expect(m.informationItems.lists.school.site.some((i) => i.id === 'site.education.employment')).toBe(false);
    expect(m.informationItems.lists.preschool.stand.some((i) => i.id === 'stand.parentalFee')).toBe(true);
    expect(m.informationItems.lists.additional.stand.some((i) => i.id === 'stand.parentalFee')).toBe(false);
  });
});
