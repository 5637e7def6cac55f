import { describe, expect, it } from 'vitest';
import { bandFor, bandRule } from '../../src/methodology/bands';
import type { RawInputs } from '../../src/methodology/inputs';
import { requireMethodology } from '../../src/methodology/registry';
import { policiesSchema } from '../../src/campaigns/policies';
import {
  decodeSnapshot,
  explanationOf,
  itemStates,
  parseSnapshot,
  type StoredSnapshot,
} from '../../src/results/snapshot';
import { scoreAssembled, type AssembledInputs } from '../../src/results/versions.server';
import {
  filterAndSort,
  isHidden,
  points,
  shownText,
  overlap,
  parseTableQuery,
  plural,
  shortfalls,
  statisticalTies,
  tableQueryString,
} from '../../src/results/view';
import { criteriaChartSvg } from '../../src/reports/charts.server';

const m = requireMethodology('edu-2019');
const yes = (valid: number, share: number) => {
  const y: Record<string, number> = {};
  for (let q = 1; q <= 14; q++) y[`q${q}`] = Math.round(valid * share);
  return y;
};

function raw(id: string, valid: number, share: number, checklistYes: number): RawInputs {
  return {
    id,
    name: `Школа ${id}`,
    type: 'school',
    information: { stand: { found: 5, norm: 10 }, site: { found: 20, norm: 30 } },
    checklists: { '1.2': 4, '2.1': 5, '3.1': checklistYes, '3.2': 2 },
    survey: { valid, yes: yes(valid, share) },
  };
}

function assembled(raws: RawInputs[], policies: Record<string, unknown> = {}): AssembledInputs {
  const ids = (list: { id: string }[]) => list.map((i) => i.id);
  return {
    campaign: {
      id: 'c',
      title: 'НОК',
      year: 2025,
      territoryId: 't',
      methodologyId: 'edu-2019',
    } as AssembledInputs['campaign'],
    territoryName: 'Район',
    methodology: m,
    policies: policiesSchema.parse(policies),
    meta: raws.map((r) => ({
      id: r.id,
      shortName: r.name,
      fullName: r.name,
      type: r.type,
      territoryId: 't',
      territoryName: 'Район',
      recipients: null,
    })),
    checklists: new Map(
      raws.map((r) => [
        r.id,
        {
          yes: new Map([['3.1', ids(m.checklists.find((c) => c.id === '3.1')!.items).slice(0, r.checklists['3.1'])]]),
          na: new Map(),
          answered: new Set(['1.1-stand', '1.1-site', '1.2', '2.1', '3.1', '3.2']),
        },
      ]),
    ),
    raws,
  };
}

describe('result view helpers', () => {
  const { snapshot: s } = scoreAssembled(
    assembled([raw('a', 400, 0.9, 5), raw('b', 400, 0.89, 5), raw('c', 30, 0.5, 1), raw('d', 5, 0.9, 5)]),
  );
  const org = (id: string) => s.organisations.find((o) => o.id === id)!;

  it('hides survey indicators and survey-only criteria below the minimum, for the public only', () => {
    expect(isHidden(s, org('d'), '5.3', 'public')).toBe(true);
    expect(isHidden(s, org('d'), 'K5', 'public')).toBe(true);
    expect(isHidden(s, org('d'), 'K1', 'public')).toBe(false);
    expect(isHidden(s, org('d'), '3.1', 'public')).toBe(false);
    expect(isHidden(s, org('d'), '5.3', 'staff')).toBe(false);
    expect(isHidden(s, org('a'), '5.3', 'public')).toBe(false);
  });

  it('marks close neighbours with overlapping intervals and not distant ones', () => {
    const ties = statisticalTies(s);
    expect(ties.get('a')).toContain('b');
    expect(overlap(org('a'), org('c'))).toBe(false);
    expect(org('a').surveyInterval!.weight).toBeCloseTo(0.64, 10);
  });

  it('lists shortfalls with the missing checklist items', () => {
    const gaps = shortfalls(s, org('c'));
    const g31 = gaps.find((g) => g.id === '3.1')!;
    expect(g31.value).toBe(20);
    expect(g31.missing.map((x) => x.itemId)).toEqual(
      m.checklists
        .find((c) => c.id === '3.1')!
        .items.slice(1)
        .map((i) => i.id),
    );
    expect(itemStates(s, org('c'), '3.1').yes.size).toBe(1);
    expect(shortfalls(s, org('d')).some((g) => g.id === '5.3')).toBe(false);
  });

  it('sorts hidden values last and round-trips the query string', () => {
    const q = parseTableQuery(new URLSearchParams('sort=K5&dir=desc&page=0&type=nope'));
    expect(q).toMatchObject({ sort: 'K5', dir: 'desc', page: 1, type: null });
    expect(filterAndSort(s, q).at(-1)!.id).toBe('d');
    expect(tableQueryString(q)).toBe('?sort=K5');
    expect(tableQueryString(parseTableQuery(new URLSearchParams('sort=name&dir=desc&page=3')))).toBe(
      '?sort=name&dir=desc&page=3',
    );
  });

  it('rebuilds explanations exactly under operator rounding and the «zero» policy', () => {
    const a = assembled([{ ...raw('z', 50, 0.7, 3), survey: { valid: 50, yes: { ...yes(50, 0.7), q6: 0, q7: 0 } } }], {
      rounding: 'operator',
      zeroDenominator: 'zero',
    });
    const { snapshot, run } = scoreAssembled(a);
    const o = run.organisations[0]!;
    const so = snapshot.organisations[0]!;
    for (const id of ['1.1', '1.3', '3.3', 'K3', 'Sn']) {
      const engine = id === 'Sn' ? o.totalExplanation : (o.indicators[id]?.explanation ?? o.criteria[id]!.explanation);
      expect(explanationOf(snapshot, so, id)).toEqual(JSON.parse(JSON.stringify(engine)));
    }
    expect(so.indicators['3.3']!.value).toBe(0);
  });

  it('the compact stored snapshot decodes to every input, number, survey count and interval of the run', () => {
    const few = { ...raw('f', 4, 0.5, 2), recipients: 300, survey: { valid: 4, yes: yes(4, 0.5) } };
    const a = assembled([raw('a', 120, 0.8, 4), raw('b', 0, 0, 0), few], { rounding: 'operator', minN: 10 });
    const scored = scoreAssembled(a);
    // Stored as arrays: no per-organisation keys, no explanations, no survey counts (they are inputs).
    expect(scored.stored.format).toBe('noko.results/2');
    expect(Array.isArray(scored.stored.organisations[0])).toBe(true);
    expect(scored.json).not.toContain('"explain"');
    const decoded = parseSnapshot(scored.json);
    expect(decoded).toEqual(scored.snapshot);
    for (const o of scored.run.organisations) {
      const so = decoded.organisations.find((x) => x.id === o.id)!;
      expect(so.inputs).toEqual(a.raws.find((r) => r.id === o.id));
      expect([so.total, so.exactTotal, so.rank, so.band, so.belowMinimum, so.sample]).toEqual([
        o.total,
        o.exactTotal,
        o.rank,
        o.band,
        o.belowMinimum,
        o.sample,
      ]);
      for (const [id, ind] of Object.entries(o.indicators)) {
        expect(so.indicators[id]!.value).toBe(ind.value);
        expect(so.indicators[id]!.exact ?? so.indicators[id]!.value).toBe(ind.exact);
        const parts = ind.survey?.parts.map((p) => ({
          yes: p.yes,
          n: p.n,
          lower: p.interval?.lower ?? null,
          upper: p.interval?.upper ?? null,
        }));
        const stored = so.indicators[id]!.survey?.parts;
        expect(stored?.map((p) => [p.yes, p.n])).toEqual(parts?.map((p) => [p.yes, p.n]));
        stored?.forEach((p, i) => {
          const e = parts![i]!;
          expect([p.lower === null, p.upper === null]).toEqual([e.lower === null, e.upper === null]);
          if (e.lower !== null) expect(p.lower).toBeCloseTo(e.lower, 5);
          if (e.upper !== null) expect(p.upper).toBeCloseTo(e.upper, 5);
        });
      }
      for (const [id, c] of Object.entries(o.criteria))
        expect([so.criteria[id]!.value, so.criteria[id]!.exact ?? so.criteria[id]!.value]).toEqual([c.value, c.exact]);
      for (const id of [...Object.keys(o.indicators), ...Object.keys(o.criteria), 'Sn']) {
        const engine =
          id === 'Sn' ? o.totalExplanation : (o.indicators[id]?.explanation ?? o.criteria[id]!.explanation);
        expect(explanationOf(decoded, so, id)).toEqual(JSON.parse(JSON.stringify(engine)));
      }
    }
    expect(decoded.organisations.find((o) => o.id === 'f')!.items['3.1']).toBe('yy---');
  });

  it('charts carry an accessible name', () => {
    const svg = criteriaChartSvg([{ label: 'K1', value: 50 }], { title: 'Баллы <по> критериям' });
    expect(svg).toMatch(
      /^<svg[^>]* role="img" aria-label="Баллы &lt;по&gt; критериям" focusable="false"><title>Баллы &lt;по&gt; критериям<\/title>/,
    );
  });

  it('Russian plurals', () => {
    expect([1, 2, 5, 21, 11].map((n) => plural(n, ['организация', 'организации', 'организаций']))).toEqual([
      'организация',
      'организации',
      'организаций',
      'организация',
      'организаций',
    ]);
  });
});

describe('the verbal grade agrees with the number shown (issue 11 item 3)', () => {
  it('a total shown as 80,80 is «хорошо» under «от 81 — отлично», in the engine, the snapshot and the page text', () => {
    const scored = scoreAssembled(assembled([raw('a', 400, 0.9, 5), raw('b', 40, 0.6, 2)]));
    // Whatever the engine computed, every organisation's band follows from its shown total by the printed rule.
    for (const o of scored.snapshot.organisations) {
      const shown = points(o.total);
      const band = bandFor(Number(shown.replace(',', '.')), scored.stored.options.bands);
      expect(o.band).toBe(band);
      expect(scored.run.organisations.find((r) => r.id === o.id)!.band).toBe(band);
      expect(shownText(scored.snapshot, o, 'Sn', 'public')).toBe(shown);
    }
    // A snapshot stored under the old whole-point rule (80,80 → 81 → «отлично») is read with the rule printed.
    const old = structuredClone(scored.stored) as StoredSnapshot;
    const row = old.organisations[0]!;
    row[7] = 80.8;
    row[8] = 80.8;
    row[9] = 'отлично';
    const decoded = decodeSnapshot(old).organisations[0]!;
    expect(points(decoded.total)).toBe('80,80');
    expect(decoded.band).toBe('хорошо');
    expect(bandRule(old.options.bands)).toContain('от 61,00 до 80,99 — «хорошо»');
  });

  it('points() rounds half-up on the decimal value like the band does (80,995 is shown 81,00 and is «отлично»)', () => {
    expect(points(80.995)).toBe('81,00');
    expect(bandFor(80.995, m.defaults.bands)).toBe('отлично');
    expect(points(1.005)).toBe('1,01');
  });
});
