// Verbal bands. A band is chosen on the value people see: the score rounded half-up to hundredths, as
// every page, export and the API print it (80,80 is shown, so 80,80 is compared: below «от 81» it is
// «хорошо», never «отлично»). The engine, the pages, the exports and the API all call bandFor, and the
// printed rule comes from bandRule, so the rule on the page is the rule applied (decision 0023).
import type { Band } from './types.ts';
import { roundHalfUp } from './rounding.ts';

/** Decimals a score is shown with everywhere (pages, exports, API figures in Russian). */
export const SHOWN_DECIMALS = 2;

/** The score as shown: rounded half-up to hundredths. Band, table and card all start from this number. */
export function shownScore(value: number): number {
  return roundHalfUp(value, SHOWN_DECIMALS);
}

export function bandFor(value: number | null, bands: readonly Band[]): string | null {
  if (value === null || !Number.isFinite(value)) return null;
  const shown = shownScore(value);
  let best: Band | undefined;
  for (const band of bands) {
    if (band.from <= shown && (best === undefined || band.from > best.from)) best = band;
  }
  return best?.label ?? null;
}

const ru = (n: number) => n.toFixed(SHOWN_DECIMALS).replace('.', ',');

/**
 * The rule bandFor applies, in Russian, for pages and exports: «от 81,00 до 100,00 — «отлично»; от 61,00
 * до 80,99 — «хорошо»; …». The upper bound of a band is one hundredth below the next band's lower bound.
 */
export function bandRule(bands: readonly Band[]): string {
  const sorted = [...bands].sort((a, b) => b.from - a.from);
  const parts = sorted.map((b, i) => {
    const upper = i === 0 ? 100 : (sorted[i - 1]!.from * 100 - 1) / 100;
    return `от ${ru(b.from)} до ${ru(upper)} — «${b.label}»`;
  });
  return `${parts.join('; ')} (по итоговому баллу, округлённому до сотых, как он показан)`;
}
