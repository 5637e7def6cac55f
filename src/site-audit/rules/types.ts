import type { OrgType, ValueKind } from '../types';

/** One itemprop the rules expect. Dates are ISO `YYYY-MM-DD`; `validUntil` is exclusive. */
export interface ItemRule {
  itemprop: string;
  /** Container (главный тег) the item must be a DOM descendant of; absent for root items. */
  container?: string;
  /** `false` mirrors the MR `*` (при наличии): absence is reported but not counted against the site. */
  required: boolean;
  kind: ValueKind;
  isContainer: boolean;
  orgTypes?: readonly OrgType[];
  validFrom?: string;
  validUntil?: string;
  /** 2020 (MR 4.4) tokens that carried the same information; finding them means "устаревшая разметка". */
  legacy?: readonly string[];
  /** Lower-case phrases whose presence in the page text suggests the information is there without markup. */
  keywords?: readonly string[];
  note?: string;
}

export interface SectionRule {
  slug: string;
  title: string;
  /** Point of Приказ Рособрнадзора № 1493. */
  point: string;
  orgTypes?: readonly OrgType[];
  /** Words of the usual link text; used to find pages at non-recommended addresses. */
  linkText: readonly RegExp[];
  /** Slugs where the 2020 rules put part of this information (e.g. `ovz`, `employees` for managers). */
  legacyPages?: readonly string[];
  /** Wrong or variant slugs seen in the wild. */
  variants?: readonly string[];
  items: readonly ItemRule[];
}

export interface RuleSet {
  id: string;
  title: string;
  sources: readonly string[];
  /** First audit date the rule set applies to. */
  validFrom: string;
  sections: readonly SectionRule[];
  /** Tokens of the 2020 vocabulary that do not exist in this one, for "устаревшая разметка". */
  legacyTokens: ReadonlySet<string>;
}

/** Options shared by the small builders below. */
export type ItemOptions = Partial<
  Pick<ItemRule, 'kind' | 'orgTypes' | 'validFrom' | 'validUntil' | 'legacy' | 'keywords' | 'note'>
>;

export interface ItemSpec {
  itemprop: string;
  required: boolean;
  opts: ItemOptions;
  children?: readonly ItemSpec[];
}

/** Required item. */
export const r = (itemprop: string, opts: ItemOptions = {}): ItemSpec => ({ itemprop, required: true, opts });
/** Optional item (MR `*`). */
export const o = (itemprop: string, opts: ItemOptions = {}): ItemSpec => ({ itemprop, required: false, opts });
/** Container with its children. */
export const c = (
  itemprop: string,
  required: boolean,
  children: readonly ItemSpec[],
  opts: ItemOptions = {},
): ItemSpec => ({
  itemprop,
  required,
  opts,
  children,
});

/** Flattens the nested specs into rules; children inherit the container's applicability. */
export function flatten(specs: readonly ItemSpec[]): ItemRule[] {
  const out: ItemRule[] = [];
  for (const spec of specs) {
    out.push(toRule(spec, undefined, {}));
    for (const child of spec.children ?? []) out.push(toRule(child, spec.itemprop, spec.opts));
  }
  return out;
}

function toRule(spec: ItemSpec, container: string | undefined, inherited: ItemOptions): ItemRule {
  const o = { ...pickInherited(inherited), ...spec.opts };
  const rule: ItemRule = {
    itemprop: spec.itemprop,
    required: spec.required,
    kind: o.kind ?? (spec.children ? 'any' : 'text'),
    isContainer: Boolean(spec.children),
  };
  if (container) rule.container = container;
  if (o.orgTypes) rule.orgTypes = o.orgTypes;
  if (o.validFrom) rule.validFrom = o.validFrom;
  if (o.validUntil) rule.validUntil = o.validUntil;
  if (o.legacy) rule.legacy = o.legacy;
  if (o.keywords) rule.keywords = o.keywords;
  if (o.note) rule.note = o.note;
  return rule;
}

function pickInherited(o: ItemOptions): ItemOptions {
  const out: ItemOptions = {};
  if (o.orgTypes) out.orgTypes = o.orgTypes;
  if (o.validFrom) out.validFrom = o.validFrom;
  if (o.validUntil) out.validUntil = o.validUntil;
  return out;
}
