import { addYears } from './dates';

/**
 * Periodicity rules (art. 95.2 of 273-ФЗ: no more than once a year, no less than once every three years).
 * Pure: the caller supplies each organisation's assessment dates. Interpretation: docs/decisions/0021.
 */

/** The date a campaign counts as "the assessment": the council's decision on the list, else 28 February. */
export function campaignReferenceDate(c: { year: number; councilDecisionDate: string | null }): string {
  return c.councilDecisionDate ?? `${c.year}-02-28`;
}

export type AssessmentRecord = { date: string; year: number; campaignId: string | null; title: string };

export type PeriodicityVerdict = {
  /** The latest assessment before this campaign (another campaign or the date kept in the registry). */
  last: AssessmentRecord | null;
  /** Another assessment less than a year away from this one: including needs a recorded reason. */
  tooSoon: AssessmentRecord | null;
  /** Never assessed, or last assessed three or more calendar years before the campaign year. */
  due: boolean;
};

export function periodicityVerdict(
  campaign: { year: number; councilDecisionDate: string | null },
  history: AssessmentRecord[],
): PeriodicityVerdict {
  const ref = campaignReferenceDate(campaign);
  const yearAgo = addYears(ref, -1);
  const yearAhead = addYears(ref, 1);
  const before = history.filter((h) => h.date <= ref).sort((a, b) => b.date.localeCompare(a.date));
  const last = before[0] ?? null;
  const tooSoon =
    history.filter((h) => h.date > yearAgo && h.date < yearAhead).sort((a, b) => b.date.localeCompare(a.date))[0] ??
    null;
  const due = !last || last.year <= campaign.year - 3;
  return { last, tooSoon, due };
}
