import { monitorCount, monitorSees } from './monitor';
import type { MarkedTag, ParsedPage } from './page.server';
import { checkValue, isPlaceholder } from './quality';
import { itemApplies, sectionApplies, vocabulary } from './rules/rulesets';
import type { ItemRule, RuleSet, SectionRule } from './rules/types';
import { isLabelOnly, nearMissMessage, nearMissReason } from './near-miss';
import type { Finding, ItemReport, OrgType } from './types';

export interface SectionInput {
  section: SectionRule;
  ruleset: RuleSet;
  /** The subsection page and its addRef pages. */
  pages: readonly ParsedPage[];
  /** Pages where the 2020 rules put part of this information (fetched only when needed). */
  legacyPages: readonly ParsedPage[];
  orgType: OrgType;
  date: string;
}

export interface SectionEvaluation {
  items: ItemReport[];
  findings: Finding[];
  /** Links to documents from present items, to be checked for reachability. */
  documents: { url: string; itemprop: string; pageUrl: string }[];
}

const vocabCache = new WeakMap<RuleSet, Set<string>>();

/** Valid tokens of either vocabulary are never "typos" of another (numberBFVacant vs numberBRVacant). */
function vocabularyOf(ruleset: RuleSet): Set<string> {
  let v = vocabCache.get(ruleset);
  if (!v) {
    v = vocabulary(ruleset);
    for (const t of ruleset.legacyTokens) v.add(t);
    vocabCache.set(ruleset, v);
  }
  return v;
}

const hasToken = (tag: MarkedTag, token: string) => tag.tokens.includes(token);

function insideContainer(tag: MarkedTag, container: string): boolean {
  for (let up = tag.parent; up; up = up.parent) if (hasToken(up, container)) return true;
  return false;
}

/**
 * Containers the section allows for an itemprop (`null` = allowed at root). One token such as `objName`
 * or `divisionClauseDocLink` belongs in several containers; sitting in any of them is correct.
 */
function allowedContainers(section: SectionRule, itemprop: string): Set<string | null> {
  const out = new Set<string | null>();
  for (const i of section.items) if (i.itemprop === itemprop) out.add(i.container ?? null);
  return out;
}

/** A tag with the exact token that sits in none of the containers the section allows for it. */
function misplaced(tag: MarkedTag, itemprop: string, section: SectionRule): boolean {
  const allowed = allowedContainers(section, itemprop);
  if (allowed.has(null)) return false;
  for (const c of allowed) if (insideContainer(tag, c as string)) return false;
  return true;
}

function filled(tag: MarkedTag, all: readonly MarkedTag[]): boolean {
  if (tag.value.trim() || tag.href) return true;
  // A container without text of its own but with marked children is not empty.
  return all.some((t) => t.parent === tag);
}

export function evaluateSection(input: SectionInput): SectionEvaluation {
  const { section, pages, orgType, date } = input;
  const tags = pages.flatMap((p) => p.tags);
  const text = pages.map((p) => p.text).join(' ');
  const count = monitorCount(tags, section);
  const findings: Finding[] = [];
  const documents: SectionEvaluation['documents'] = [];
  const applicableSection = sectionApplies(section, orgType);
  const items: ItemReport[] = [];

  for (const rule of section.items) {
    const applies = applicableSection && itemApplies(rule, orgType, date);
    const report = evaluateItem(rule, tags, input, text);
    report.monitor = monitorSees(count, rule.itemprop, rule.container);
    if (!applies) {
      report.status = 'not-applicable';
      report.required = false;
      items.push(report);
      continue;
    }
    items.push(report);
    findings.push(...itemFindings(rule, report, tags, section, date));
    if (report.status === 'present' && rule.kind === 'doc') {
      for (const tag of tags) {
        if (hasToken(tag, rule.itemprop) && tag.href && !tag.href.startsWith('mailto:')) {
          documents.push({ url: tag.href, itemprop: rule.itemprop, pageUrl: tag.pageUrl });
        }
      }
    }
  }
  findings.push(...legacyVocabularyFindings(tags, input.ruleset, section.slug));
  return { items, findings, documents };
}

function evaluateItem(rule: ItemRule, tags: readonly MarkedTag[], input: SectionInput, text: string): ItemReport {
  const base: ItemReport = {
    itemprop: rule.itemprop,
    status: 'missing',
    evidence: null,
    required: rule.required,
    information: 'unknown',
    monitor: false,
  };
  if (rule.container) base.container = rule.container;
  const exact = tags.filter((t) => hasToken(t, rule.itemprop));
  const placed = rule.container ? exact.filter((t) => insideContainer(t, rule.container as string)) : exact;
  if (placed.length > 0) {
    const good = placed.find((t) => filled(t, tags) && !(t.value && isLabelOnly(t.value) && !rule.isContainer));
    const label = good ? undefined : placed.find((t) => filled(t, tags) && !rule.isContainer);
    if (label) {
      base.status = 'near-miss';
      base.evidence = label.excerpt;
      base.url = label.pageUrl;
      // The value usually stands unmarked right beside the caption.
      base.information = 'present';
      base.nearMiss = { token: rule.itemprop, reason: 'label' };
      return base;
    }
    const shown = good ?? (placed[0] as MarkedTag);
    base.status = good ? 'present' : 'empty';
    base.evidence = shown.excerpt;
    base.url = shown.pageUrl;
    base.information = good ? 'present' : 'not-found';
    return base;
  }
  const vocab = vocabularyOf(input.ruleset);
  const outside = rule.container ? exact.find((t) => misplaced(t, rule.itemprop, input.section)) : undefined;
  let near: MarkedTag | undefined = outside;
  let nearMiss: ItemReport['nearMiss'] = outside ? { token: rule.itemprop, reason: 'outside' } : undefined;
  if (!near) {
    // A known wrong spelling outranks an edit-distance guess.
    let best: { tag: MarkedTag; token: string; reason: 'case' | 'typo' | 'known' } | undefined;
    for (const t of tags) {
      for (const tok of t.tokens) {
        if (vocab.has(tok)) continue;
        const reason = nearMissReason(tok, rule.itemprop);
        if (reason && (!best || (reason === 'known' && best.reason !== 'known'))) best = { tag: t, token: tok, reason };
      }
      if (best?.reason === 'known') break;
    }
    if (best) {
      near = best.tag;
      nearMiss = { token: best.token, reason: best.reason };
    }
  }
  if (near) {
    if (nearMiss) base.nearMiss = nearMiss;
    base.status = 'near-miss';
    base.evidence = near.excerpt;
    base.url = near.pageUrl;
    base.information = filled(near, tags) ? 'present' : 'not-found';
    return base;
  }
  const legacy = findLegacy(rule, tags, input.legacyPages);
  if (legacy) {
    base.status = 'legacy';
    base.evidence = legacy.excerpt;
    base.url = legacy.pageUrl;
    base.information = 'present';
    return base;
  }
  if (rule.keywords && rule.keywords.length > 0) {
    base.information = rule.keywords.some((k) => text.includes(k)) ? 'present' : 'not-found';
  } else {
    base.information = 'not-found';
  }
  return base;
}

/** 2020 tokens for the same information, or the current token on the page where the 2020 rules put it. */
function findLegacy(
  rule: ItemRule,
  tags: readonly MarkedTag[],
  legacyPages: readonly ParsedPage[],
): MarkedTag | undefined {
  const old = rule.legacy ?? [];
  const onPage = tags.find((t) => old.some((o) => hasToken(t, o)));
  if (onPage) return onPage;
  for (const page of legacyPages) {
    const hit = page.tags.find((t) => hasToken(t, rule.itemprop) || old.some((o) => hasToken(t, o)));
    if (hit && (!rule.container || insideContainer(hit, rule.container) || old.some((o) => hasToken(hit, o))))
      return hit;
  }
  return undefined;
}

function itemFindings(
  rule: ItemRule,
  item: ItemReport,
  tags: readonly MarkedTag[],
  section: SectionRule,
  date: string,
): Finding[] {
  const slug = section.slug;
  const out: Finding[] = [];
  const where = {
    section: slug,
    itemprop: rule.itemprop,
    ...(item.url ? { url: item.url } : {}),
    ...(item.evidence ? { excerpt: item.evidence } : {}),
  };
  const label = rule.container ? `${rule.container} → ${rule.itemprop}` : rule.itemprop;
  switch (item.status) {
    case 'near-miss': {
      const miss = item.nearMiss ?? { token: rule.itemprop, reason: 'typo' as const };
      out.push({
        code: miss.reason === 'outside' ? 'outside-container' : miss.reason === 'label' ? 'label-marked' : 'near-miss',
        severity: 'warning',
        message: nearMissMessage(miss.reason, miss.token, label, rule.container),
        ...where,
      });
      break;
    }
    case 'legacy':
      out.push({
        code: 'legacy',
        severity: 'warning',
        message: `«${label}»: устаревшая разметка (рекомендации 2020 г.)`,
        ...where,
      });
      break;
    case 'empty':
      out.push({
        code: 'empty',
        severity: rule.required ? 'error' : 'warning',
        message: `«${label}» размечено, но значение пустое`,
        ...where,
      });
      break;
    case 'present': {
      const matches = tags.filter(
        (t) => hasToken(t, rule.itemprop) && (!rule.container || insideContainer(t, rule.container)),
      );
      if (matches.every((t) => t.hidden)) {
        out.push({
          code: 'hidden-value',
          severity: 'warning',
          message: `«${label}»: значение скрыто от посетителей (meta или скрытый элемент), а п. 27 приказа № 1493 требует видимых данных`,
          ...where,
        });
      }
      const multi = matches.find((t) => t.tokens.length > 1);
      if (multi) {
        out.push({
          code: 'multi-token',
          severity: 'info',
          message: `«${label}»: в одном itemprop несколько слов («${multi.raw}»); по правилам HTML это допустимо, но АИС «Мониторинг» сравнивает строки целиком и может не засчитать`,
          section: slug,
          itemprop: rule.itemprop,
          url: multi.pageUrl,
          excerpt: multi.excerpt,
        });
      }
      for (const t of matches.slice(0, 20)) {
        if (t.hidden && !t.value) continue;
        const problem = checkValue(rule.kind, t.value, t.href, date);
        if (problem) {
          out.push({
            code: problem.code,
            severity: 'warning',
            message: `«${label}»: ${problem.message}`,
            section: slug,
            itemprop: rule.itemprop,
            url: t.pageUrl,
            excerpt: t.excerpt,
          });
          break;
        }
      }
      if (rule.kind === 'text' && matches.every((t) => isPlaceholder(t.value)) && rule.required && !rule.container) {
        out.push({
          code: 'placeholder',
          severity: 'info',
          message: `«${label}»: указано «${matches[0]?.value ?? ''}»`,
          ...where,
        });
      }
      break;
    }
    case 'missing':
      if (rule.required)
        out.push({
          code: 'missing',
          severity: 'error',
          message: `нет разметки «${label}»`,
          section: slug,
          itemprop: rule.itemprop,
        });
      break;
    default:
      break;
  }
  if (rule.container) for (const f of out) f.container = rule.container;
  return out;
}

function legacyVocabularyFindings(tags: readonly MarkedTag[], ruleset: RuleSet, slug: string): Finding[] {
  const found = new Set<string>();
  let example: MarkedTag | undefined;
  for (const t of tags) {
    for (const tok of t.tokens) {
      if (ruleset.legacyTokens.has(tok)) {
        found.add(tok);
        example ??= t;
      }
    }
  }
  if (found.size === 0 || !example) return [];
  return [
    {
      code: 'legacy-vocabulary',
      severity: 'warning',
      message: `устаревшая разметка по рекомендациям 2020 г.: ${[...found].slice(0, 10).join(', ')}`,
      section: slug,
      url: example.pageUrl,
      excerpt: example.excerpt,
    },
  ];
}
