// Standard competition ranking (1, 2, 2, 4): organisations with equal totals share a rank.
import type { RoundingMode } from './types.ts';

/** Totals closer than this are equal in exact mode; it absorbs float noise, not real differences. */
export const EXACT_TIE_TOLERANCE = 1e-9;

/**
 * Ranks totals, highest first; null totals are not ranked. In operator mode totals are equal when
 * their 2-decimal values are equal (they are already rounded); in exact mode when they differ by at
 * most EXACT_TIE_TOLERANCE from the first total of their group (no chaining of near-ties).
 */
export function rankTotals(totals: readonly (number | null)[], rounding: RoundingMode): (number | null)[] {
  const tolerance = rounding === 'operator' ? 0.005 : EXACT_TIE_TOLERANCE;
  const order: number[] = [];
  totals.forEach((t, i) => {
    if (t !== null) order.push(i);
  });
  order.sort((a, b) => (totals[b] as number) - (totals[a] as number));
  const ranks: (number | null)[] = totals.map(() => null);
  let groupValue = Number.NaN;
  let groupRank = 0;
  order.forEach((index, position) => {
    const value = totals[index] as number;
    if (position === 0 || groupValue - value > tolerance) {
      groupValue = value;
      groupRank = position + 1;
    }
    ranks[index] = groupRank;
  });
  return ranks;
}
