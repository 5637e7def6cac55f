import type { OrgType } from '../types';
import { MR_V9_2025 } from './mr-v9-2025';
import type { ItemRule, RuleSet, SectionRule } from './types';

/** Rule sets in force, newest last. A new MR or order amendment is a new entry, never an edit in place. */
export const RULESETS: readonly RuleSet[] = [MR_V9_2025];

export interface RuleSelection {
  ruleset: RuleSet;
  /** Set when the audit date precedes every rule set we have; the earliest is used and the report says so. */
  fallback: boolean;
}

export function selectRuleset(date: string): RuleSelection {
  const candidates = RULESETS.filter((r) => r.validFrom <= date);
  const chosen = candidates[candidates.length - 1];
  if (chosen) return { ruleset: chosen, fallback: false };
  return { ruleset: RULESETS[0] as RuleSet, fallback: true };
}

export function sectionApplies(section: SectionRule, type: OrgType): boolean {
  return !section.orgTypes || section.orgTypes.includes(type);
}

/** Whether an item is expected at all for this organisation type on this date. */
export function itemApplies(item: ItemRule, type: OrgType, date: string): boolean {
  if (item.orgTypes && !item.orgTypes.includes(type)) return false;
  if (item.validFrom && date < item.validFrom) return false;
  if (item.validUntil && date >= item.validUntil) return false;
  return true;
}

/** Every token of the current vocabulary, across sections; used to tell a typo from a foreign token. */
export function vocabulary(ruleset: RuleSet): Set<string> {
  const out = new Set<string>(['addRef']);
  for (const s of ruleset.sections) for (const i of s.items) out.add(i.itemprop);
  return out;
}
