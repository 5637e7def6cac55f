// Survey statistics: Wilson score interval and the sample-size target of a campaign.

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for k successes out of n, as proportions in [0, 1]. Wilson rather than the
 * normal approximation because shares near 100% with small n are the usual case in НОК surveys.
 */
export function wilsonInterval(k: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At p = 0 or 1 the bound is exactly 0 or 1 in theory; float noise must not show as 0.9999999999999999.
  return { lower: k <= 0 ? 0 : Math.max(0, centre - half), upper: k >= n ? 1 : Math.min(1, centre + half) };
}

export interface SampleRule {
  /** Share of the organisation's service recipients to survey (default 0.4). */
  share: number;
  /** Upper bound on the target (default 600). */
  cap: number;
}

export interface SampleStatus {
  recipients: number;
  target: number;
  received: number;
  adequate: boolean;
}

/** Target number of responses: share × recipients rounded up, capped. */
export function sampleTarget(recipients: number, rule: SampleRule): number {
  // The epsilon stops float noise (0.4 × 15 = 6.000000000000001) from rounding a whole target up.
  return Math.max(0, Math.min(rule.cap, Math.ceil(recipients * rule.share - 1e-9)));
}

export function sampleStatus(recipients: number, received: number, rule: SampleRule): SampleStatus {
  const target = sampleTarget(recipients, rule);
  return { recipients, target, received, adequate: received >= target };
}
