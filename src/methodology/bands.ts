// Verbal bands. The default scale is defined on whole points (81–100, 61–80, …), so a fractional score
// is first rounded half-up to a whole point: 80.5 → 81 → «отлично», 80.49 → 80 → «хорошо».
import type { Band } from './types.ts';
import { roundHalfUp } from './rounding.ts';

export function bandFor(value: number | null, bands: readonly Band[]): string | null {
  if (value === null) return null;
  const whole = roundHalfUp(value, 0);
  let best: Band | undefined;
  for (const band of bands) {
    if (band.from <= whole && (best === undefined || band.from > best.from)) best = band;
  }
  return best?.label ?? null;
}
