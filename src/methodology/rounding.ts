// Half-up rounding that agrees with decimal arithmetic: 1.005 rounds to 1.01 because people (and
// operators' spreadsheets) see 1.005, even though the nearest double is 1.00499999999999989…

const TIE_EPSILON = 1e-7;

/**
 * Rounds half away from zero to `digits` decimals, as if on the shortest decimal string of `x`.
 *
 * Near a tie, float noise decides nothing: the decimal tie t = (k + 0.5)/10^digits is turned into its
 * nearest double, and `x` rounds up exactly when x ≥ that double. A double equal to it prints as the tie
 * itself (so half-up applies); one above or below prints as a decimal above or below the tie. This gives
 * the same answer as rounding the digits of String(x), without building strings in the hot path.
 */
export function roundHalfUp(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const factor = 10 ** digits;
  const abs = Math.abs(x);
  const scaled = abs * factor;
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  let units: number;
  if (Math.abs(frac - 0.5) > TIE_EPSILON) units = frac < 0.5 ? floor : floor + 1;
  else units = abs >= (floor + 0.5) / factor ? floor + 1 : floor;
  const result = units / factor;
  return x < 0 ? -result : result;
}

/** Integer hundredths (kopecks-style) of a value rounded half-up to 2 decimals. */
export function toCents(x: number): number {
  return Math.round(roundHalfUp(x, 2) * 100);
}
