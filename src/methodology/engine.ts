// The scoring engine: raw inputs → indicators → criteria → total → verbal band, interpreting a
// methodology version. Pure: no I/O, no clock, no randomness.
//
// Results keep only numbers; survey statistics, weights and explanations are getters computed on
// demand from the compiled plan and the raw inputs. Building them eagerly for 100,000 organisations
// costs gigabytes, and most callers (rankings, exports) never read them. The raw inputs are held by
// reference, so callers must not mutate them after scoring.
import { bandFor } from './bands.ts';
import type { Explanation, ExplanationInput } from './explain.ts';
import { InputError, validateRawInputs } from './inputs.ts';
import type { InputIssue, RawInputs } from './inputs.ts';
import { rankTotals } from './ranking.ts';
import { roundHalfUp } from './rounding.ts';
import { sampleStatus, wilsonInterval } from './stats.ts';
import type { Interval, SampleRule, SampleStatus } from './stats.ts';
import { compile, compileCriterion } from './plan.ts';
import type { CriterionPlan, IndicatorPlan, Plan } from './plan.ts';
import { Mean } from './territory.ts';
import type { TerritoryAggregate } from './territory.ts';
import type { Band, CriterionDef, MethodologyVersion, RoundingMode, ZeroDenominatorPolicy } from './types.ts';

export interface ScoringOptions {
  zeroDenominator?: ZeroDenominatorPolicy;
  rounding?: RoundingMode;
  /** Survey indicators of an organisation with fewer valid responses are flagged (default 10). */
  minRespondents?: number;
  sample?: SampleRule;
  bands?: readonly Band[];
  /** Council criteria: scored and returned separately, never part of the federal total. */
  additionalCriteria?: readonly CriterionDef[];
  /** Validate inputs before scoring (scoreOrganisations only; default true). */
  validate?: boolean;
}

export interface ResolvedOptions {
  zeroDenominator: ZeroDenominatorPolicy;
  rounding: RoundingMode;
  minRespondents: number;
  sample: SampleRule;
  bands: readonly Band[];
  additionalCriteria: readonly CriterionDef[];
}

export function resolveOptions(methodology: MethodologyVersion, options: ScoringOptions = {}): ResolvedOptions {
  const d = methodology.defaults;
  return {
    zeroDenominator: options.zeroDenominator ?? d.zeroDenominator,
    rounding: options.rounding ?? d.rounding,
    minRespondents: options.minRespondents ?? d.minRespondents,
    sample: options.sample ?? d.sample,
    bands: options.bands ?? d.bands,
    additionalCriteria: options.additionalCriteria ?? [],
  };
}

export interface SurveyPartStats {
  label: string;
  /** "Yes" answers counted in the numerator. */
  yes: number;
  /** Respondents in the denominator (all valid ones, or those who passed the filter question). */
  n: number;
  /** Wilson 95% interval of the share, in points (0–100); null when n = 0. */
  interval: Interval | null;
}

export interface SurveyIndicatorStats {
  /** Valid respondents of the organisation. */
  respondents: number;
  /** Fewer valid respondents than the minimum: show "insufficient data" on public pages. */
  belowMinimum: boolean;
  parts: SurveyPartStats[];
}

type Template = Omit<ExplanationInput, 'value'>;
type Part = IndicatorPlan['parts'][number];

const clamp100 = (x: number) => (x < 0 ? 0 : x > 100 ? 100 : x);
const orNull = (x: number | undefined): number | null => (x === undefined || Number.isNaN(x) ? null : x);

function partNumerator(part: Part, raw: RawInputs): number {
  const s = part.source;
  return s.kind === 'information' ? raw.information[s.channel].found : (raw.survey.yes[s.question] ?? 0);
}

function partDenominator(part: Part, raw: RawInputs): number {
  const s = part.source;
  if (s.kind === 'information') return raw.information[s.channel].norm;
  return s.denominator === 'valid' ? raw.survey.valid : (raw.survey.yes[s.denominator.filter] ?? 0);
}

/**
 * Why an indicator has no data at all (as opposed to a zero denominator, which the policy handles): a
 * checklist nobody filled in, or a survey without a single valid response. Empty when it has data.
 */
export function noDataReasons(ind: IndicatorPlan, raw: RawInputs): string[] {
  const f = ind.def.formula;
  const missing = raw.noData;
  if (f.kind === 'cappedCount')
    return missing?.includes(`checklists.${f.checklist}`) ? [`чек-лист ${f.checklist} не заполнен`] : [];
  const out: string[] = [];
  let survey = false;
  for (const p of ind.parts) {
    const s = p.source;
    if (s.kind === 'information') {
      if (missing?.includes(`information.${s.channel}`)) out.push(`чек-лист 1.1 (${p.label}) не заполнен`);
    } else if (!survey && raw.survey.valid === 0) {
      survey = true;
      out.push('нет ни одной действительной анкеты');
    }
  }
  return out;
}

function hasNoData(ind: IndicatorPlan, raw: RawInputs): boolean {
  const f = ind.def.formula;
  const missing = raw.noData;
  if (f.kind === 'cappedCount') return !!missing && missing.includes(`checklists.${f.checklist}`);
  for (const p of ind.parts) {
    const s = p.source;
    if (s.kind === 'information' ? !!missing && missing.includes(`information.${s.channel}`) : raw.survey.valid === 0)
      return true;
  }
  return false;
}

// Layout of a group's numbers in one flat array of doubles (NaN = no data), so that an organisation
// costs a handful of allocations (a plain array is cheaper to allocate than a Float64Array):
// indicator i at 3i (exact, value, missing-part bits), criterion j at 3n + 2j.
const IND = 3;
const CRIT = 2;

function scoreGroup(
  criteria: readonly CriterionPlan[],
  indicatorCount: number,
  raw: RawInputs,
  o: ResolvedOptions,
): number[] {
  const data = new Array<number>(IND * indicatorCount + CRIT * criteria.length);
  let i = 0;
  const operator = o.rounding === 'operator';
  const policy = o.zeroDenominator;
  for (let j = 0; j < criteria.length; j++) {
    const c = criteria[j] as CriterionPlan;
    let cAcc = 0;
    let cWeight = 0;
    let cNoData = false;
    for (const ind of c.indicators) {
      const f = ind.def.formula;
      let exact: number;
      let missing = 0;
      if (hasNoData(ind, raw)) {
        // Nothing to score from, whatever the zero-denominator policy says: «нет данных». Unlike a zero
        // denominator, its weight is not handed to the other indicators: the criterion would then rest on
        // what happened to be collected (decision 0055).
        exact = Number.NaN;
        cNoData = true;
      } else if (f.kind === 'cappedCount') {
        exact = Math.min(f.cap, f.pointsPerItem * (raw.checklists[f.checklist] ?? 0));
      } else {
        let acc = 0;
        let weightSum = 0;
        for (let p = 0; p < ind.parts.length; p++) {
          const part = ind.parts[p] as Part;
          const den = partDenominator(part, raw);
          if (den > 0) {
            acc += (part.weight * partNumerator(part, raw)) / den;
            weightSum += part.weight;
          } else {
            missing |= 1 << p;
            if (policy !== 'reweight') weightSum += part.weight;
            if (policy === 'full') acc += part.weight;
          }
        }
        exact = weightSum > 0 ? clamp100((100 * acc) / weightSum) : Number.NaN;
      }
      const value = operator && !Number.isNaN(exact) ? roundHalfUp(exact) : exact;
      data[IND * i] = exact;
      data[IND * i + 1] = value;
      data[IND * i + 2] = missing;
      i++;
      if (!Number.isNaN(value)) {
        cAcc += ind.def.weight * value;
        cWeight += ind.def.weight;
      }
    }
    const exact = cWeight > 0 && !cNoData ? clamp100(cAcc / cWeight) : Number.NaN;
    data[IND * indicatorCount + CRIT * j] = exact;
    data[IND * indicatorCount + CRIT * j + 1] = operator && !Number.isNaN(exact) ? roundHalfUp(exact) : exact;
  }
  return data;
}

/** One indicator of one organisation. Survey statistics and the explanation are computed on access. */
export class IndicatorResult {
  readonly id: string;
  readonly criterion: string;
  /** Score in points (rounded to 2 decimals in operator mode); null when there is no data. */
  readonly value: number | null;
  /** Value before rounding. */
  readonly exact: number | null;
  /** Bit i is set when part i of the formula had a zero denominator. */
  readonly missingParts: number;
  readonly #plan: IndicatorPlan;
  readonly #raw: RawInputs;
  readonly #o: ResolvedOptions;

  constructor(
    plan: IndicatorPlan,
    raw: RawInputs,
    o: ResolvedOptions,
    exact: number | null,
    value: number | null,
    missingParts: number,
  ) {
    this.#plan = plan;
    this.#raw = raw;
    this.#o = o;
    this.id = plan.def.id;
    this.criterion = plan.criterion;
    this.exact = exact;
    this.value = value;
    this.missingParts = missingParts;
  }

  /** Why the indicator has no data at all (an unfilled checklist, no responses); empty when it has data. */
  get noData(): string[] {
    return noDataReasons(this.#plan, this.#raw);
  }

  /** Respondent counts and Wilson 95% intervals per part; null for checklist indicators. */
  get survey(): SurveyIndicatorStats | null {
    if (!this.#plan.isSurvey) return null;
    const parts = this.#plan.parts.map((p): SurveyPartStats => {
      const yes = partNumerator(p, this.#raw);
      const n = partDenominator(p, this.#raw);
      const w = wilsonInterval(yes, n);
      return { label: p.label, yes, n, interval: w && { lower: w.lower * 100, upper: w.upper * 100 } };
    });
    const respondents = this.#raw.survey.valid;
    return { respondents, belowMinimum: respondents < this.#o.minRespondents, parts };
  }

  get explanation(): Explanation {
    const plan = this.#plan;
    const f = plan.def.formula;
    const inputs: ExplanationInput[] = [];
    const applied: string[] = this.noData.map((r) => `нет данных: ${r} — показатель не рассчитывается (это не 0)`);
    if (f.kind === 'cappedCount') {
      inputs.push({ ...(plan.countInput as Template), value: this.#raw.checklists[f.checklist] ?? 0 });
    } else {
      plan.parts.forEach((p, i) => {
        inputs.push(
          { ...p.numerator, value: partNumerator(p, this.#raw) },
          { ...p.denominator, value: partDenominator(p, this.#raw) },
        );
        if (this.missingParts & (1 << i) && applied.length === 0) applied.push(p.missingNote[this.#o.zeroDenominator]);
      });
    }
    return {
      kind: 'indicator',
      id: this.id,
      title: plan.def.title,
      formula: plan.formula,
      inputs,
      policy: { zeroDenominator: this.#o.zeroDenominator, applied },
      rounding: this.#o.rounding,
      exact: this.exact,
      value: this.value,
    };
  }

  toJSON() {
    return {
      id: this.id,
      criterion: this.criterion,
      value: this.value,
      exact: this.exact,
      survey: this.survey,
      explanation: this.explanation,
    };
  }
}

/** One criterion of one organisation. */
export class CriterionResult {
  readonly id: string;
  /** Weighted mean of the indicators with data (weights rescaled to sum 1); null when none has data. */
  readonly value: number | null;
  readonly exact: number | null;
  readonly #plan: CriterionPlan;
  readonly #indicators: Readonly<Record<string, IndicatorResult>>;
  readonly #o: ResolvedOptions;

  constructor(
    plan: CriterionPlan,
    indicators: Readonly<Record<string, IndicatorResult>>,
    o: ResolvedOptions,
    exact: number | null,
    value: number | null,
  ) {
    this.#plan = plan;
    this.#indicators = indicators;
    this.#o = o;
    this.id = plan.def.id;
    this.exact = exact;
    this.value = value;
  }

  /** Weight of each indicator actually used: 0 for an indicator without data, the rest scaled to sum 1. */
  get weights(): Record<string, number> {
    const has = (id: string) => (this.#indicators[id]?.value ?? null) !== null;
    const sum = this.#plan.indicators.reduce((s, i) => s + (has(i.def.id) ? i.def.weight : 0), 0);
    const weights: Record<string, number> = {};
    for (const ind of this.#plan.indicators) weights[ind.def.id] = has(ind.def.id) ? ind.def.weight / sum : 0;
    return weights;
  }

  get explanation(): Explanation {
    const plan = this.#plan;
    const applied: string[] = [];
    const inputs = plan.indicators.map((ind, i): ExplanationInput => {
      const result = this.#indicators[ind.def.id];
      const value = result?.value ?? null;
      const noData = result?.noData ?? [];
      if (noData.length)
        applied.push(
          `показатель ${ind.def.id}: нет данных (${noData.join('; ')}) — критерий не рассчитывается, пока данные не собраны`,
        );
      else if (value === null) applied.push(plan.missingNotes[i] as string);
      return { ...(plan.inputs[i] as Template), value };
    });
    if (this.value === null && !plan.indicators.some((ind) => (this.#indicators[ind.def.id]?.noData ?? []).length))
      applied.push('ни по одному показателю критерия нет данных: критерий и итоговый балл не рассчитываются');
    return {
      kind: 'criterion',
      id: this.id,
      title: plan.def.title,
      formula: plan.formula,
      inputs,
      weights: this.weights,
      policy: { zeroDenominator: this.#o.zeroDenominator, applied },
      rounding: this.#o.rounding,
      exact: this.exact,
      value: this.value,
    };
  }

  toJSON() {
    return { id: this.id, value: this.value, exact: this.exact, weights: this.weights, explanation: this.explanation };
  }
}

export interface ScoredGroup {
  indicators: Record<string, IndicatorResult>;
  criteria: Record<string, CriterionResult>;
}

function materialise(
  criteria: readonly CriterionPlan[],
  data: readonly number[],
  raw: RawInputs,
  o: ResolvedOptions,
): ScoredGroup {
  const indicators: Record<string, IndicatorResult> = {};
  const out: Record<string, CriterionResult> = {};
  const n = data.length - CRIT * criteria.length;
  let i = 0;
  criteria.forEach((c, j) => {
    for (const ind of c.indicators) {
      indicators[ind.def.id] = new IndicatorResult(
        ind,
        raw,
        o,
        orNull(data[IND * i]),
        orNull(data[IND * i + 1]),
        data[IND * i + 2] ?? 0,
      );
      i++;
    }
    out[c.def.id] = new CriterionResult(c, indicators, o, orNull(data[n + CRIT * j]), orNull(data[n + CRIT * j + 1]));
  });
  return { indicators, criteria: out };
}

const countIndicators = (criteria: readonly CriterionPlan[]) => criteria.reduce((s, c) => s + c.indicators.length, 0);

/**
 * The score of one organisation. `total`, `band` and `rank` are plain fields; `indicators`, `criteria`
 * and `additional` are built on first access from the packed numbers.
 */
export class OrganisationScore {
  readonly id: string;
  readonly name: string;
  readonly type: RawInputs['type'];
  /** Mean of the federal criteria; null when a whole criterion has no data (possible only under reweight). */
  readonly total: number | null;
  readonly exactTotal: number | null;
  readonly band: string | null;
  /** Fewer valid survey responses than the minimum: survey indicators are "insufficient data" in public. */
  readonly belowMinimum: boolean;
  /** Standard competition rank within the run; null for a single score or a missing total. */
  rank: number | null = null;
  readonly #plan: Plan;
  readonly #extra: readonly CriterionPlan[];
  readonly #raw: RawInputs;
  readonly #o: ResolvedOptions;
  readonly #data: number[];
  readonly #extraData: number[] | null;
  #group: ScoredGroup | undefined;
  #additional: ScoredGroup | undefined;

  constructor(plan: Plan, extra: readonly CriterionPlan[], raw: RawInputs, o: ResolvedOptions) {
    this.#plan = plan;
    this.#extra = extra;
    this.#raw = raw;
    this.#o = o;
    this.id = raw.id;
    this.name = raw.name;
    this.type = raw.type;
    const data = scoreGroup(plan.criteria, plan.indicatorCount, raw, o);
    this.#data = data;
    const base = IND * plan.indicatorCount;
    let sum = 0;
    for (let j = 0; j < plan.criteria.length; j++) sum += data[base + CRIT * j + 1] as number;
    // NaN propagates: one criterion without data leaves the total without data.
    const exact = Number.isNaN(sum) ? null : clamp100(sum / plan.criteria.length);
    this.exactTotal = exact;
    this.total = exact !== null && o.rounding === 'operator' ? roundHalfUp(exact) : exact;
    this.band = bandFor(this.total, o.bands);
    this.#extraData = extra.length > 0 ? scoreGroup(extra, countIndicators(extra), raw, o) : null;
    this.belowMinimum = raw.survey.valid < o.minRespondents;
  }

  get indicators(): Record<string, IndicatorResult> {
    return this.#federal().indicators;
  }

  get criteria(): Record<string, CriterionResult> {
    return this.#federal().criteria;
  }

  /** Council criteria, scored separately; never part of `total`. */
  get additional(): ScoredGroup {
    if (!this.#additional) {
      this.#additional = this.#extraData
        ? materialise(this.#extra, this.#extraData, this.#raw, this.#o)
        : { indicators: {}, criteria: {} };
    }
    return this.#additional;
  }

  /** Value of a federal indicator (by position in the methodology) without building result objects. */
  indicatorValueAt(index: number): number | null {
    return orNull(this.#data[IND * index + 1]);
  }

  /** Value of a federal criterion (by position) without building result objects. */
  criterionValueAt(index: number): number | null {
    return orNull(this.#data[IND * this.#plan.indicatorCount + CRIT * index + 1]);
  }

  /** Target, received and adequacy of the sample; null when the number of recipients is unknown. */
  get sample(): SampleStatus | null {
    const r = this.#raw.recipients;
    return r === undefined ? null : sampleStatus(r, this.#raw.survey.valid, this.#o.sample);
  }

  get totalExplanation(): Explanation {
    const plan = this.#plan;
    const share = 1 / plan.criteria.length;
    const weights: Record<string, number> = {};
    const inputs = plan.criteria.map((c, j): ExplanationInput => {
      weights[c.def.id] = share;
      return { ...(plan.totalInputs[j] as Template), value: this.criterionValueAt(j) };
    });
    return {
      kind: 'total',
      id: 'Sn',
      title: 'Итоговый балл организации',
      formula: plan.totalFormula,
      inputs,
      weights,
      policy: {
        zeroDenominator: this.#o.zeroDenominator,
        applied:
          this.total === null
            ? ['по одному из критериев нет данных: итоговый балл не рассчитывается и в рейтинг не входит']
            : [],
      },
      rounding: this.#o.rounding,
      exact: this.exactTotal,
      value: this.total,
    };
  }

  #federal(): ScoredGroup {
    if (!this.#group) this.#group = materialise(this.#plan.criteria, this.#data, this.#raw, this.#o);
    return this.#group;
  }

  toJSON() {
    const { id, name, type, total, band, rank, belowMinimum } = this;
    return {
      id,
      name,
      type,
      total,
      band,
      rank,
      belowMinimum,
      indicators: this.indicators,
      criteria: this.criteria,
      additional: this.additional,
      sample: this.sample,
      totalExplanation: this.totalExplanation,
    };
  }
}

export interface ScoringRun {
  methodology: string;
  options: ResolvedOptions;
  organisations: OrganisationScore[];
  territory: TerritoryAggregate;
}

/** Scores one organisation (rank stays null). Inputs are assumed valid: see validateRawInputs. */
export function scoreOrganisation(
  raw: RawInputs,
  methodology: MethodologyVersion,
  options: ScoringOptions = {},
): OrganisationScore {
  const o = resolveOptions(methodology, options);
  return new OrganisationScore(
    compile(methodology),
    o.additionalCriteria.map((c) => compileCriterion(methodology, c)),
    raw,
    o,
  );
}

function territoryOf(scores: readonly OrganisationScore[], plan: Plan, o: ResolvedOptions): TerritoryAggregate {
  const total = new Mean();
  const indicators = plan.criteria.flatMap((c) => c.indicators).map(() => new Mean());
  const criteria = plan.criteria.map(() => new Mean());
  const extra = new Map<string, Mean>();
  for (const s of scores) {
    total.add(s.total);
    for (let i = 0; i < indicators.length; i++) (indicators[i] as Mean).add(s.indicatorValueAt(i));
    for (let j = 0; j < criteria.length; j++) (criteria[j] as Mean).add(s.criterionValueAt(j));
    if (o.additionalCriteria.length > 0) {
      for (const [id, c] of Object.entries(s.additional.criteria)) {
        let m = extra.get(id);
        if (!m) extra.set(id, (m = new Mean()));
        m.add(c.value);
      }
    }
  }
  const r = o.rounding;
  return {
    organisations: scores.length,
    withTotal: total.count,
    total: total.value(r),
    criteria: Object.fromEntries(plan.criteria.map((c, j) => [c.def.id, (criteria[j] as Mean).value(r)])),
    indicators: Object.fromEntries(
      plan.criteria.flatMap((c) => c.indicators).map((ind, i) => [ind.def.id, (indicators[i] as Mean).value(r)]),
    ),
    additionalCriteria: Object.fromEntries([...extra].map(([id, m]) => [id, m.value(r)])),
  };
}

/**
 * Scores a set of organisations (a campaign or a territory): validates every input (throwing one
 * InputError listing all problems), scores, ranks by total and aggregates the territory means.
 */
export function scoreOrganisations(
  raws: readonly RawInputs[],
  methodology: MethodologyVersion,
  options: ScoringOptions = {},
): ScoringRun {
  const o = resolveOptions(methodology, options);
  if (options.validate !== false) {
    const issues: InputIssue[] = [];
    for (const raw of raws) {
      const found = validateRawInputs(raw, methodology, o.additionalCriteria);
      for (const issue of found) issues.push(issue);
    }
    if (issues.length > 0) throw new InputError(issues);
  }
  const plan = compile(methodology);
  const extra = o.additionalCriteria.map((c) => compileCriterion(methodology, c));
  const organisations = raws.map((raw) => new OrganisationScore(plan, extra, raw, o));
  const ranks = rankTotals(
    organisations.map((s) => s.total),
    o.rounding,
  );
  organisations.forEach((s, i) => {
    s.rank = ranks[i] ?? null;
  });
  return { methodology: methodology.id, options: o, organisations, territory: territoryOf(organisations, plan, o) };
}
