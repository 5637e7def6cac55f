// The immutable record of a scoring run: everything a public page, an export or an auditor needs to
// show and re-check every number without the live data (format 2, decision 0053).
//
// Stored compactly: one array per organisation (no repeated keys), and nothing that follows
// deterministically from what is stored — the survey counts of each part (they are the stored inputs
// picked by the methodology's formula) and the explanations (rebuilt by explanationOf from the stored
// inputs with the pinned methodology version and policies; titles, formulas and labels are stored once as
// templates). Stored: inputs, every number (values and, where they differ, exact values), band, rank,
// sample, Wilson bounds of every survey part, the total's survey interval, checklist answers per item.
// `decodeSnapshot` turns the stored form into the `Snapshot` the pages and exports read.
import type { ResolvedOptions, ScoringRun } from '../methodology/engine';
import type { Explanation } from '../methodology/explain';
import type { RawInputs } from '../methodology/inputs';
import type { TerritoryAggregate } from '../methodology/territory';
import type { IndicatorDef, MethodologyVersion } from '../methodology/types';
import { bandFor } from '../methodology/bands';
import { scoreOrganisation } from '../methodology/engine';
import { requireMethodology } from '../methodology/registry';
import { wilsonInterval } from '../methodology/stats';
import type { CampaignPolicies } from '../campaigns/policies';
import type { ChecklistState, OrganisationMeta } from './sources.server';

export const SNAPSHOT_FORMAT = 'noko.results/2';

export type ExplanationTemplate = Pick<Explanation, 'kind' | 'id' | 'title' | 'formula'> & {
  inputs: { label: string; symbol: string }[];
};

/** Label of the part (from Snapshot.surveyLabels), "yes" answers, denominator, Wilson 95% bounds in points. */
export type SurveyPart = { label: string; yes: number; n: number; lower: number | null; upper: number | null };
type StoredPart = Omit<SurveyPart, 'label'>;

export type SnapshotIndicator = {
  value: number | null;
  /** Only when it differs from `value` (operator rounding). */
  exact?: number | null;
  /** Survey indicators only: parts without labels (see surveyParts). */
  survey?: { respondents: number; parts: StoredPart[] };
};

/** One organisation as the pages read it (decoded from the stored row). */
export type SnapshotOrganisation = {
  id: string;
  name: string;
  fullName: string;
  /** From the registry at scoring time; snapshots stored before it was kept get it from the registry on read. */
  inn: string | null;
  type: RawInputs['type'];
  territoryId: string;
  territoryName: string;
  inputs: RawInputs;
  /**
   * Checklist answers per checklist key as one character per item of the methodology's list (in list
   * order, for 1.1 the list of the organisation's type): y = yes, a = not applicable, - = no or none.
   */
  items: Record<string, string>;
  total: number | null;
  exactTotal: number | null;
  band: string | null;
  rank: number | null;
  respondents: number;
  belowMinimum: boolean;
  sample: { recipients: number; target: number; received: number; adequate: boolean } | null;
  criteria: Record<string, { value: number | null; exact?: number | null }>;
  indicators: Record<string, SnapshotIndicator>;
  /** Pooled survey share and its Wilson interval in points of the total (decision 0050); null without answers. */
  surveyInterval: { share: number; weight: number; lower: number; upper: number } | null;
};

type SnapshotHead = {
  campaign: { id: string; title: string; year: number; territoryId: string; territoryName: string };
  methodology: { id: string; title: string };
  policies: CampaignPolicies;
  options: Omit<ResolvedOptions, 'additionalCriteria'>;
  computedAt: string;
  criteria: {
    id: string;
    title: string;
    shortTitle: string;
    indicators: { id: string; title: string; weight: number; survey: boolean; checklist: string | null }[];
  }[];
  templates: Record<string, ExplanationTemplate>;
  /** Labels of the parts of each survey indicator (e.g. «стенды», «сайт»). */
  surveyLabels: Record<string, string[]>;
  territory: TerritoryAggregate;
  /** Mean per organisation type. */
  byType: Record<string, TerritoryAggregate>;
};

/** The decoded snapshot: what pages, exports and the API read. */
export type Snapshot = SnapshotHead & { format: string; organisations: SnapshotOrganisation[] };

/**
 * One organisation as stored: an array in the order of `StoredSnapshot.columns`.
 * inputs: numbers in the order of `inputKeys` (null = key absent); items: the six codes of CHECKLIST_KEYS
 * joined by «|»; criteria/indicators: values in the order of `criteria` (exacts: null when all equal the
 * values); bounds: lower, upper of every survey part, indicators in order (null when n = 0).
 */
export type StoredOrganisation = [
  id: string,
  name: string,
  fullName: string,
  type: RawInputs['type'],
  territory: number,
  inputs: (number | null)[],
  items: string,
  total: number | null,
  exactTotal: number | null,
  band: string | null,
  rank: number | null,
  belowMinimum: 0 | 1,
  sample: [recipients: number, target: number, received: number, adequate: 0 | 1] | null,
  criteria: (number | null)[],
  criteriaExact: (number | null)[] | null,
  indicators: (number | null)[],
  indicatorsExact: (number | null)[] | null,
  surveyInterval: [share: number, weight: number, lower: number, upper: number] | null,
  bounds: (number | null)[],
  inputName?: string | null,
  inn?: string | null,
];

export type StoredSnapshot = SnapshotHead & {
  format: typeof SNAPSHOT_FORMAT;
  /** Self-description of the row layout (documentation; decoding relies on the order). */
  columns: string[];
  /** Meaning of each number of a row's `inputs`. */
  inputKeys: string[];
  /** [id, name] of the municipalities; rows refer to them by index. */
  territories: [string, string][];
  organisations: StoredOrganisation[];
};

const COLUMNS = [
  'id',
  'name',
  'fullName',
  'type',
  'territory',
  'inputs',
  'items',
  'total',
  'exactTotal',
  'band',
  'rank',
  'belowMinimum',
  'sample',
  'criteria',
  'criteriaExact',
  'indicators',
  'indicatorsExact',
  'surveyInterval',
  'bounds',
  'inputName?',
  'inn?',
];

// Interval bounds are display quantities: six decimals of a point are plenty and halve their size.
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function template(e: Explanation): ExplanationTemplate {
  return {
    kind: e.kind,
    id: e.id,
    title: e.title,
    formula: e.formula,
    inputs: e.inputs.map(({ label, symbol }) => ({ label, symbol })),
  };
}

/** Numerator and denominator of every part of a share indicator, from the raw inputs (as the engine reads them). */
function partCounts(ind: IndicatorDef, raw: RawInputs): [number, number][] {
  const f = ind.formula;
  if (f.kind !== 'share') return [];
  return f.parts.map((p): [number, number] => {
    const s = p.source;
    if (s.kind === 'information') return [raw.information[s.channel].found, raw.information[s.channel].norm];
    const den = s.denominator === 'valid' ? raw.survey.valid : (raw.survey.yes[s.denominator.filter] ?? 0);
    return [raw.survey.yes[s.question] ?? 0, den];
  });
}

const isSurveyDef = (ind: IndicatorDef) =>
  ind.formula.kind === 'share' && ind.formula.parts.some((p) => p.source.kind === 'survey');

/** Stored value of an indicator, criterion or the total («Sn»): [value, exact]. */
function numbersOf(org: SnapshotOrganisation, id: string): [number | null, number | null] {
  if (id === 'Sn') return [org.total, org.exactTotal];
  const x = org.criteria[id] ?? org.indicators[id];
  if (!x) return [null, null];
  return [x.value, x.exact === undefined ? x.value : x.exact];
}

const rescored = new WeakMap<SnapshotOrganisation, ReturnType<typeof scoreOrganisation>>();

/**
 * The full explanation of one number of one organisation: titles, formulas and labels from the snapshot's
 * templates, the stored value and exact value, and the input values, weights and policy notes derived
 * from the stored inputs by the engine with the snapshot's methodology version and options (pure and
 * deterministic, so this is exactly the explanation of the scoring run).
 */
export function explanationOf(s: Snapshot, org: SnapshotOrganisation, id: string): Explanation | null {
  const t = s.templates[id];
  if (!t) return null;
  let score = rescored.get(org);
  if (!score) {
    const { minRespondents, zeroDenominator, rounding, sample, bands } = s.options;
    score = scoreOrganisation(org.inputs, requireMethodology(s.methodology.id), {
      minRespondents,
      zeroDenominator,
      rounding,
      sample,
      bands,
    });
    rescored.set(org, score);
  }
  const e = id === 'Sn' ? score.totalExplanation : (score.criteria[id] ?? score.indicators[id])?.explanation;
  if (!e) return null;
  const [value, exact] = numbersOf(org, id);
  return {
    kind: t.kind,
    id: t.id,
    title: t.title,
    formula: t.formula,
    inputs: t.inputs.map((i, k) => ({ ...i, value: e.inputs[k]?.value ?? null })),
    ...(e.weights ? { weights: e.weights } : {}),
    policy: { zeroDenominator: s.options.zeroDenominator, applied: e.policy.applied },
    rounding: s.options.rounding,
    exact,
    value,
  };
}

/** Survey parts of an indicator with their labels; empty for checklist indicators. */
export function surveyParts(s: Snapshot, org: SnapshotOrganisation, id: string): SurveyPart[] {
  const labels = s.surveyLabels[id] ?? [];
  return (org.indicators[id]?.survey?.parts ?? []).map((p, i) => ({ label: labels[i] ?? '', ...p }));
}

/** The methodology list behind a checklist key for an organisation type (1.1 lists differ by type). */
export function checklistItems(
  m: MethodologyVersion,
  type: RawInputs['type'],
  key: string,
): { id: string; label: string }[] {
  if (key === '1.1-stand' || key === '1.1-site')
    return m.informationItems.lists[type]?.[key === '1.1-stand' ? 'stand' : 'site'] ?? [];
  return m.checklists.find((c) => c.id === key)?.items ?? [];
}

export const CHECKLIST_KEYS = ['1.1-stand', '1.1-site', '1.2', '2.1', '3.1', '3.2'] as const;

/** «yes» and «not applicable» item ids of one checklist of an organisation, decoded from the snapshot. */
export function itemStates(s: Snapshot, org: SnapshotOrganisation, key: string): { yes: Set<string>; na: Set<string> } {
  const list = checklistItems(requireMethodology(s.methodology.id), org.type, key);
  const code = org.items[key] ?? '';
  const yes = new Set<string>();
  const na = new Set<string>();
  list.forEach((item, i) => {
    if (code[i] === 'y') yes.add(item.id);
    else if (code[i] === 'a') na.add(item.id);
  });
  return { yes, na };
}

function encodeItems(m: MethodologyVersion, type: RawInputs['type'], state: ChecklistState | undefined): string {
  return CHECKLIST_KEYS.map((key) => {
    const yes = state?.yes.get(key);
    const na = state?.na.get(key);
    const ys = yes?.length ? new Set(yes) : null;
    const ns = na?.length ? new Set(na) : null;
    return checklistItems(m, type, key)
      .map((i) => (ys?.has(i.id) ? 'y' : ns?.has(i.id) ? 'a' : '-'))
      .join('');
  }).join('|');
}

export type SnapshotContext = {
  campaign: Snapshot['campaign'];
  methodology: MethodologyVersion;
  policies: CampaignPolicies;
  meta: ReadonlyMap<string, OrganisationMeta>;
  /** Exactly what was scored, by organisation id. */
  inputs: ReadonlyMap<string, RawInputs>;
  checklists: ReadonlyMap<string, ChecklistState>;
  byType: Record<string, TerritoryAggregate>;
  computedAt: Date;
};

/** Keys of the inputs row: 1.1 counts, checklist counts, N, «yes» per question, recipients. */
function inputKeysOf(m: MethodologyVersion, raws: Iterable<RawInputs>): string[] {
  const questions = new Set<string>();
  for (const r of raws) for (const q in r.survey.yes) questions.add(q);
  const ordered = [
    ...m.questionnaire.questions.map((q) => q.id).filter((q) => questions.has(q)),
    ...[...questions].filter((q) => !m.questionnaire.questions.some((x) => x.id === q)).sort(),
  ];
  return [
    'information.stand.found',
    'information.stand.norm',
    'information.site.found',
    'information.site.norm',
    ...m.checklists.map((c) => `checklists.${c.id}`),
    'survey.valid',
    ...ordered.map((q) => `survey.yes.${q}`),
    'recipients',
    // 1 when the source was never filled in (RawInputs.noData); absent from snapshots made before.
    ...NO_DATA_SOURCES(m).map((k) => `noData.${k}`),
  ];
}

const NO_DATA_SOURCES = (m: MethodologyVersion) => [
  'information.stand',
  'information.site',
  ...m.checklists.map((c) => `checklists.${c.id}`),
];

/** The stored (compact) snapshot of a scoring run. */
export function buildSnapshot(run: ScoringRun, ctx: SnapshotContext): StoredSnapshot {
  const m = ctx.methodology;
  const surveyIndicators = new Set<string>();
  const criteria = m.criteria.map((c) => ({
    id: c.id,
    title: c.title,
    shortTitle: c.shortTitle,
    indicators: c.indicators.map((i) => {
      const f = i.formula;
      const survey = isSurveyDef(i);
      if (survey) surveyIndicators.add(i.id);
      return {
        id: i.id,
        title: i.title,
        weight: i.weight,
        survey,
        checklist:
          f.kind === 'cappedCount' ? f.checklist : f.parts.some((p) => p.source.kind === 'information') ? '1.1' : null,
      };
    }),
  }));
  const indicatorDefs = m.criteria.flatMap((c) => c.indicators);
  const surveyDefs = indicatorDefs.filter(isSurveyDef);
  const templates: Record<string, ExplanationTemplate> = {};
  const surveyLabels: Record<string, string[]> = {};
  for (const d of surveyDefs) if (d.formula.kind === 'share') surveyLabels[d.id] = d.formula.parts.map((p) => p.label);
  const inputKeys = inputKeysOf(m, ctx.inputs.values());
  const questionKeys = inputKeys.filter((k) => k.startsWith('survey.yes.')).map((k) => k.slice('survey.yes.'.length));
  const territories: [string, string][] = [];
  const territoryIndex = new Map<string, number>();
  const organisations = run.organisations.map((o): StoredOrganisation => {
    const meta = ctx.meta.get(o.id);
    const raw = ctx.inputs.get(o.id);
    if (!raw) throw new Error(`нет исходных данных организации ${o.id}`);
    // Templates are the same for every organisation: take them from the first one.
    if (!templates.Sn) {
      for (const [id, ind] of Object.entries(o.indicators)) templates[id] = template(ind.explanation);
      for (const [id, c] of Object.entries(o.criteria)) templates[id] = template(c.explanation);
      templates.Sn = template(o.totalExplanation);
    }
    const tid = meta?.territoryId ?? '';
    let ti = territoryIndex.get(tid);
    if (ti === undefined) {
      territoryIndex.set(tid, (ti = territories.length));
      territories.push([tid, meta?.territoryName ?? '']);
    }
    const inputs: (number | null)[] = [
      raw.information.stand.found,
      raw.information.stand.norm,
      raw.information.site.found,
      raw.information.site.norm,
      ...m.checklists.map((c) => raw.checklists[c.id] ?? null),
      raw.survey.valid,
      ...questionKeys.map((q) => raw.survey.yes[q] ?? null),
      raw.recipients ?? null,
      ...NO_DATA_SOURCES(m).map((k) => (raw.noData?.includes(k) ? 1 : null)),
    ];
    const indValues: (number | null)[] = [];
    let indExact: (number | null)[] | null = null;
    const bounds: (number | null)[] = [];
    let pooledYes = 0;
    let pooledN = 0;
    indicatorDefs.forEach((d, k) => {
      const ind = o.indicators[d.id];
      const value = ind?.value ?? null;
      const exact = ind ? ind.exact : null;
      indValues.push(value);
      if (exact !== value) (indExact ??= indValues.slice(0, k)).push(exact);
      else indExact?.push(exact);
      if (surveyIndicators.has(d.id)) {
        for (const [yes, n] of partCounts(d, raw)) {
          const w = wilsonInterval(yes, n);
          bounds.push(w ? round6(w.lower * 100) : null, w ? round6(w.upper * 100) : null);
          pooledYes += yes;
          pooledN += n;
        }
      }
    });
    const critValues: (number | null)[] = [];
    let critExact: (number | null)[] | null = null;
    // Share of the total carried by survey indicators under the weights actually used.
    let surveyWeight = 0;
    m.criteria.forEach((cd, k) => {
      const c = o.criteria[cd.id];
      const value = c?.value ?? null;
      const exact = c ? c.exact : null;
      critValues.push(value);
      if (exact !== value) (critExact ??= critValues.slice(0, k)).push(exact);
      else critExact?.push(exact);
      if (c)
        for (const [ind, w] of Object.entries(c.weights))
          if (surveyIndicators.has(ind)) surveyWeight += w / m.criteria.length;
    });
    let surveyInterval: StoredOrganisation[17] = null;
    const w = pooledN > 0 ? wilsonInterval(pooledYes, pooledN) : null;
    if (w && o.total !== null) {
      const share = pooledYes / pooledN;
      surveyInterval = [
        share * 100,
        surveyWeight,
        Math.max(0, o.total - surveyWeight * (share - w.lower) * 100),
        Math.min(100, o.total + surveyWeight * (w.upper - share) * 100),
      ];
    }
    const sample = o.sample;
    const name = meta?.shortName ?? o.name;
    const row: StoredOrganisation = [
      o.id,
      name,
      meta?.fullName ?? o.name,
      o.type,
      ti,
      inputs,
      encodeItems(m, o.type, ctx.checklists.get(o.id)),
      o.total,
      o.exactTotal === o.total ? null : o.exactTotal,
      o.band,
      o.rank,
      o.belowMinimum ? 1 : 0,
      sample ? [sample.recipients, sample.target, sample.received, sample.adequate ? 1 : 0] : null,
      critValues,
      critExact,
      indValues,
      indExact,
      surveyInterval,
      bounds,
    ];
    if (raw.name !== name || meta?.inn) row.push(raw.name !== name ? raw.name : null);
    if (meta?.inn) row.push(meta.inn);
    return row;
  });
  const { additionalCriteria: _extra, ...options } = run.options;
  return {
    format: SNAPSHOT_FORMAT,
    campaign: ctx.campaign,
    methodology: { id: m.id, title: m.title },
    policies: ctx.policies,
    options: { ...options, bands: [...options.bands] },
    computedAt: ctx.computedAt.toISOString(),
    criteria,
    templates,
    surveyLabels,
    territory: run.territory,
    byType: ctx.byType,
    columns: COLUMNS,
    inputKeys,
    territories,
    organisations,
  };
}

function decodeInputs(
  keys: readonly string[],
  values: readonly (number | null)[],
  id: string,
  name: string,
  type: RawInputs['type'],
): RawInputs {
  const stand = { found: 0, norm: 0 };
  const site = { found: 0, norm: 0 };
  const checklists: Record<string, number> = {};
  const yes: Record<string, number> = {};
  let valid = 0;
  let recipients: number | null = null;
  const noData: string[] = [];
  keys.forEach((k, i) => {
    const v = values[i] ?? null;
    if (v === null) return;
    if (k === 'recipients') recipients = v;
    else if (k.startsWith('noData.')) noData.push(k.slice(7));
    else if (k === 'survey.valid') valid = v;
    else if (k.startsWith('survey.yes.')) yes[k.slice(11)] = v;
    else if (k.startsWith('checklists.')) checklists[k.slice(11)] = v;
    else if (k === 'information.stand.found') stand.found = v;
    else if (k === 'information.stand.norm') stand.norm = v;
    else if (k === 'information.site.found') site.found = v;
    else if (k === 'information.site.norm') site.norm = v;
  });
  const raw: RawInputs = { id, name, type, information: { stand, site }, checklists, survey: { valid, yes } };
  if (recipients !== null) raw.recipients = recipients;
  if (noData.length) raw.noData = noData;
  return raw;
}

/** The snapshot the pages read, from its stored JSON (format 2; a format-1 snapshot is already in this shape). */
export function decodeSnapshot(stored: StoredSnapshot | Snapshot): Snapshot {
  if (stored.format !== SNAPSHOT_FORMAT) return stored as Snapshot;
  const s = stored as StoredSnapshot;
  const { columns: _c, inputKeys, territories, organisations, ...head } = s;
  const m = requireMethodology(s.methodology.id);
  const indicatorDefs = m.criteria.flatMap((c) => c.indicators);
  const survey = indicatorDefs.map(isSurveyDef);
  return {
    ...head,
    organisations: organisations.map((r): SnapshotOrganisation => {
      const [
        id,
        name,
        fullName,
        type,
        ti,
        inputValues,
        items,
        total,
        exactTotal,
        _storedBand,
        rank,
        belowMinimum,
        sample,
        crit,
        critExact,
        ind,
        indExact,
        si,
        bounds,
        inputName,
        inn,
      ] = r;
      const inputs = decodeInputs(inputKeys, inputValues, id, inputName ?? name, type);
      const codes = items.split('|');
      const criteria: SnapshotOrganisation['criteria'] = {};
      s.criteria.forEach((c, k) => {
        const value = crit[k] ?? null;
        const exact = critExact ? (critExact[k] ?? null) : value;
        criteria[c.id] = exact === value ? { value } : { value, exact };
      });
      const indicators: SnapshotOrganisation['indicators'] = {};
      let b = 0;
      indicatorDefs.forEach((d, k) => {
        const value = ind[k] ?? null;
        const exact = indExact ? (indExact[k] ?? null) : value;
        const entry: SnapshotIndicator = exact === value ? { value } : { value, exact };
        if (survey[k]) {
          entry.survey = {
            respondents: inputs.survey.valid,
            parts: partCounts(d, inputs).map(([yes, n]) => ({
              yes,
              n,
              lower: bounds[b++] ?? null,
              upper: bounds[b++] ?? null,
            })),
          };
        }
        indicators[d.id] = entry;
      });
      const [territoryId, territoryName] = territories[ti] ?? ['', ''];
      return {
        id,
        name,
        fullName,
        inn: inn ?? null,
        type,
        territoryId,
        territoryName,
        inputs,
        items: Object.fromEntries(CHECKLIST_KEYS.map((key, k) => [key, codes[k] ?? ''])),
        // The band follows from the shown total by the one rule (decision 0023), also for snapshots stored
        // before that rule, so a page never prints a band that its own printed rule contradicts.
        total,
        exactTotal: exactTotal ?? total,
        band: bandFor(total, s.options.bands),
        rank,
        respondents: inputs.survey.valid,
        belowMinimum: belowMinimum === 1,
        sample: sample
          ? { recipients: sample[0], target: sample[1], received: sample[2], adequate: sample[3] === 1 }
          : null,
        criteria,
        indicators,
        surveyInterval: si ? { share: si[0], weight: si[1], lower: si[2], upper: si[3] } : null,
      };
    }),
  };
}

/** Parses and decodes a stored snapshot (text column; jsonb rows of older databases arrive parsed). */
export function parseSnapshot(stored: unknown): Snapshot {
  return decodeSnapshot((typeof stored === 'string' ? JSON.parse(stored) : stored) as StoredSnapshot);
}
