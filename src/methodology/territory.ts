// Territory (municipality, region) aggregates: plain means over the organisations assessed, no size
// weighting, ignoring organisations without data for the value in question.
import { roundHalfUp } from './rounding.ts';
import type { RoundingMode } from './types.ts';

export interface ScoredForTerritory {
  total: number | null;
  criteria: Readonly<Record<string, { value: number | null }>>;
  indicators: Readonly<Record<string, { value: number | null }>>;
  additional?: { criteria: Readonly<Record<string, { value: number | null }>> };
}

export interface TerritoryAggregate {
  /** Organisations given. */
  organisations: number;
  /** Organisations with a total (the ones counted in `total`). */
  withTotal: number;
  total: number | null;
  criteria: Record<string, number | null>;
  indicators: Record<string, number | null>;
  additionalCriteria: Record<string, number | null>;
}

/** Running mean that ignores nulls. */
export class Mean {
  sum = 0;
  count = 0;
  add(v: number | null) {
    if (v !== null) {
      this.sum += v;
      this.count += 1;
    }
  }
  value(rounding: RoundingMode): number | null {
    if (this.count === 0) return null;
    const mean = this.sum / this.count;
    return rounding === 'operator' ? roundHalfUp(mean) : mean;
  }
}

function meansOf(
  scores: readonly ScoredForTerritory[],
  pick: (s: ScoredForTerritory) => Readonly<Record<string, { value: number | null }>> | undefined,
  rounding: RoundingMode,
): Record<string, number | null> {
  const means = new Map<string, Mean>();
  for (const s of scores) {
    for (const [id, r] of Object.entries(pick(s) ?? {})) {
      let m = means.get(id);
      if (!m) means.set(id, (m = new Mean()));
      m.add(r.value);
    }
  }
  return Object.fromEntries([...means].map(([id, m]) => [id, m.value(rounding)]));
}

/** Means of totals, criteria and indicators; rounded to 2 decimals in operator mode. */
export function territoryAggregate(scores: readonly ScoredForTerritory[], rounding: RoundingMode): TerritoryAggregate {
  const total = new Mean();
  for (const s of scores) total.add(s.total);
  return {
    organisations: scores.length,
    withTotal: total.count,
    total: total.value(rounding),
    criteria: meansOf(scores, (s) => s.criteria, rounding),
    indicators: meansOf(scores, (s) => s.indicators, rounding),
    additionalCriteria: meansOf(scores, (s) => s.additional?.criteria, rounding),
  };
}
